using Ensemble.Training.Tensors;

namespace Ensemble.Core.Searches.Analysis;

/// <summary>
/// A random forest of regression trees (bootstrap samples, every feature considered at every split, variance
/// impurity), for one purpose: how much each feature's splits reduce the impurity, averaged over the trees with each
/// tree's reductions normalized to sum to 1, as scikit-learn's feature_importances_ and Optuna's
/// MeanDecreaseImpurityImportanceEvaluator compute it.
/// </summary>
public static class RandomForest
{
    /// <param name="x">Rows of features.</param>
    /// <returns>One importance per feature, summing to 1 (all zero when no split reduced anything).</returns>
    public static double[] Importances(IReadOnlyList<double[]> x, IReadOnlyList<double> y, int trees = 64, int seed = 0, int maxDepth = 16)
    {
        var features = x.Count == 0 ? 0 : x[0].Length;
        var total = new double[features];
        var random = SplitMix64.ForStream(seed, stream: 21);
        for (var t = 0; t < trees; t++)
        {
            var rows = new int[x.Count];
            for (var i = 0; i < rows.Length; i++)
            {
                rows[i] = random.NextInt(x.Count);
            }

            var decrease = new double[features];
            Grow(x, y, rows, depth: 0, maxDepth, decrease);
            var sum = decrease.Sum();
            for (var f = 0; f < features && sum > 0; f++)
            {
                total[f] += decrease[f] / sum;
            }
        }

        var overall = total.Sum();
        return overall > 0 ? [.. total.Select(v => v / overall)] : total;
    }

    private static void Grow(IReadOnlyList<double[]> x, IReadOnlyList<double> y, int[] rows, int depth, int maxDepth, double[] decrease)
    {
        if (rows.Length < 2 || depth >= maxDepth)
        {
            return;
        }

        var parent = SumOfSquares(y, rows);
        var (bestFeature, bestThreshold, bestChildren) = (-1, 0.0, parent);
        for (var f = 0; f < decrease.Length; f++)
        {
            var order = rows.OrderBy(r => x[r][f]).ToArray();
            // Running sums left of each cut make every candidate split of this feature O(1).
            double leftSum = 0, leftSquares = 0, totalSum = order.Sum(r => y[r]), totalSquares = order.Sum(r => y[r] * y[r]);
            for (var i = 0; i < order.Length - 1; i++)
            {
                var v = y[order[i]];
                (leftSum, leftSquares) = (leftSum + v, leftSquares + v * v);
                if (x[order[i]][f] == x[order[i + 1]][f])
                {
                    continue;
                }

                var (nl, nr) = (i + 1.0, order.Length - i - 1.0);
                var children = leftSquares - leftSum * leftSum / nl + (totalSquares - leftSquares) - (totalSum - leftSum) * (totalSum - leftSum) / nr;
                if (children < bestChildren - 1e-12)
                {
                    (bestFeature, bestThreshold, bestChildren) = (f, (x[order[i]][f] + x[order[i + 1]][f]) / 2, children);
                }
            }
        }

        if (bestFeature < 0)
        {
            return;
        }

        decrease[bestFeature] += parent - bestChildren;
        Grow(x, y, [.. rows.Where(r => x[r][bestFeature] <= bestThreshold)], depth + 1, maxDepth, decrease);
        Grow(x, y, [.. rows.Where(r => x[r][bestFeature] > bestThreshold)], depth + 1, maxDepth, decrease);
    }

    // Σ (y − mean)² over the rows: the node's impurity times its size.
    private static double SumOfSquares(IReadOnlyList<double> y, int[] rows)
    {
        var mean = rows.Average(r => y[r]);
        return rows.Sum(r => (y[r] - mean) * (y[r] - mean));
    }
}
