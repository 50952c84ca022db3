using Ensemble.Core.Scoring;

namespace Ensemble.Core.Tests.Scoring;

public class MixtureScorerTests
{
    [Fact]
    public void Evaluate_MatchesADirectComputationOfTheMixture()
    {
        var probabilities = new List<float[]>();
        var table = TableFactory.Random(333, [1.0, 2.0, 0.5], seed: 3);
        for (var m = 0; m < 3; m++)
        {
            var block = new float[table.Rows * 10];
            for (var r = 0; r < table.Rows; r++)
            {
                for (var c = 0; c < 10; c++)
                {
                    block[r * 10 + c] = c == table.Labels[r] ? table.LabelProbability(m)[r] : table.OtherClass(m, c)[r];
                }
            }

            probabilities.Add(block);
        }

        float[] weights = [0.2f, 0.5f, 0.3f];
        var correct = 0;
        double loss = 0;
        for (var r = 0; r < table.Rows; r++)
        {
            var mixed = Enumerable.Range(0, 10).Select(c => Enumerable.Range(0, 3).Sum(m => (double)weights[m] * probabilities[m][r * 10 + c])).ToArray();
            correct += Array.IndexOf(mixed, mixed.Max()) == table.Labels[r] ? 1 : 0;
            loss -= Math.Log(mixed[table.Labels[r]]);
        }

        var score = new MixtureScorer(table).Evaluate(weights);

        Assert.Equal((double)correct / table.Rows, score.Accuracy);
        Assert.Equal(loss / table.Rows, score.LogLoss, 1e-5);
    }

    [Fact]
    public void Select_KeepsTheChosenRowsAndTheirScores()
    {
        var table = TableFactory.Random(100, [1.5, 1.0], seed: 4);
        int[] rows = [5, 17, 42, 99];

        var subset = table.Select(rows);

        Assert.Equal(rows.Select(r => table.Labels[r]), subset.Labels);
        Assert.Equal(rows.Select(r => table.LabelProbability(1)[r]), subset.LabelProbability(1).ToArray());
        Assert.Equal(rows.Select(r => table.OtherClass(0, 3)[r]), subset.OtherClass(0, 3).ToArray());
    }
}
