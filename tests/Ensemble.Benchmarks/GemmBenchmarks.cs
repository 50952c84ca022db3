using BenchmarkDotNet.Attributes;
using Ensemble.Training.Kernels;

namespace Ensemble.Benchmarks;

/// <summary>The GEMM of the residual net's widest convolution (128 filters × 1152 patch rows × 490 columns) per micro-kernel.</summary>
public class GemmBenchmarks
{
    private const int M = 128, N = 490, K = 1152;
    private readonly float[] _a = new float[M * K];
    private readonly float[] _b = new float[K * N];
    private readonly float[] _c = new float[M * N];

    [Params(GemmKernel.Vector512, GemmKernel.Vector256)]
    public GemmKernel Kernel { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (var i = 0; i < _a.Length; i++)
        {
            _a[i] = random.NextSingle();
        }

        for (var i = 0; i < _b.Length; i++)
        {
            _b[i] = random.NextSingle();
        }
    }

    /// <summary>GFLOP/s = 2·M·N·K / mean.</summary>
    [Benchmark]
    public void Multiply() => Gemm.Multiply(M, N, K, _a, K, 1, _b, N, 1, _c, N, accumulate: false, Kernel);
}
