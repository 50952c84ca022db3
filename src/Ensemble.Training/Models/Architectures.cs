namespace Ensemble.Training.Models;

/// <summary>
/// The preset architectures, each a few lines of <see cref="ModelBuilder"/>. Four families that make different
/// mistakes: residual, depthwise-separable, a plain VGG-style stack and a multilayer perceptron. The width
/// multiplier scales every hidden layer (1 gives the published parameter counts).
/// </summary>
public static class Architectures
{
    public const string Residual = "residual";
    public const string Separable = "separable";
    public const string Vgg = "vgg";
    public const string Mlp = "mlp";
    public const float MinWidth = 0.25f;
    public const float MaxWidth = 4f;

    public static IReadOnlyList<string> Names { get; } = [Residual, Separable, Vgg, Mlp];

    public static Network Create(string name, int seed, float width = 1f, int classes = 10)
    {
        if (!(width >= MinWidth && width <= MaxWidth))
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, $"The width multiplier must be between {MinWidth} and {MaxWidth}.");
        }

        int W(int units) => Math.Max(4, (int)MathF.Round(units * width));
        return name switch
        {
            Residual => new ModelBuilder(28, 28, 1)
                .Conv(W(32)).BatchNormRelu()
                .Residual(W(64), stride: 2)
                .Residual(W(128), stride: 2)
                .GlobalAveragePool()
                .Dense(classes)
                .Build(Residual, seed),
            Separable => new ModelBuilder(28, 28, 1)
                .SeparableBlock(W(32)).SeparableBlock(W(64)).MaxPool()
                .SeparableBlock(W(64)).SeparableBlock(W(128)).MaxPool()
                .SeparableBlock(W(64)).SeparableBlock(W(128))
                .GlobalAveragePool()
                .Dense(W(32)).Relu()
                .Dense(classes)
                .Build(Separable, seed),
            // Plain 3×3 convolutions with pooling and no shortcuts: the family the two above improve on.
            Vgg => new ModelBuilder(28, 28, 1)
                .Conv(W(32)).BatchNormRelu().MaxPool()
                .Conv(W(64)).BatchNormRelu()
                .Conv(W(64)).BatchNormRelu().MaxPool()
                .Conv(W(128)).BatchNormRelu()
                .GlobalAveragePool()
                .Dropout(0.2f)
                .Dense(classes)
                .Build(Vgg, seed),
            // No convolutions at all: it sees pixels, not local patterns, so its errors differ most.
            Mlp => new ModelBuilder(28, 28, 1)
                .Dense(W(256)).Relu()
                .Dropout(0.2f)
                .Dense(W(128)).Relu()
                .Dense(classes)
                .Build(Mlp, seed),
            _ => throw new ArgumentException($"Unknown architecture '{name}'; choose one of: {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
