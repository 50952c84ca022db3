using Ensemble.Core.Scoring;

namespace Ensemble.Core.Cascades;

/// <summary>
/// A cascade's answer at every stage for every row of a table, worked out once so that many thresholds can be tried
/// on it: each stage's confidence, whether its answer is right, and the probability it gives the true class.
/// </summary>
public sealed class CascadeStages
{
    public CascadeStages(ProbabilityTable table, IReadOnlyList<int[]> stages, float[] weights, ConfidenceRule rule)
    {
        var classes = table.Classes;
        var blocks = stages.SelectMany(s => s).Distinct().ToDictionary(m => m, table.MemberProbabilities);
        (Rows, Count) = (table.Rows, stages.Count);
        Confidence = new double[Count][];
        Correct = new bool[Count][];
        TrueProbability = new double[Count][];
        var mixture = new double[table.Rows * classes];
        var answer = new float[classes];
        double weightSoFar = 0;
        for (var s = 0; s < Count; s++)
        {
            foreach (var m in stages[s])
            {
                weightSoFar += weights[m];
                var block = blocks[m];
                for (var i = 0; i < mixture.Length; i++)
                {
                    mixture[i] += weights[m] * block[i];
                }
            }

            (Confidence[s], Correct[s], TrueProbability[s]) = (new double[Rows], new bool[Rows], new double[Rows]);
            for (var r = 0; r < Rows; r++)
            {
                var best = 0;
                for (var c = 0; c < classes; c++)
                {
                    // A stage whose members all have weight 0 so far answers uniformly.
                    answer[c] = weightSoFar > 0 ? (float)(mixture[r * classes + c] / weightSoFar) : 1f / classes;
                    best = answer[c] > answer[best] ? c : best;
                }

                Confidence[s][r] = Cascade.Sure(answer, rule);
                Correct[s][r] = best == table.Labels[r];
                TrueProbability[s][r] = answer[table.Labels[r]];
            }
        }
    }

    public int Rows { get; }

    /// <summary>Stages.</summary>
    public int Count { get; }

    public double[][] Confidence { get; }

    public bool[][] Correct { get; }

    public double[][] TrueProbability { get; }

    /// <summary>The stage each row stops at under these thresholds (one per stage but the last).</summary>
    public int Exit(int row, IReadOnlyList<double> thresholds)
    {
        for (var s = 0; s < Count - 1; s++)
        {
            if (Confidence[s][row] >= thresholds[s])
            {
                return s;
            }
        }

        return Count - 1;
    }

    /// <summary>Accuracy, log-loss, the mean cost per row (each stage run costs its members') and the share of rows answered at each stage.</summary>
    public CascadeScore Score(IReadOnlyList<double> thresholds, IReadOnlyList<double> stageCosts)
    {
        double correct = 0, loss = 0, cost = 0;
        var shares = new double[Count];
        var costSoFar = new double[Count];
        for (var s = 0; s < Count; s++)
        {
            costSoFar[s] = (s > 0 ? costSoFar[s - 1] : 0) + stageCosts[s];
        }

        for (var r = 0; r < Rows; r++)
        {
            var s = Exit(r, thresholds);
            correct += Correct[s][r] ? 1 : 0;
            loss -= Math.Log(Math.Max(TrueProbability[s][r], 1e-12));
            cost += costSoFar[s];
            shares[s]++;
        }

        return new CascadeScore(new Score(correct / Rows, loss / Rows), cost / Rows, [.. shares.Select(n => n / Rows)]);
    }
}
