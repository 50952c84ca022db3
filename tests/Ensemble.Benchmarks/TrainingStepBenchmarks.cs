using BenchmarkDotNet.Attributes;
using Ensemble.Training.Networks;
using Ensemble.Training.Optimizers;
using Ensemble.Training.Tensors;

namespace Ensemble.Benchmarks;

/// <summary>One optimizer step (forward, loss, backward, RMSprop) on a batch of 128: images/s = 128 / mean.</summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private const int BatchSize = 128;
    private Network _network = null!;
    private Optimizer _optimizer = null!;
    private SoftmaxCrossEntropy _loss = null!;
    private Tensor _batch = null!;
    private int[] _labels = null!;

    [Params("residual", "separable")]
    public string Architecture { get; set; } = "residual";

    [GlobalSetup]
    public void Setup()
    {
        _network = BenchmarkData.Network(Architecture);
        _optimizer = new RmsProp(_network.Parameters, 0f);
        _loss = new SoftmaxCrossEntropy();
        (_batch, _labels) = BenchmarkData.Batch(BatchSize);
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "train step, per image")]
    public void TrainStep()
    {
        var logits = _network.Forward(_batch, training: true);
        _loss.Compute(logits, _labels, out var gradient);
        _network.Backward(gradient);
        _optimizer.Step(1e-3f);
    }
}
