namespace Ensemble.Core.Calibration;

/// <summary>
/// Selective prediction: the ensemble abstains below a confidence threshold (its largest probability). The curve
/// trades the share of inputs answered against the accuracy on them; a threshold is chosen from a target for either.
/// </summary>
public static class RiskCoverage
{
    /// <summary>
    /// One point per distinct confidence, from the most confident alone to every row: the threshold, the share of
    /// rows at or above it and their accuracy. At most <paramref name="maxPoints"/> points, evenly spread over the rows.
    /// </summary>
    public static IReadOnlyList<CoveragePoint> Curve(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> labels, int classes, int maxPoints = 200)
    {
        var rows = labels.Length;
        if (rows == 0 || probabilities.Length != rows * classes)
        {
            throw new ArgumentException($"{probabilities.Length} probabilities do not make {rows} non-empty rows of {classes} classes.", nameof(probabilities));
        }

        var ranked = new (float Confidence, bool Correct)[rows];
        for (var r = 0; r < rows; r++)
        {
            var row = probabilities.Slice(r * classes, classes);
            var top = TensorPrimitives.IndexOfMax(row);
            ranked[r] = (row[top], top == labels[r]);
        }

        Array.Sort(ranked, (a, b) => b.Confidence.CompareTo(a.Confidence));
        var step = Math.Max(1, rows / Math.Max(1, maxPoints));
        var points = new List<CoveragePoint>();
        var correct = 0;
        for (var i = 0; i < rows; i++)
        {
            correct += ranked[i].Correct ? 1 : 0;
            // A threshold answers every row of its confidence, so a point stands only where the confidence changes.
            var lastOfItsConfidence = i == rows - 1 || ranked[i + 1].Confidence != ranked[i].Confidence;
            if (lastOfItsConfidence && ((i + 1) % step == 0 || i == rows - 1 || points.Count == 0))
            {
                points.Add(new CoveragePoint(ranked[i].Confidence, (double)(i + 1) / rows, (double)correct / (i + 1)));
            }
        }

        return points;
    }

    /// <summary>The share of rows a threshold answers (confidence at or above it) and their accuracy; 1 where it answers none.</summary>
    public static CoveragePoint At(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> labels, int classes, double threshold)
    {
        int answered = 0, correct = 0;
        for (var r = 0; r < labels.Length; r++)
        {
            var row = probabilities.Slice(r * classes, classes);
            var top = TensorPrimitives.IndexOfMax(row);
            if (row[top] >= threshold)
            {
                answered++;
                correct += top == labels[r] ? 1 : 0;
            }
        }

        return new CoveragePoint(threshold, (double)answered / labels.Length, answered == 0 ? 1 : (double)correct / answered);
    }

    /// <summary>The lowest threshold whose answered rows reach <paramref name="accuracy"/> (so the most coverage), or null when none does.</summary>
    public static CoveragePoint? ForAccuracy(IReadOnlyList<CoveragePoint> curve, double accuracy) =>
        curve.LastOrDefault(p => p.Accuracy >= accuracy);

    /// <summary>The highest threshold that still answers at least <paramref name="coverage"/> of the rows.</summary>
    public static CoveragePoint ForCoverage(IReadOnlyList<CoveragePoint> curve, double coverage) =>
        curve.FirstOrDefault(p => p.Coverage >= coverage) ?? curve[^1];
}
