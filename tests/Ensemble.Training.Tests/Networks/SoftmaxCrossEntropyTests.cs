using Ensemble.Training.Networks;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Tests.Networks;

public class SoftmaxCrossEntropyTests
{
    private static readonly float[] Logits = [2f, -1f, 0.5f, 0.25f, 1f, -3f];

    [Fact]
    public void LabelSmoothing_LossIsTheCrossEntropyWithTheSmoothedTarget_HandWorked()
    {
        // Row 0: logits (2, −1, 0.5), label 0; row 1: (0.25, 1, −3), label 1; ε = 0.3 over K = 3 classes.
        var (loss, correct) = Compute(0.3f, out _);

        var expected = 0.0;
        foreach (var (row, label) in new[] { (0, 0), (1, 1) })
        {
            var z = Logits.Skip(3 * row).Take(3).Select(v => (double)v).ToArray();
            var logSum = Math.Log(z.Sum(Math.Exp));
            for (var k = 0; k < 3; k++)
            {
                var q = (k == label ? 0.7 : 0) + 0.1;
                expected -= q * (z[k] - logSum);
            }
        }

        Assert.Equal(expected, loss, 5);
        Assert.Equal(2, correct);
    }

    [Fact]
    public void LabelSmoothing_GradientIsProbabilitiesMinusTheSmoothedTarget_AndMatchesFiniteDifferences()
    {
        const float smoothing = 0.2f;
        Compute(smoothing, out var gradient);

        for (var i = 0; i < Logits.Length; i++)
        {
            var plus = (float[])Logits.Clone();
            var minus = (float[])Logits.Clone();
            plus[i] += 1e-3f;
            minus[i] -= 1e-3f;
            // The loss is summed over the batch and the gradient is of its mean.
            var numeric = (Loss(plus, smoothing) - Loss(minus, smoothing)) / 2e-3 / 2;
            Assert.Equal(numeric, gradient[i], 3);
        }

        // Each row of (p − q)/N sums to zero: both p and q are distributions.
        Assert.Equal(0f, gradient[0] + gradient[1] + gradient[2], 6);
    }

    [Fact]
    public void NoSmoothing_IsPlainCrossEntropy()
    {
        var (plain, _) = Compute(0f, out var gradient);

        var z = Logits.Take(3).Select(v => (double)v).ToArray();
        var p0 = Math.Exp(z[0]) / z.Sum(Math.Exp);
        Assert.Equal((p0 - 1) / 2, gradient[0], 6);
        Assert.True(plain < Loss(Logits, 0.3f));
    }

    [Fact]
    public void CutMixTarget_LossAndGradientAreTheCrossEntropyWithTheAreaMixedTarget_HandWorked()
    {
        // Row 0 (label 0) carries a quarter of an image of class 2; row 1 (label 1) nothing; ε = 0.1 over K = 3.
        var logits = new Tensor(new TensorShape(3, 1, 1), batch: 2);
        Logits.CopyTo(logits.Span);
        var (loss, correct) = new SoftmaxCrossEntropy(0.1f).Compute(logits, [0, 1], [2, 1], [0.25f, 0f], out var g);
        var gradient = g.Span.ToArray();

        double[][] targets = [[0.9 * 0.75 + 0.1 / 3, 0.1 / 3, 0.9 * 0.25 + 0.1 / 3], [0.1 / 3, 0.9 + 0.1 / 3, 0.1 / 3]];
        var expected = 0.0;
        for (var row = 0; row < 2; row++)
        {
            var z = Logits.Skip(3 * row).Take(3).Select(v => (double)v).ToArray();
            var logSum = Math.Log(z.Sum(Math.Exp));
            for (var k = 0; k < 3; k++)
            {
                expected -= targets[row][k] * (z[k] - logSum);
                Assert.Equal((Math.Exp(z[k] - logSum) - targets[row][k]) / 2, gradient[3 * row + k], 6);
            }
        }

        Assert.Equal(expected, loss, 5);
        Assert.Equal(2, correct);
    }

    [Fact]
    public void CutMixTarget_WithNoShare_IsThePlainLoss()
    {
        var (plain, _) = Compute(0.2f, out var plainGradient);
        var logits = new Tensor(new TensorShape(3, 1, 1), batch: 2);
        Logits.CopyTo(logits.Span);

        var (mixed, _) = new SoftmaxCrossEntropy(0.2f).Compute(logits, [0, 1], [2, 0], [0f, 0f], out var g);

        Assert.Equal(plain, mixed, 10);
        Assert.Equal(plainGradient, g.Span.ToArray());
    }

    [Fact]
    public void CutMixTarget_WithoutAShareForEverySample_IsRefused()
    {
        var logits = new Tensor(new TensorShape(3, 1, 1), batch: 2);

        Assert.Throws<ArgumentException>(() => new SoftmaxCrossEntropy().Compute(logits, [0, 1], [2], [0.5f], out _));
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1f)]
    [InlineData(float.NaN)]
    public void LabelSmoothing_OutOfRange_IsRefused(float smoothing) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SoftmaxCrossEntropy(smoothing));

    private static (double Loss, int Correct) Compute(float smoothing, out float[] gradient)
    {
        var logits = new Tensor(new TensorShape(3, 1, 1), batch: 2);
        Logits.CopyTo(logits.Span);
        var result = new SoftmaxCrossEntropy(smoothing).Compute(logits, [0, 1], out var g);
        gradient = g.Span.ToArray();
        return result;
    }

    private static double Loss(float[] values, float smoothing)
    {
        var logits = new Tensor(new TensorShape(3, 1, 1), batch: 2);
        values.CopyTo(logits.Span);
        return new SoftmaxCrossEntropy(smoothing).Compute(logits, [0, 1], out _).LossSum;
    }
}
