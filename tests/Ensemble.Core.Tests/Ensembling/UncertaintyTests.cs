using Ensemble.Core.Ensembling;

namespace Ensemble.Core.Tests.Ensembling;

public class UncertaintyTests
{
    [Fact]
    public void Measure_MatchesHandWorkedEntropyMutualInformationAndAgreement()
    {
        // Two members on one row: (0.9, 0.1) and (0.4, 0.6), equal weights; the mixture is (0.65, 0.35).
        float[] stacked = [0.9f, 0.1f, 0.4f, 0.6f];

        var row = Uncertainty.Measure(stacked, [0.5f, 0.5f], [0.65f, 0.35f], rows: 1, classes: 2).Single();

        // H(0.65, 0.35) = 0.647447; members' entropies 0.325083 and 0.673012.
        Assert.Equal(0.6474466390346325, row.Entropy, 6);
        Assert.Equal(0.14839931883428015, row.MutualInformation, 6);
        Assert.Equal(0.5, row.Agreement, 12);
    }

    [Fact]
    public void Measure_WeightsTheMixtureAndTheMeanEntropy_AndZeroWeightsDoNotVote()
    {
        float[] stacked = [0.9f, 0.1f, 0.4f, 0.6f, 0.1f, 0.9f];

        var row = Uncertainty.Measure(stacked, [0.75f, 0.25f, 0f], [0.775f, 0.225f], rows: 1, classes: 2).Single();

        // Mixture 0.75·(0.9, 0.1) + 0.25·(0.4, 0.6) = (0.775, 0.225).
        Assert.Equal(0.12109869394139833, row.MutualInformation, 6);
        Assert.Equal(0.5, row.Agreement, 12);
    }

    [Fact]
    public void Measure_MembersThatAgreeExactly_HaveNoMutualInformation()
    {
        float[] stacked = [0.2f, 0.5f, 0.3f, 0.2f, 0.5f, 0.3f, 0.2f, 0.5f, 0.3f];

        var row = Uncertainty.Measure(stacked, [1f, 1f, 1f], [0.2f, 0.5f, 0.3f], rows: 1, classes: 3).Single();

        Assert.Equal(0, row.MutualInformation, 6);
        Assert.Equal(1, row.Agreement, 12);
        Assert.Equal(Uncertainty.Entropy([0.2f, 0.5f, 0.3f]), row.Entropy, 12);
    }

    [Fact]
    public void Entropy_OfACertainAnswerIsZero_AndOfAUniformOneIsLogK()
    {
        Assert.Equal(0, Uncertainty.Entropy([0f, 1f, 0f, 0f]));
        Assert.Equal(Math.Log(4), Uncertainty.Entropy([0.25f, 0.25f, 0.25f, 0.25f]), 12);
    }
}
