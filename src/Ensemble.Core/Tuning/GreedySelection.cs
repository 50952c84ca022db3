using Ensemble.Core.Scoring;

namespace Ensemble.Core.Tuning;

/// <summary>
/// Ensemble selection (Caruana et al., 2004), as auto-sklearn and AutoGluon use it: start from the best
/// <c>initialSize</c> single models (sorted initialization), then repeatedly add, with replacement, the member that
/// most improves the objective on the fit rows. Weights are the members' counts in the bag. Each iteration is a trial;
/// the best one is where the trajectory is truncated. Under a cost limit, a member joins the bag (at the start or
/// later) only while the members in it still fit; members already in it can always be added again.
/// </summary>
public sealed class GreedySelection(int iterations, int initialSize, Objective objective, CostBound? bound = null) : ITuningStrategy
{
    public string Name => "greedy";

    public IEnumerable<Trial> Run(MixtureScorer fit, CancellationToken cancellation = default)
    {
        var members = fit.Table.Members.Count;
        var counts = new int[members];
        var candidate = new float[members];
        var singles = Enumerable.Range(0, members).Select(m => (Member: m, Score: fit.Evaluate(WeightVectors.OneHot(members, m)))).ToList();
        singles.Sort((a, b) => a.Score.IsBetterThan(b.Score, objective) ? -1 : b.Score.IsBetterThan(a.Score, objective) ? 1 : a.Member.CompareTo(b.Member));
        var bag = new List<int>();
        foreach (var (member, _) in singles)
        {
            if (bag.Count < Math.Clamp(initialSize, 1, members) && Joins(bag, member))
            {
                bag.Add(member);
                counts[member]++;
            }
        }

        if (bag.Count == 0)
        {
            throw new InvalidOperationException($"No member fits the limit of {bound!.Limit}.");
        }

        var number = 1;
        yield return new Trial(number++, Weights(counts), fit.Evaluate(Weights(counts)));
        for (var i = 0; i < iterations && !cancellation.IsCancellationRequested; i++)
        {
            var best = -1;
            var bestScore = default(Score);
            for (var m = 0; m < members; m++)
            {
                if (counts[m] == 0 && !Joins(bag, m))
                {
                    continue;
                }

                counts[m]++;
                WeightsInto(counts, candidate);
                var score = fit.Evaluate(candidate);
                counts[m]--;
                // Ties keep the lowest index, so the trajectory is deterministic.
                if (best < 0 || score.IsBetterThan(bestScore, objective))
                {
                    (best, bestScore) = (m, score);
                }
            }

            if (counts[best]++ == 0)
            {
                bag.Add(best);
            }

            yield return new Trial(number++, Weights(counts), bestScore);
        }
    }

    private bool Joins(List<int> bag, int member) => bound is null || bound.FitsTogether(bag.Append(member));

    private static float[] Weights(int[] counts)
    {
        var weights = new float[counts.Length];
        WeightsInto(counts, weights);
        return weights;
    }

    private static void WeightsInto(int[] counts, float[] weights)
    {
        var total = counts.Sum();
        for (var m = 0; m < counts.Length; m++)
        {
            weights[m] = (float)counts[m] / total;
        }
    }
}
