namespace Ensemble.Core.Tuning;

/// <summary>The points that no other beats on both counts: costs no more and scores at least as well held out, one of them strictly.</summary>
public static class ParetoFront
{
    /// <summary>The non-dominated points by cost and held-out accuracy, cheapest first; of equal points, the first is kept.</summary>
    public static IReadOnlyList<ParetoPoint> Of(IEnumerable<ParetoPoint> points)
    {
        var front = new List<ParetoPoint>();
        // Cheapest first, and of equal cost the most accurate: each point then only needs comparing with the best kept so far.
        foreach (var point in points.OrderBy(p => p.Mflop).ThenByDescending(p => p.HeldOut.Accuracy))
        {
            if (front.Count == 0 || point.HeldOut.Accuracy > front[^1].HeldOut.Accuracy)
            {
                front.Add(point);
            }
        }

        return front;
    }
}
