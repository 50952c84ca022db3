namespace Ensemble.Core.Scoring;

/// <summary>
/// Every member's class probabilities on a set of labelled rows, stored class-major ([member][class][row]) so that
/// scoring a weight vector is a few vector passes over rows. The label's own probability is kept apart, and zeroed
/// in the class rows, so that "correct" is simply: the mixed label probability beats the largest other class.
/// </summary>
public sealed class ProbabilityTable
{
    private readonly float[][] _others;
    private readonly float[][] _label;

    /// <param name="probabilities">Per member, rows × classes probabilities, row-major (as models return them).</param>
    /// <param name="labels">Each row's class, 0 to classes − 1.</param>
    public ProbabilityTable(IReadOnlyList<string> members, IReadOnlyList<float[]> probabilities, int[] labels, int classes)
    {
        if (members.Count == 0 || members.Count != probabilities.Count)
        {
            throw new ArgumentException("Give one probability block per member, and at least one member.");
        }

        if (classes < 2 || labels.Any(l => (uint)l >= (uint)classes))
        {
            throw new ArgumentException($"Labels must be classes 0 to {classes - 1}, of at least two.");
        }

        Members = members;
        Labels = labels;
        Classes = classes;
        Rows = labels.Length;
        _others = new float[members.Count][];
        _label = new float[members.Count][];
        for (var m = 0; m < members.Count; m++)
        {
            var p = probabilities[m];
            if (p.Length != Rows * Classes)
            {
                throw new ArgumentException($"Member {members[m]} has {p.Length} probabilities; {Rows} rows need {Rows * Classes}.");
            }

            var others = _others[m] = new float[Classes * Rows];
            var label = _label[m] = new float[Rows];
            for (var r = 0; r < Rows; r++)
            {
                for (var c = 0; c < Classes; c++)
                {
                    var value = p[r * Classes + c];
                    if (c == labels[r])
                    {
                        label[r] = value;
                    }
                    else
                    {
                        others[c * Rows + r] = value;
                    }
                }
            }
        }
    }

    // A view over some members' blocks, shared with the table they come from (blocks are never written).
    private ProbabilityTable(IReadOnlyList<string> members, float[][] others, float[][] label, int[] labels, int classes)
    {
        (Members, _others, _label, Labels, Classes, Rows) = (members, others, label, labels, classes, labels.Length);
    }

    public IReadOnlyList<string> Members { get; }

    public int[] Labels { get; }

    public int Classes { get; }

    public int Rows { get; }

    /// <summary>Member m's probability of the true label, per row.</summary>
    public ReadOnlySpan<float> LabelProbability(int member) => _label[member];

    /// <summary>Member m's probabilities of class c, per row, with 0 where c is the row's label.</summary>
    public ReadOnlySpan<float> OtherClass(int member, int c) => _others[member].AsSpan(c * Rows, Rows);

    /// <summary>Member m's probabilities, rows × classes, row-major, as the model gave them.</summary>
    public float[] MemberProbabilities(int member)
    {
        var block = new float[Rows * Classes];
        for (var r = 0; r < Rows; r++)
        {
            for (var c = 0; c < Classes; c++)
            {
                block[r * Classes + c] = c == Labels[r] ? _label[member][r] : _others[member][c * Rows + r];
            }
        }

        return block;
    }

    /// <summary>The weighted mixture Σ w_m p_m, rows × classes, row-major.</summary>
    public float[] Mix(ReadOnlySpan<float> weights)
    {
        if (weights.Length != Members.Count)
        {
            throw new ArgumentException($"{weights.Length} weights for {Members.Count} members.", nameof(weights));
        }

        var mixture = new float[Rows * Classes];
        for (var m = 0; m < Members.Count; m++)
        {
            if (weights[m] != 0f)
            {
                TensorPrimitives.MultiplyAdd(MemberProbabilities(m), weights[m], mixture, mixture);
            }
        }

        return mixture;
    }

    /// <summary>The same rows with member m's probabilities scaled by temperature m.</summary>
    public ProbabilityTable Tempered(IReadOnlyList<float> temperatures)
    {
        if (temperatures.Count != Members.Count)
        {
            throw new ArgumentException($"{temperatures.Count} temperatures for {Members.Count} members.", nameof(temperatures));
        }

        var blocks = new float[Members.Count][];
        for (var m = 0; m < Members.Count; m++)
        {
            var block = MemberProbabilities(m);
            Calibration.TemperatureScaling.Apply(block, Classes, temperatures[m], block);
            blocks[m] = block;
        }

        return new ProbabilityTable(Members, blocks, Labels, Classes);
    }

    /// <summary>The same rows for only the members at <paramref name="members"/> (indices), in that order; shares their blocks.</summary>
    public ProbabilityTable SelectMembers(IReadOnlyList<int> members) =>
        members.Count == 0 ? throw new ArgumentException("Select at least one member.", nameof(members))
        : new ProbabilityTable([.. members.Select(m => Members[m])], [.. members.Select(m => _others[m])], [.. members.Select(m => _label[m])], Labels, Classes);

    /// <summary>The rows at <paramref name="indices"/>, as a table of their own (a fold, a holdout).</summary>
    public ProbabilityTable Select(ReadOnlySpan<int> indices)
    {
        var labels = new int[indices.Length];
        var blocks = new float[Members.Count][];
        for (var m = 0; m < Members.Count; m++)
        {
            blocks[m] = new float[indices.Length * Classes];
        }

        for (var i = 0; i < indices.Length; i++)
        {
            var r = indices[i];
            labels[i] = Labels[r];
            for (var m = 0; m < Members.Count; m++)
            {
                for (var c = 0; c < Classes; c++)
                {
                    blocks[m][i * Classes + c] = c == Labels[r] ? _label[m][r] : _others[m][c * Rows + r];
                }
            }
        }

        return new ProbabilityTable(Members, blocks, labels, Classes);
    }
}
