namespace Ensemble.Core.Adapters;

/// <summary>How a member lays out the task's input: channels first, channels last, or one flat vector per row.</summary>
public enum InputLayout
{
    Nchw,
    Nhwc,
    Flat,
}
