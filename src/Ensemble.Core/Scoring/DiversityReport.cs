namespace Ensemble.Core.Scoring;

/// <summary>
/// How differently the members err, on one split: how often each pair disagrees, each member's and the ensemble's
/// accuracy per class, the ensemble's confusion matrix (rows: true class, columns: predicted), and the rows on
/// which the members disagree most (highest mutual information first).
/// </summary>
public sealed record DiversityReport(
    IReadOnlyList<string> Members,
    double[,] Disagreement,
    double[,] ClassAccuracy,
    double[] EnsembleClassAccuracy,
    int[,] Confusion,
    IReadOnlyList<DisagreedRow> MostDisagreed)
{
    public static DiversityReport Compute(ProbabilityTable table, ReadOnlySpan<float> weights, int mostDisagreed = 12)
    {
        var classes = table.Classes;
        var members = table.Members.Count;
        var predicted = new int[members][];
        for (var m = 0; m < members; m++)
        {
            predicted[m] = Predict(table, WeightVectors.OneHot(members, m));
        }

        var ensemble = Predict(table, weights);
        var disagreement = new double[members, members];
        for (var a = 0; a < members; a++)
        {
            for (var b = 0; b < members; b++)
            {
                var differ = 0;
                for (var r = 0; r < table.Rows; r++)
                {
                    differ += predicted[a][r] != predicted[b][r] ? 1 : 0;
                }

                disagreement[a, b] = (double)differ / table.Rows;
            }
        }

        var perClass = new int[classes];
        var confusion = new int[classes, classes];
        var memberCorrect = new int[members, classes];
        var ensembleCorrect = new int[classes];
        for (var r = 0; r < table.Rows; r++)
        {
            int label = table.Labels[r];
            perClass[label]++;
            confusion[label, ensemble[r]]++;
            ensembleCorrect[label] += ensemble[r] == label ? 1 : 0;
            for (var m = 0; m < members; m++)
            {
                memberCorrect[m, label] += predicted[m][r] == label ? 1 : 0;
            }
        }

        var classAccuracy = new double[members, classes];
        var ensembleAccuracy = new double[classes];
        for (var c = 0; c < classes; c++)
        {
            var count = Math.Max(perClass[c], 1);
            ensembleAccuracy[c] = (double)ensembleCorrect[c] / count;
            for (var m = 0; m < members; m++)
            {
                classAccuracy[m, c] = (double)memberCorrect[m, c] / count;
            }
        }

        return new DiversityReport(table.Members, disagreement, classAccuracy, ensembleAccuracy, confusion, Disagreed(table, weights, predicted, ensemble, mostDisagreed));
    }

    private static List<DisagreedRow> Disagreed(ProbabilityTable table, ReadOnlySpan<float> weights, int[][] predicted, int[] ensemble, int count)
    {
        var members = table.Members.Count;
        var blocks = Enumerable.Range(0, members).Select(table.MemberProbabilities).ToArray();
        var stacked = new float[members * table.Classes];
        var mixture = new float[table.Classes];
        var scored = new (double Information, int Row)[table.Rows];
        for (var r = 0; r < table.Rows; r++)
        {
            mixture.AsSpan().Clear();
            for (var m = 0; m < members; m++)
            {
                var row = blocks[m].AsSpan(r * table.Classes, table.Classes);
                row.CopyTo(stacked.AsSpan(m * table.Classes));
                TensorPrimitives.MultiplyAdd(row, weights[m], mixture, mixture);
            }

            scored[r] = (Ensembling.Uncertainty.Measure(stacked, weights, mixture, rows: 1, table.Classes)[0].MutualInformation, r);
        }

        return [.. scored.OrderByDescending(s => s.Information).ThenBy(s => s.Row).Take(count)
            .Select(s => new DisagreedRow(s.Row, table.Labels[s.Row], ensemble[s.Row], [.. predicted.Select(p => p[s.Row])], s.Information))];
    }

    // Arg-max of the weighted mixture per row (the first class wins a tie, as everywhere else in the app).
    private static int[] Predict(ProbabilityTable table, ReadOnlySpan<float> weights)
    {
        var result = new int[table.Rows];
        var best = new float[table.Rows];
        for (var c = 0; c < table.Classes; c++)
        {
            for (var r = 0; r < table.Rows; r++)
            {
                float value = 0;
                for (var m = 0; m < weights.Length; m++)
                {
                    value += weights[m] * (table.Labels[r] == c ? table.LabelProbability(m)[r] : table.OtherClass(m, c)[r]);
                }

                if (c == 0 || value > best[r])
                {
                    best[r] = value;
                    result[r] = c;
                }
            }
        }

        return result;
    }
}
