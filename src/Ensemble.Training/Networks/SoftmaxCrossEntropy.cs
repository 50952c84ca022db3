using Ensemble.Training.Tensors;

namespace Ensemble.Training.Networks;

/// <summary>
/// Softmax fused with categorical cross-entropy against targets q = (1 − ε)·t + ε/K (ε the label smoothing, 0 for
/// plain one-hot targets), where t is the label's one-hot vector or, for a CutMix sample, (1 − s)·onehot(label) +
/// s·onehot(partner) with s the partner's share of the pixels: the loss is −Σ q log p and its gradient with respect to
/// the logits is (p − q)/N.
/// </summary>
public sealed class SoftmaxCrossEntropy(float labelSmoothing = 0f)
{
    private Tensor? _gradient;

    public float LabelSmoothing { get; } = labelSmoothing is >= 0f and < 1f
        ? labelSmoothing
        : throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "Label smoothing must be at least 0 and below 1.");

    /// <summary>Fills the logit gradient and returns the summed loss and the number of correct arg-max predictions.</summary>
    public (double LossSum, int Correct) Compute(Tensor logits, ReadOnlySpan<int> labels, out Tensor gradient) =>
        Compute(logits, labels, [], [], out gradient);

    /// <summary>
    /// As <see cref="Compute(Tensor, ReadOnlySpan{int}, out Tensor)"/> for mixed samples: sample n's target gives
    /// <paramref name="partnerShares"/>[n] of the label's weight to <paramref name="partners"/>[n] (empty spans mix
    /// nothing). A prediction counts as correct when it names the label, the larger part of a CutMix image on average.
    /// </summary>
    public (double LossSum, int Correct) Compute(
        Tensor logits, ReadOnlySpan<int> labels, ReadOnlySpan<int> partners, ReadOnlySpan<float> partnerShares, out Tensor gradient)
    {
        if (partners.Length != partnerShares.Length || (partners.Length != 0 && partners.Length < logits.Batch))
        {
            throw new ArgumentException("Give a partner and a share for every sample, or none.", nameof(partners));
        }

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

            var share = partners.IsEmpty ? 0f : partnerShares[n];
            var labelWeight = (1 - LabelSmoothing) * (1 - share);
            var partnerWeight = (1 - LabelSmoothing) * share;
            loss -= labelWeight * Math.Log(Math.Max(p[label], 1e-30f));
            if (partnerWeight > 0f)
            {
                loss -= partnerWeight * Math.Log(Math.Max(p[partners[n]], 1e-30f));
            }

            if (spread > 0f)
            {
                // log p_k = z_k − logsumexp(z), exact where p_k underflows.
                var logSum = TensorPrimitives.Max(z) + Math.Log(SumExpShifted(z));
                loss -= spread * (TensorPrimitives.Sum(z) - classes * logSum);
                TensorPrimitives.Subtract(p, spread, p);
            }

            TensorPrimitives.Multiply(p, scale, p);
            p[label] -= labelWeight * scale;
            if (partnerWeight > 0f)
            {
                p[partners[n]] -= partnerWeight * scale;
            }
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
