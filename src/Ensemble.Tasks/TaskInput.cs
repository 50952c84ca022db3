namespace Ensemble.Tasks;

/// <summary>
/// The shape of a task's raw input: C×H×W for an image task, a vector of F features (optionally named) for a
/// features task.
/// </summary>
public sealed record TaskInput(int Channels, int Height, int Width, int Features, IReadOnlyList<string>? Names)
{
    public static TaskInput Image(int channels, int height, int width) => new(channels, height, width, 0, null);

    public static TaskInput Vector(int features, IReadOnlyList<string>? names = null) => new(0, 0, 0, features, names);

    /// <summary>Floats per sample: C·H·W, or F.</summary>
    public int Size => Features > 0 ? Features : Channels * Height * Width;

    /// <summary>The sample's shape as a model sees it after the batch dimension: [C, H, W] or [F].</summary>
    public int[] Shape => Features > 0 ? [Features] : [Channels, Height, Width];

    public override string ToString() => Features > 0 ? $"{Features} features" : $"{Channels}×{Height}×{Width}";
}
