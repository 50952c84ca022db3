using Ensemble.Core.Tuning;
using Ensemble.Training.Tensors;

namespace Ensemble.Core.Tests.Tuning;

/// <summary>Tables for the tuning tests: hand-written ones, and random members of graded quality.</summary>
public static class TableFactory
{
    /// <summary>Each row is (label, per member: (class, probability) pairs; the rest of the mass spread evenly).</summary>
    public static ProbabilityTable Hand(byte[] labels, params (int Class, float P)[][][] members)
    {
        var blocks = members.Select(rows =>
        {
            var block = new float[labels.Length * 10];
            for (var r = 0; r < labels.Length; r++)
            {
                foreach (var (c, p) in rows[r])
                {
                    block[r * 10 + c] = p;
                }
            }

            return block;
        }).ToList();
        return new ProbabilityTable([.. Enumerable.Range(0, members.Length).Select(i => $"m{i}")], blocks, [.. labels.Select(l => (int)l)], classes: 10);
    }

    /// <summary>Members that put more mass on the truth the higher their skill, with noise; softmax rows.</summary>
    public static ProbabilityTable Random(int rows, double[] skills, int seed)
    {
        var random = new SplitMix64((ulong)seed);
        var labels = new byte[rows];
        for (var r = 0; r < rows; r++)
        {
            labels[r] = (byte)random.NextInt(10);
        }

        var blocks = skills.Select(skill =>
        {
            var block = new float[rows * 10];
            var logits = new float[10];
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < 10; c++)
                {
                    logits[c] = random.NextGaussian() * 1.5f + (c == labels[r] ? (float)skill : 0f);
                }

                TensorPrimitives.SoftMax(logits, block.AsSpan(r * 10, 10));
            }

            return block;
        }).ToList();
        return new ProbabilityTable([.. skills.Select((_, i) => $"m{i}")], blocks, [.. labels.Select(l => (int)l)], classes: 10);
    }
}
