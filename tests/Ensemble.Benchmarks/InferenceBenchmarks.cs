using BenchmarkDotNet.Attributes;
using Ensemble.Training.Networks;
using Ensemble.Training.Tensors;

namespace Ensemble.Benchmarks;

/// <summary>Inference-mode forward passes at batch 128 and batch 1; the mean is per image.</summary>
[MemoryDiagnoser]
public class InferenceBenchmarks
{
    private Network _network = null!;
    private Tensor _batch = null!;
    private Tensor _single = null!;

    [Params("residual", "separable")]
    public string Architecture { get; set; } = "residual";

    [GlobalSetup]
    public void Setup()
    {
        _network = BenchmarkData.Network(Architecture);
        (_batch, _) = BenchmarkData.Batch(128);
        (_single, _) = BenchmarkData.Batch(1);
    }

    [Benchmark(OperationsPerInvoke = 128, Description = "inference batch 128, per image")]
    public Tensor Batch128() => _network.Predict(_batch);

    [Benchmark(Description = "inference batch 1")]
    public Tensor Batch1() => _network.Predict(_single);
}
