using Ensemble.Tasks.Data;
using Ensemble.Training.Data;
using Ensemble.Training.Networks;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Fitting;

/// <summary>Runs a network in inference mode over a whole split.</summary>
public static class Evaluator
{
    public static Evaluation Evaluate(Network network, LabeledSamples samples, int batchSize = 256)
    {
        var loader = new BatchLoader(samples, network.InputShape, batchSize, seed: 0, shuffle: false, augment: false);
        loader.StartEpoch(0);
        var batch = new Tensor(loader.SampleShape);
        var labels = Array.Empty<int>();
        double loss = 0;
        var correct = 0;
        for (var b = 0; b < loader.BatchesPerEpoch; b++)
        {
            loader.Fill(b, batch, ref labels);
            var probabilities = network.Predict(batch);
            var (batchLoss, batchCorrect) = Score(probabilities, labels);
            loss += batchLoss;
            correct += batchCorrect;
        }

        return new Evaluation((double)correct / samples.Count, loss / samples.Count, samples.Count);
    }

    /// <summary>Summed negative log-likelihood and correct count of a batch of probabilities.</summary>
    public static (double LossSum, int Correct) Score(Tensor probabilities, ReadOnlySpan<int> labels)
    {
        double loss = 0;
        var correct = 0;
        for (var n = 0; n < probabilities.Batch; n++)
        {
            var p = probabilities.Sample(n);
            if (TensorPrimitives.IndexOfMax(p) == labels[n])
            {
                correct++;
            }

            loss -= Math.Log(Math.Max(p[labels[n]], 1e-15f));
        }

        return (loss, correct);
    }
}
