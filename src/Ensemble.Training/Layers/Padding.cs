namespace Ensemble.Training.Layers;

/// <summary>
/// Zero padding of a convolution. Same pads k/2 on every side (as PyTorch's padding=k//2), which keeps the
/// size at stride 1 and gives ceil(n/stride) outputs for odd kernels; Valid pads nothing.
/// </summary>
public enum Padding
{
    Same,
    Valid,
}
