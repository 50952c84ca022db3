using System.Globalization;

namespace Ensemble.Core.Tuning;

/// <summary>
/// The most that serving one input may cost a study's result: MFLOP, or milliseconds measured on this machine (one
/// row at a time, as an unbatched request pays). Exactly one of the two. Named a limit because a study's budget is
/// already its number of trials.
/// </summary>
public sealed record CostLimit(double? Mflop = null, double? Milliseconds = null)
{
    public bool InMilliseconds => Milliseconds is not null;

    public double Value => Mflop ?? Milliseconds ?? double.NaN;

    /// <summary>What is wrong with it, or null when it can be used.</summary>
    public string? Problem() => (Mflop, Milliseconds) switch
    {
        (null, null) => "A limit names \"mflop\" or \"milliseconds\".",
        ({ }, { }) => "A limit names \"mflop\" or \"milliseconds\", not both.",
        _ when !(Value > 0) || !double.IsFinite(Value) => $"A limit must be a positive number of {Unit}; {Value.ToString(CultureInfo.InvariantCulture)} is not.",
        _ => null,
    };

    public string Unit => InMilliseconds ? "milliseconds" : "MFLOP";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Value:0.###} {Unit}");
}
