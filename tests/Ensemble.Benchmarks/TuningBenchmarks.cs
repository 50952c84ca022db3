using BenchmarkDotNet.Attributes;
using Ensemble.Core.Scoring;
using Ensemble.Core.Tuning;
using Ensemble.Training.Tensors;

namespace Ensemble.Benchmarks;

/// <summary>Random-search trials on 5,000 validation rows × 2 members: trials/s = 1 / mean.</summary>
[MemoryDiagnoser]
public class TuningBenchmarks
{
    private MixtureScorer _scorer = null!;
    private DirichletSampler _sampler = null!;
    private readonly float[] _weights = new float[2];

    [GlobalSetup]
    public void Setup()
    {
        var random = new SplitMix64(1);
        var labels = new byte[5_000];
        var blocks = new List<float[]> { new float[50_000], new float[50_000] };
        for (var r = 0; r < labels.Length; r++)
        {
            labels[r] = (byte)random.NextInt(10);
            foreach (var block in blocks)
            {
                var row = block.AsSpan(r * 10, 10);
                for (var c = 0; c < 10; c++)
                {
                    row[c] = random.NextSingle() + (c == labels[r] ? 2f : 0f);
                }

                TensorPrimitives.Divide(row, TensorPrimitives.Sum(row), row);
            }
        }

        _scorer = new MixtureScorer(new ProbabilityTable(["a", "b"], blocks, [.. labels.Select(l => (int)l)], classes: 10));
        _sampler = new DirichletSampler(1.0, seed: 1);
    }

    [Benchmark(Description = "random-search trial (sample + score)")]
    public Score Trial()
    {
        _sampler.Sample(_weights);
        return _scorer.Evaluate(_weights);
    }
}
