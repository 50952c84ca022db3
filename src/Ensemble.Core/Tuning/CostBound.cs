namespace Ensemble.Core.Tuning;

/// <summary>
/// What each member costs (in weight order) and the most the members a weight vector runs may cost together. A
/// member with weight 0 runs nothing, so it costs nothing.
/// </summary>
public sealed class CostBound
{
    // Member costs are sums of rounded figures; a hair of slack keeps a limit set to a sum from refusing that sum.
    private const double Slack = 1e-9;

    public CostBound(IReadOnlyList<double> costs, double limit)
    {
        if (costs.Any(c => !(c >= 0) || !double.IsFinite(c)))
        {
            throw new ArgumentException("Member costs must be finite and not negative.", nameof(costs));
        }

        (Costs, Limit) = (costs, limit);
    }

    public IReadOnlyList<double> Costs { get; }

    public double Limit { get; }

    public double Cost(ReadOnlySpan<float> weights)
    {
        double total = 0;
        for (var m = 0; m < weights.Length; m++)
        {
            total += weights[m] > 0 ? Costs[m] : 0;
        }

        return total;
    }

    public bool Fits(ReadOnlySpan<float> weights) => Cost(weights) <= Limit + Slack;

    /// <summary>Whether running <paramref name="members"/> together (indices) stays within the limit.</summary>
    public bool FitsTogether(IEnumerable<int> members) => members.Sum(m => Costs[m]) <= Limit + Slack;

    /// <summary>
    /// Every subset of the members that fits and to which no further member can be added: the log-loss optimum under
    /// the limit lies on one of them, since a superset can always give an extra member weight 0. In index order.
    /// </summary>
    /// <param name="most">Stop after this many, in the order of a depth-first search that takes a member before it leaves it out.</param>
    public IReadOnlyList<int[]> MaximalSubsets(int most = 4096)
    {
        var found = new List<int[]>();
        var chosen = new List<int>();
        var after = new double[Costs.Count + 1];
        for (var m = Costs.Count - 1; m >= 0; m--)
        {
            after[m] = after[m + 1] + Costs[m];
        }

        Extend(0, 0, chosen, found, after, most);
        return found;
    }

    private void Extend(int next, double cost, List<int> chosen, List<int[]> found, double[] after, int most)
    {
        if (found.Count >= most)
        {
            return;
        }

        if (next == Costs.Count)
        {
            // Maximal: no member left out could join.
            if (chosen.Count > 0 && Enumerable.Range(0, Costs.Count).All(m => chosen.Contains(m) || cost + Costs[m] > Limit + Slack))
            {
                found.Add([.. chosen]);
            }

            return;
        }

        if (cost + Costs[next] <= Limit + Slack)
        {
            chosen.Add(next);
            Extend(next + 1, cost + Costs[next], chosen, found, after, most);
            chosen.RemoveAt(chosen.Count - 1);
        }

        // Leaving it out can only end maximal if the rest could, at most, fill the room it would take.
        if (cost + after[next + 1] + Costs[next] > Limit + Slack)
        {
            Extend(next + 1, cost, chosen, found, after, most);
        }
    }
}
