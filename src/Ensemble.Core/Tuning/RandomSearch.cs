using Ensemble.Core.Scoring;
using Ensemble.Training.Tensors;

namespace Ensemble.Core.Tuning;

/// <summary>
/// The book's method: weight vectors drawn at random (Dirichlet(α) over the simplex), each scored on the fit rows.
/// Under a cost limit, each trial first draws a set of members that fits (the members in random order, each taken
/// while it still fits) and spreads Dirichlet(α) weights over that set alone.
/// </summary>
public sealed class RandomSearch(int trials, double alpha, int seed, CostBound? bound = null) : ITuningStrategy
{
    public string Name => "random-search";

    public IEnumerable<Trial> Run(MixtureScorer fit, CancellationToken cancellation = default)
    {
        var sampler = new DirichletSampler(alpha, seed);
        var members = fit.Table.Members.Count;
        var subsets = SplitMix64.ForStream(seed, stream: 17);
        var order = Enumerable.Range(0, members).ToArray();
        for (var t = 0; t < trials && !cancellation.IsCancellationRequested; t++)
        {
            var weights = new float[members];
            if (bound is null)
            {
                sampler.Sample(weights);
            }
            else
            {
                subsets.Shuffle(order);
                var chosen = new List<int>();
                foreach (var m in order)
                {
                    if (bound.FitsTogether(chosen.Append(m)))
                    {
                        chosen.Add(m);
                    }
                }

                var draw = new float[chosen.Count];
                sampler.Sample(draw);
                for (var i = 0; i < chosen.Count; i++)
                {
                    weights[chosen[i]] = draw[i];
                }
            }

            yield return new Trial(t + 1, weights, fit.Evaluate(weights));
        }
    }
}
