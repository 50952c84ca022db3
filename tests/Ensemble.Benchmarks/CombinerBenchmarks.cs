using BenchmarkDotNet.Attributes;
using Ensemble.Core.Ensembling;

namespace Ensemble.Benchmarks;

/// <summary>The weighted average alone: members × (batch × 10) probabilities into one block. Must allocate nothing.</summary>
[MemoryDiagnoser]
public class CombinerBenchmarks
{
    private float[] _members = [];
    private float[] _weights = [];
    private float[] _destination = [];

    [Params(1, 64)]
    public int Batch { get; set; }

    [Params(2, 5)]
    public int Members { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _members = [.. Enumerable.Range(0, Members * Batch * 10).Select(_ => random.NextSingle())];
        _weights = Combiner.Normalize([.. Enumerable.Range(1, Members).Select(i => (double)i)]);
        _destination = new float[Batch * 10];
    }

    [Benchmark]
    public void WeightedAverage() => Combiner.WeightedAverage(_members, _weights, _destination);
}
