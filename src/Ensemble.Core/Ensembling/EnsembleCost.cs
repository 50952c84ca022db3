using Ensemble.Core.Models;

namespace Ensemble.Core.Ensembling;

/// <summary>What serving one input with an ensemble costs, in MFLOP and in measured time: the sum over the members it runs.</summary>
public static class EnsembleCost
{
    /// <summary>
    /// MFLOP per input over the members a prediction runs (weight 0 runs nothing); null when one of them is not
    /// loaded or has no count (see <see cref="RegisteredModel.MegaFlops"/>), since a partial sum would understate the cost.
    /// </summary>
    public static double? MegaFlops(EnsembleSpec spec, ModelRegistry registry) =>
        MegaFlops(EnsembleSpec.Running(spec.Method, spec.Members).Select(m => m.Model), registry);

    /// <summary>MFLOP per input of running every one of <paramref name="models"/>; null as above.</summary>
    public static double? MegaFlops(IEnumerable<string> models, ModelRegistry registry)
    {
        double total = 0;
        foreach (var model in models)
        {
            if (registry.Find(model)?.MegaFlops is not { } cost)
            {
                return null;
            }

            total += cost;
        }

        // Members count to 0.01 MFLOP; the sum is no finer, and unrounded it reads 484.3299999999999.
        return Math.Round(total, 2);
    }

    /// <summary>Measured time per input over the members a prediction runs; null until every one of them is timed.</summary>
    public static MemberTiming? Timing(EnsembleSpec spec, MemberTimings timings) =>
        Timing(EnsembleSpec.Running(spec.Method, spec.Members).Select(m => m.Model), timings);

    /// <summary>Measured time per input of running every one of <paramref name="models"/>; null as above.</summary>
    public static MemberTiming? Timing(IEnumerable<string> models, MemberTimings timings)
    {
        var total = MemberTiming.Zero;
        foreach (var model in models)
        {
            if (timings.Of(model) is not { } timing)
            {
                return null;
            }

            total = total.Plus(timing);
        }

        return total.Rounded();
    }
}
