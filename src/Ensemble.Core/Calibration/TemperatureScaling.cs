namespace Ensemble.Core.Calibration;

/// <summary>
/// Temperature scaling (Guo et al. 2017): a distribution p becomes softmax(log p / T), which keeps its arg-max and
/// sharpens it below T = 1 or softens it above. The temperature is the one that minimizes the mean negative
/// log-likelihood of the labels; that loss is convex in 1/T, so safeguarded Newton steps find it exactly.
/// </summary>
public static class TemperatureScaling
{
    public const float MinTemperature = 0.05f;
    public const float MaxTemperature = 20f;

    // Where a probability is exactly 0 its log is taken at this floor, so every row stays finite.
    private const float LogFloor = 1e-30f;

    /// <summary>Writes softmax(log p / T) of every row of <paramref name="probabilities"/> into <paramref name="destination"/>.</summary>
    public static void Apply(ReadOnlySpan<float> probabilities, int classes, float temperature, Span<float> destination)
    {
        if (!(temperature > 0f) || float.IsInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "A temperature is a positive number.");
        }

        if (temperature == 1f)
        {
            probabilities.CopyTo(destination);
            return;
        }

        var inverse = 1f / temperature;
        for (var start = 0; start < probabilities.Length; start += classes)
        {
            var target = destination.Slice(start, classes);
            TensorPrimitives.Max(probabilities.Slice(start, classes), LogFloor, target);
            TensorPrimitives.Log(target, target);
            TensorPrimitives.Multiply(target, inverse, target);
            TensorPrimitives.SoftMax(target, target);
        }
    }

    /// <summary>The temperature, within [<see cref="MinTemperature"/>, <see cref="MaxTemperature"/>], that minimizes the labels' mean negative log-likelihood.</summary>
    public static float Fit(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> labels, int classes)
    {
        var rows = labels.Length;
        if (rows == 0 || probabilities.Length != rows * classes)
        {
            throw new ArgumentException($"{probabilities.Length} probabilities do not make {rows} non-empty rows of {classes} classes.", nameof(probabilities));
        }

        var logs = new double[probabilities.Length];
        for (var i = 0; i < logs.Length; i++)
        {
            logs[i] = Math.Log(Math.Max(probabilities[i], LogFloor));
        }

        // Newton on β = 1/T, kept inside a bracket that shrinks with the gradient's sign.
        double low = 1 / MaxTemperature, high = 1 / MinTemperature, beta = 1;
        for (var iteration = 0; iteration < 100; iteration++)
        {
            var (gradient, curvature) = Derivatives(logs, labels, classes, beta);
            if (Math.Abs(gradient) < 1e-9)
            {
                break;
            }

            if (gradient > 0)
            {
                high = beta;
            }
            else
            {
                low = beta;
            }

            var next = curvature > 0 ? beta - gradient / curvature : double.NaN;
            beta = next > low && next < high ? next : (low + high) / 2;
            if (high - low < 1e-9 * high)
            {
                break;
            }
        }

        return (float)Math.Clamp(1 / beta, MinTemperature, MaxTemperature);
    }

    /// <summary>The mean negative log-likelihood of the labels after scaling by <paramref name="temperature"/>.</summary>
    public static double LogLoss(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> labels, int classes, float temperature)
    {
        var scaled = new float[probabilities.Length];
        Apply(probabilities, classes, temperature, scaled);
        return CalibrationMetrics.Measure(scaled, labels, classes).LogLoss;
    }

    // d/dβ and d²/dβ² of mean(logsumexp(β·ℓ) − β·ℓ_y): E_q[ℓ] − ℓ_y and Var_q[ℓ], with q = softmax(β·ℓ).
    private static (double Gradient, double Curvature) Derivatives(double[] logs, ReadOnlySpan<int> labels, int classes, double beta)
    {
        double gradient = 0, curvature = 0;
        for (var r = 0; r < labels.Length; r++)
        {
            var row = logs.AsSpan(r * classes, classes);
            var max = double.NegativeInfinity;
            foreach (var value in row)
            {
                max = Math.Max(max, beta * value);
            }

            double sum = 0, mean = 0, square = 0;
            foreach (var value in row)
            {
                var weight = Math.Exp(beta * value - max);
                sum += weight;
                mean += weight * value;
                square += weight * value * value;
            }

            mean /= sum;
            gradient += mean - row[labels[r]];
            curvature += square / sum - mean * mean;
        }

        return (gradient / labels.Length, curvature / labels.Length);
    }
}
