using Ensemble.Training.Tensors;

namespace Ensemble.Training.Models;

/// <summary>
/// Softmax fused with categorical cross-entropy against targets q = (1 − ε)·onehot + ε/K (ε the label smoothing,
/// 0 for plain one-hot targets): the loss is −Σ q log p and its gradient with respect to the logits is (p − q)/N.
/// </summary>
public sealed class SoftmaxCrossEntropy(float labelSmoothing = 0f)
{
    private Tensor? _gradient;

    public float LabelSmoothing { get; } = labelSmoothing is >= 0f and < 1f
        ? labelSmoothing
        : throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "Label smoothing must be at least 0 and below 1.");

    /// <summary>Fills the logit gradient and returns the summed loss and the number of correct arg-max predictions.</summary>
    public (double LossSum, int Correct) Compute(Tensor logits, ReadOnlySpan<int> labels, out Tensor gradient)
    {
        _gradient ??= new Tensor(logits.Shape);
        _gradient.Resize(logits.Batch);
        gradient = _gradient;
        var scale = 1f / logits.Batch;
        var classes = logits.Shape.Size;
        var spread = LabelSmoothing / classes;
        double loss = 0;
        var correct = 0;
        for (var n = 0; n < logits.Batch; n++)
        {
            var z = logits.Sample(n);
            var p = _gradient.Sample(n);
            TensorPrimitives.SoftMax(z, p);
            var label = labels[n];
            if (TensorPrimitives.IndexOfMax(z) == label)
            {
                correct++;
            }

            loss -= (1 - LabelSmoothing) * Math.Log(Math.Max(p[label], 1e-30f));
            if (spread > 0f)
            {
                // log p_k = z_k − logsumexp(z), exact where p_k underflows.
                var logSum = TensorPrimitives.Max(z) + Math.Log(SumExpShifted(z));
                loss -= spread * (TensorPrimitives.Sum(z) - classes * logSum);
                TensorPrimitives.Subtract(p, spread, p);
            }

            TensorPrimitives.Multiply(p, scale, p);
            p[label] -= (1 - LabelSmoothing) * scale;
        }

        return (loss, correct);
    }

    private static double SumExpShifted(ReadOnlySpan<float> z)
    {
        var max = TensorPrimitives.Max(z);
        double sum = 0;
        foreach (var value in z)
        {
            sum += Math.Exp(value - max);
        }

        return sum;
    }

    /// <summary>Row-wise softmax of logits into <paramref name="probabilities"/>.</summary>
    public static void Softmax(Tensor logits, Span<float> probabilities)
    {
        var classes = logits.Shape.Size;
        for (var n = 0; n < logits.Batch; n++)
        {
            TensorPrimitives.SoftMax(logits.Sample(n), probabilities.Slice(n * classes, classes));
        }
    }
}
