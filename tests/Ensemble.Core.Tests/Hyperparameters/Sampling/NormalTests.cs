using Ensemble.Core.Hyperparameters.Sampling;

namespace Ensemble.Core.Tests.Hyperparameters.Sampling;

public class NormalTests
{
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.8413447460685429)]
    [InlineData(-1.96, 0.024997895148220435)]
    [InlineData(3.0, 0.9986501019683699)]
    public void Cdf_MatchesTabulatedValues(double x, double expected) =>
        Assert.Equal(expected, Normal.Cdf(x), 6);

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.975)]
    [InlineData(0.001)]
    [InlineData(0.3)]
    public void InverseCdf_UndoesTheCdf(double p) =>
        Assert.Equal(p, Normal.Cdf(Normal.InverseCdf(p)), 6);
}
