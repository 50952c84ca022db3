namespace Ensemble.Core.Calibration;

/// <summary>Scores predicted distributions against labels: see <see cref="CalibrationReport"/>.</summary>
public static class CalibrationMetrics
{
    /// <summary>The bin count of the expected calibration error, as Guo et al. (2017) and uncertainty-baselines use.</summary>
    public const int DefaultBins = 15;

    // A probability of exactly 0 for the label costs a large finite loss, as in the tuning scorer.
    private const double Floor = 1e-15;

    /// <param name="probabilities">rows × classes, row-major, each row summing to 1.</param>
    public static CalibrationReport Measure(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> labels, int classes, int bins = DefaultBins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var rows = labels.Length;
        if (rows == 0 || probabilities.Length != rows * classes)
        {
            throw new ArgumentException($"{probabilities.Length} probabilities do not make {rows} non-empty rows of {classes} classes.", nameof(probabilities));
        }

        var counts = new int[bins];
        var confidence = new double[bins];
        var correctIn = new int[bins];
        double logLoss = 0, brier = 0;
        var correct = 0;
        for (var r = 0; r < rows; r++)
        {
            var row = probabilities.Slice(r * classes, classes);
            var label = labels[r];
            if ((uint)label >= (uint)classes)
            {
                throw new ArgumentException($"Label {label} of row {r} is not a class from 0 to {classes - 1}.", nameof(labels));
            }

            var top = TensorPrimitives.IndexOfMax(row);
            var hit = top == label;
            correct += hit ? 1 : 0;
            logLoss -= Math.Log(Math.Max(row[label], Floor));
            for (var k = 0; k < classes; k++)
            {
                var difference = row[k] - (k == label ? 1.0 : 0.0);
                brier += difference * difference;
            }

            // Bin b holds confidences in (b/B, (b+1)/B]; a confidence is never 0 (it is at least 1/K).
            var bin = Math.Clamp((int)Math.Ceiling(row[top] * bins) - 1, 0, bins - 1);
            counts[bin]++;
            confidence[bin] += row[top];
            correctIn[bin] += hit ? 1 : 0;
        }

        var ece = 0.0;
        var reliability = new ReliabilityBin[bins];
        for (var b = 0; b < bins; b++)
        {
            var n = counts[b];
            var meanConfidence = n == 0 ? 0 : confidence[b] / n;
            var accuracy = n == 0 ? 0 : (double)correctIn[b] / n;
            ece += (double)n / rows * Math.Abs(accuracy - meanConfidence);
            reliability[b] = new ReliabilityBin((double)b / bins, (double)(b + 1) / bins, n, meanConfidence, accuracy);
        }

        return new CalibrationReport(rows, (double)correct / rows, logLoss / rows, brier / rows, ece, reliability);
    }
}
