namespace Ensemble.Training.Models;

/// <summary>The preset architectures, each a few lines of <see cref="ModelBuilder"/>.</summary>
public static class Architectures
{
    public const string Residual = "residual";
    public const string Separable = "separable";

    public static IReadOnlyList<string> Names { get; } = [Residual, Separable];

    public static Network Create(string name, int seed, int classes = 10) => name switch
    {
        Residual => new ModelBuilder(28, 28, 1)
            .Conv(32).BatchNormRelu()
            .Residual(64, stride: 2)
            .Residual(128, stride: 2)
            .GlobalAveragePool()
            .Dense(classes)
            .Build(Residual, seed),
        Separable => new ModelBuilder(28, 28, 1)
            .SeparableBlock(32).SeparableBlock(64).MaxPool()
            .SeparableBlock(64).SeparableBlock(128).MaxPool()
            .SeparableBlock(64).SeparableBlock(128)
            .GlobalAveragePool()
            .Dense(32).Relu()
            .Dense(classes)
            .Build(Separable, seed),
        _ => throw new ArgumentException($"Unknown architecture '{name}'; choose one of: {string.Join(", ", Names)}.", nameof(name)),
    };
}
