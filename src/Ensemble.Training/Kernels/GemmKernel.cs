namespace Ensemble.Training.Kernels;

/// <summary>Which micro-kernel <see cref="Gemm"/> runs; tests pin one to cover every path.</summary>
public enum GemmKernel
{
    Auto,
    Vector512,
    Vector256,
    Scalar,
}
