using Ensemble.Core.Scoring;
using Ensemble.Training.Tensors;

namespace Ensemble.Core.Tests.Scoring;

/// <summary>Tables for the tuning tests: hand-written ones, and random members of graded quality.</summary>
public static class TableFactory
{
    /// <summary>
    /// Skills of four strong members and four a little weaker, as the committed task's older nets beside its strong
    /// ones: the log-loss optimum all but drops the weaker four.
    /// </summary>
    public static readonly double[] FourStrongFourWeaker = [2.5, 2.4, 2.3, 2.2, 1.9, 1.8, 1.7, 1.6];

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

    /// <summary>
    /// Members that see the truth's logits through their own noise and report them <paramref name="sharpening"/>
    /// times too sharp: labels are drawn from softmax(z), member m says softmax(s_m · (z + noise)).
    /// </summary>
    public static ProbabilityTable Overconfident(int rows, float[] sharpening, int seed)
    {
        var random = new SplitMix64((ulong)seed);
        var truth = new float[rows * 10];
        var labels = new int[rows];
        var distribution = new float[10];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < 10; c++)
            {
                truth[r * 10 + c] = 2f * random.NextGaussian();
            }

            TensorPrimitives.SoftMax(truth.AsSpan(r * 10, 10), distribution);
            var u = random.NextSingle();
            var label = 0;
            for (var cumulative = distribution[0]; label < 9 && u >= cumulative; cumulative += distribution[++label])
            {
            }

            labels[r] = label;
        }

        var blocks = sharpening.Select(s =>
        {
            var block = new float[rows * 10];
            var logits = new float[10];
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < 10; c++)
                {
                    logits[c] = s * (truth[r * 10 + c] + 0.5f * random.NextGaussian());
                }

                TensorPrimitives.SoftMax(logits, block.AsSpan(r * 10, 10));
            }

            return block;
        }).ToList();
        return new ProbabilityTable([.. sharpening.Select((_, i) => $"m{i}")], blocks, labels, classes: 10);
    }

    /// <summary><paramref name="table"/> with the rows at <paramref name="indices"/> taken from <paramref name="other"/> instead.</summary>
    public static ProbabilityTable Spliced(ProbabilityTable table, ProbabilityTable other, int[] indices)
    {
        var blocks = Enumerable.Range(0, table.Members.Count).Select(table.MemberProbabilities).ToList();
        var labels = (int[])table.Labels.Clone();
        foreach (var r in indices)
        {
            labels[r] = other.Labels[r];
            for (var m = 0; m < blocks.Count; m++)
            {
                other.MemberProbabilities(m).AsSpan(r * 10, 10).CopyTo(blocks[m].AsSpan(r * 10, 10));
            }
        }

        return new ProbabilityTable(table.Members, blocks, labels, table.Classes);
    }
}
