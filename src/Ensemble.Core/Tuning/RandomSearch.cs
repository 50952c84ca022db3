using Ensemble.Core.Scoring;

namespace Ensemble.Core.Tuning;

/// <summary>The book's method: weight vectors drawn at random (Dirichlet(α) over the simplex), each scored on the fit rows.</summary>
public sealed class RandomSearch(int trials, double alpha, int seed) : ITuningStrategy
{
    public string Name => "random-search";

    public IEnumerable<Trial> Run(MixtureScorer fit, CancellationToken cancellation = default)
    {
        var sampler = new DirichletSampler(alpha, seed);
        for (var t = 0; t < trials && !cancellation.IsCancellationRequested; t++)
        {
            var weights = new float[fit.Table.Members.Count];
            sampler.Sample(weights);
            yield return new Trial(t + 1, weights, fit.Evaluate(weights));
        }
    }
}
