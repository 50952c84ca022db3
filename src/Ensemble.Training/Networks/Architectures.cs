using Ensemble.Tasks;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Networks;

/// <summary>
/// The preset architectures, each a few lines of <see cref="NetworkBuilder"/>. Six families that make different
/// mistakes: residual, depthwise-separable, large-kernel depthwise, an isotropic patch net, a plain VGG-style stack
/// and a multilayer perceptron. Each builds for
/// the task's C×H×W input and class count: the stem takes C channels and the global average pool makes the
/// convolutional ones size-agnostic, down to the smallest input their halvings leave 2×2 (isotropic: 1×1) of. The width
/// multiplier scales every hidden layer (1 gives the published parameter counts).
/// </summary>
public static class Architectures
{
    public const string Residual = "residual";
    public const string Separable = "separable";
    public const string Vgg = "vgg";
    public const string Mlp = "mlp";
    public const string LargeKernel = "largekernel";
    public const string Isotropic = "isotropic";
    public const float MinWidth = 0.25f;
    public const float MaxWidth = 4f;

    public static IReadOnlyList<string> Names { get; } = [Residual, Separable, Vgg, Mlp, LargeKernel, Isotropic];

    /// <summary>The preset for an image task's input and classes.</summary>
    public static Network Create(string name, int seed, float width, TaskDefinition task) =>
        Create(name, seed, width, new TensorShape(task.Input.Channels, task.Input.Height, task.Input.Width), task.Classes.Count);

    public static Network Create(string name, int seed, float width, TensorShape input, int classes)
    {
        if (!(width >= MinWidth && width <= MaxWidth))
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, $"The width multiplier must be between {MinWidth} and {MaxWidth}.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        CheckFits(name, input);

        int W(int units) => Math.Max(4, (int)MathF.Round(units * width));
        return name switch
        {
            Residual => new NetworkBuilder(input)
                .Conv(W(32)).BatchNormRelu()
                .Residual(W(64), stride: 2)
                .Residual(W(128), stride: 2)
                .GlobalAveragePool()
                .Dense(classes)
                .Build(Residual, seed),
            Separable => new NetworkBuilder(input)
                .SeparableBlock(W(32)).SeparableBlock(W(64)).MaxPool()
                .SeparableBlock(W(64)).SeparableBlock(W(128)).MaxPool()
                .SeparableBlock(W(64)).SeparableBlock(W(128))
                .GlobalAveragePool()
                .Dense(W(32)).Relu()
                .Dense(classes)
                .Build(Separable, seed),
            // 7×7 depthwise mixing in residual blocks (as ConvNeXt stages): each pixel sees a wider field early on,
            // so its mistakes differ from the 3×3 nets'.
            LargeKernel => new NetworkBuilder(input)
                .Conv(W(32)).BatchNormRelu()
                .Conv(W(64), stride: 2).BatchNorm()
                .LargeKernelBlock(W(64)).LargeKernelBlock(W(64))
                .Conv(W(128), stride: 2).BatchNorm()
                .LargeKernelBlock(W(128)).LargeKernelBlock(W(128))
                .GlobalAveragePool()
                .Dense(classes)
                .Build(LargeKernel, seed),
            // 2×2 patches embedded once, then large-kernel blocks that keep that one resolution to the end (as
            // ConvMixer, Trockman & Kolter 2022): no pyramid and no overlapping stem, so it errs unlike the nets above.
            Isotropic => new NetworkBuilder(input)
                .PatchEmbedding(W(80), patch: 2)
                .LargeKernelBlock(W(80)).LargeKernelBlock(W(80)).LargeKernelBlock(W(80)).LargeKernelBlock(W(80))
                .GlobalAveragePool()
                .Dense(classes)
                .Build(Isotropic, seed),
            // Plain 3×3 convolutions with pooling and no shortcuts: the family the two above improve on.
            Vgg => new NetworkBuilder(input)
                .Conv(W(32)).BatchNormRelu().MaxPool()
                .Conv(W(64)).BatchNormRelu()
                .Conv(W(64)).BatchNormRelu().MaxPool()
                .Conv(W(128)).BatchNormRelu()
                .GlobalAveragePool()
                .Dropout(0.2f)
                .Dense(classes)
                .Build(Vgg, seed),
            // No convolutions at all: it sees pixels, not local patterns, so its errors differ most.
            Mlp => new NetworkBuilder(input)
                .Dense(W(256)).Relu()
                .Dropout(0.2f)
                .Dense(W(128)).Relu()
                .Dense(classes)
                .Build(Mlp, seed),
            _ => throw new ArgumentException($"Unknown architecture '{name}'; choose one of: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>Why the preset cannot take a <paramref name="input"/> input, or null when it can.</summary>
    public static string? WhyNotFit(string name, TensorShape input) => name switch
    {
        // Residual and large-kernel halve with stride-2 convolutions (rounding up), separable and VGG with 2×2 max pools (rounding down).
        Residual or LargeKernel => WhyNotTwoHalvings(name, input, (input.Height + 3) / 4, (input.Width + 3) / 4),
        Separable or Vgg => WhyNotTwoHalvings(name, input, input.Height / 4, input.Width / 4),
        Isotropic when input.Height < 2 || input.Width < 2 =>
            $"The {name} preset cuts its input into 2×2 patches, so a {input.Height}×{input.Width} input has none; choose mlp for an input this small.",
        _ => null,
    };

    private static string? WhyNotTwoHalvings(string name, TensorShape input, int height, int width) =>
        height < 2 || width < 2
            ? $"The {name} preset halves its input twice, so a {input.Height}×{input.Width} input leaves {height}×{width} where it needs at least 2×2; choose mlp for an input this small."
            : null;

    private static void CheckFits(string name, TensorShape input)
    {
        if (WhyNotFit(name, input) is { } reason)
        {
            throw new ArgumentException(reason, nameof(input));
        }
    }
}
