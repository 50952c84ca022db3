namespace Ensemble.Core.Scoring;

/// <summary>
/// Scores weight vectors on a <see cref="ProbabilityTable"/> without running any model: the mixed label
/// probability and the mixed largest other class, vectorized over rows. Reuses its buffers; one instance per thread.
/// </summary>
public sealed class MixtureScorer(ProbabilityTable table)
{
    // Probabilities are clamped before the log so a member that gave the label exactly 0 costs a large finite loss.
    private const float Floor = 1e-15f;

    private readonly float[] _label = new float[table.Rows];
    private readonly float[] _other = new float[table.Rows];
    private readonly float[] _mixed = new float[table.Rows];

    public ProbabilityTable Table { get; } = table;

    /// <param name="weights">One non-negative weight per member, summing to 1.</param>
    public Score Evaluate(ReadOnlySpan<float> weights)
    {
        var members = Table.Members.Count;
        if (weights.Length != members)
        {
            throw new ArgumentException($"{weights.Length} weights for {members} members.", nameof(weights));
        }

        Mix(weights, label: true, 0, _label);
        _other.AsSpan().Clear();
        for (var c = 0; c < Table.Classes; c++)
        {
            Mix(weights, label: false, c, _mixed);
            TensorPrimitives.Max(_other, _mixed, _other);
        }

        var correct = 0;
        for (var r = 0; r < _label.Length; r++)
        {
            correct += _label[r] > _other[r] ? 1 : 0;
        }

        TensorPrimitives.Max(_label, Floor, _mixed);
        TensorPrimitives.Log(_mixed, _mixed);
        var logLoss = -TensorPrimitives.Sum(_mixed) / Table.Rows;
        return new Score((double)correct / Table.Rows, logLoss);
    }

    // destination = Σ_m weights[m] · (member m's label probabilities, or its class-c column).
    private void Mix(ReadOnlySpan<float> weights, bool label, int c, Span<float> destination)
    {
        TensorPrimitives.Multiply(Column(0, label, c), weights[0], destination);
        for (var m = 1; m < weights.Length; m++)
        {
            if (weights[m] != 0f)
            {
                TensorPrimitives.MultiplyAdd(Column(m, label, c), weights[m], destination, destination);
            }
        }
    }

    private ReadOnlySpan<float> Column(int member, bool label, int c) =>
        label ? Table.LabelProbability(member) : Table.OtherClass(member, c);
}
