using Ensemble.Training.Tensors;

namespace Ensemble.Training.Models;

/// <summary>Softmax fused with categorical cross-entropy: the gradient with respect to the logits is (p − onehot)/N.</summary>
public sealed class SoftmaxCrossEntropy
{
    private Tensor? _gradient;

    /// <summary>Fills the logit gradient and returns the summed loss and the number of correct arg-max predictions.</summary>
    public (double LossSum, int Correct) Compute(Tensor logits, ReadOnlySpan<int> labels, out Tensor gradient)
    {
        _gradient ??= new Tensor(logits.Shape);
        _gradient.Resize(logits.Batch);
        gradient = _gradient;
        var scale = 1f / logits.Batch;
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

            loss -= Math.Log(Math.Max(p[label], 1e-30f));
            TensorPrimitives.Multiply(p, scale, p);
            p[label] -= scale;
        }

        return (loss, correct);
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
