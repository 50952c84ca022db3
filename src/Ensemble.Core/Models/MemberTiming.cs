namespace Ensemble.Core.Models;

/// <summary>
/// What one input costs a member in time on this machine, on the provider it serves on, in milliseconds: alone
/// (a request of one row, as an unbatched request pays) and within a batch of <see cref="MemberTimings.Batch"/>.
/// </summary>
public sealed record MemberTiming(double Batch1, double Batch32)
{
    public static MemberTiming Zero { get; } = new(0, 0);

    public MemberTiming Plus(MemberTiming other) => new(Batch1 + other.Batch1, Batch32 + other.Batch32);

    /// <summary>Rounded to the microsecond: the measurement is no finer than that on a shared machine.</summary>
    public MemberTiming Rounded() => new(Math.Round(Batch1, 3), Math.Round(Batch32, 3));
}
