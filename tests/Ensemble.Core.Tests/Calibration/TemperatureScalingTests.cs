using Ensemble.Core.Calibration;
using Ensemble.Training.Tensors;

namespace Ensemble.Core.Tests.Calibration;

public class TemperatureScalingTests
{
    [Fact]
    public void Fit_FindsTheTemperatureOfADeliberatelyOverconfidentMember_AndLowersItsLogLoss()
    {
        // Labels are drawn from softmax(z); the member reports softmax(3z), three times too sure.
        var (overconfident, labels) = Synthetic(rows: 4000, sharpening: 3f, seed: 11);

        var temperature = TemperatureScaling.Fit(overconfident, labels, Classes);

        Assert.InRange(temperature, 2.7f, 3.3f);
        var before = TemperatureScaling.LogLoss(overconfident, labels, Classes, 1f);
        var after = TemperatureScaling.LogLoss(overconfident, labels, Classes, temperature);
        Assert.True(after < before - 0.05, $"log-loss {before:F4} → {after:F4}");
        var scaled = new float[overconfident.Length];
        TemperatureScaling.Apply(overconfident, Classes, temperature, scaled);
        Assert.True(CalibrationMetrics.Measure(scaled, labels, Classes).Ece < CalibrationMetrics.Measure(overconfident, labels, Classes).Ece);
    }

    [Fact]
    public void Fit_SharpensAnUnderconfidentMember_AndLeavesACalibratedOneNearOne()
    {
        var (underconfident, labels) = Synthetic(rows: 4000, sharpening: 0.5f, seed: 12);
        var (calibrated, calibratedLabels) = Synthetic(rows: 4000, sharpening: 1f, seed: 13);

        Assert.InRange(TemperatureScaling.Fit(underconfident, labels, Classes), 0.4f, 0.6f);
        Assert.InRange(TemperatureScaling.Fit(calibrated, calibratedLabels, Classes), 0.9f, 1.1f);
    }

    [Fact]
    public void Fit_IsTheMinimumOfTheLogLoss()
    {
        var (probabilities, labels) = Synthetic(rows: 1000, sharpening: 2f, seed: 14);
        var best = TemperatureScaling.Fit(probabilities, labels, Classes);
        var atBest = TemperatureScaling.LogLoss(probabilities, labels, Classes, best);

        foreach (var factor in new[] { 0.9f, 0.97f, 1.03f, 1.1f })
        {
            Assert.True(TemperatureScaling.LogLoss(probabilities, labels, Classes, best * factor) >= atBest - 1e-7);
        }
    }

    [Fact]
    public void Apply_KeepsEveryRowsTopClassAndSumsToOne_AndOneChangesNothing()
    {
        float[] probabilities = [0.7f, 0.2f, 0.1f, 0f, 0.01f, 0.99f];
        var hot = new float[6];
        var same = new float[6];

        TemperatureScaling.Apply(probabilities, 3, 4f, hot);
        TemperatureScaling.Apply(probabilities, 3, 1f, same);

        Assert.Equal(probabilities, same);
        Assert.Equal(0, TensorPrimitives.IndexOfMax(hot.AsSpan(0, 3)));
        Assert.Equal(2, TensorPrimitives.IndexOfMax(hot.AsSpan(3, 3)));
        Assert.Equal(1f, hot[0] + hot[1] + hot[2], 5);
        // softmax(log p / 4) on the first row, worked by hand: p^(1/4) renormalized.
        var roots = new[] { MathF.Pow(0.7f, 0.25f), MathF.Pow(0.2f, 0.25f), MathF.Pow(0.1f, 0.25f) };
        Assert.Equal(roots[0] / roots.Sum(), hot[0], 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => TemperatureScaling.Apply(probabilities, 3, 0f, hot));
    }

    private const int Classes = 5;

    private static (float[] Probabilities, int[] Labels) Synthetic(int rows, float sharpening, int seed)
    {
        var random = SplitMix64.ForStream(seed, stream: 1);
        var probabilities = new float[rows * Classes];
        var labels = new int[rows];
        var logits = new float[Classes];
        var truth = new float[Classes];
        for (var r = 0; r < rows; r++)
        {
            for (var k = 0; k < Classes; k++)
            {
                logits[k] = 1.5f * random.NextGaussian();
            }

            TensorPrimitives.SoftMax(logits, truth);
            var u = random.NextSingle();
            var label = 0;
            for (var cumulative = truth[0]; label < Classes - 1 && u >= cumulative; cumulative += truth[++label])
            {
            }

            labels[r] = label;
            TensorPrimitives.Multiply(logits, sharpening, logits);
            TensorPrimitives.SoftMax(logits, probabilities.AsSpan(r * Classes, Classes));
        }

        return (probabilities, labels);
    }
}
