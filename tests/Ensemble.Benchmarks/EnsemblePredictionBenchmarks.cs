using BenchmarkDotNet.Attributes;
using Ensemble.Core.Ensembling;

namespace Ensemble.Benchmarks;

/// <summary>In-process ensemble prediction (every member through ONNX Runtime, then the combiner) at batch 1 and 64.</summary>
[MemoryDiagnoser]
public class EnsemblePredictionBenchmarks
{
    private ServingFixture _app = null!;
    private EnsemblePredictor _predictor = null!;
    private EnsembleSpec _uniform = null!;
    private float[] _pixels = [];

    [Params(1, 64)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _app = new ServingFixture();
        _predictor = _app.Predictor;
        _uniform = _app.Uniform;
        var (batch, _) = BenchmarkData.Batch(Batch);
        _pixels = batch.Span.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _app.Dispose();

    [Benchmark]
    public Task<EnsemblePrediction> Predict() => _predictor.PredictAsync(_uniform, _pixels, Batch);
}
