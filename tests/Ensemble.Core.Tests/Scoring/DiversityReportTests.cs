using Ensemble.Core.Ensembling;
using Ensemble.Core.Scoring;

namespace Ensemble.Core.Tests.Scoring;

public class DiversityReportTests
{
    [Fact]
    public void MostDisagreed_RanksRowsByTheMembersMutualInformation_WithWhatEachSaid()
    {
        // Row 0: both sure of class 0; row 1: sure of different classes; row 2: mildly apart.
        var table = TableFactory.Hand([0, 1, 2],
            [[(0, 0.9f)], [(1, 0.9f)], [(2, 0.6f)]],
            [[(0, 0.9f)], [(3, 0.9f)], [(4, 0.6f)]]);

        var report = DiversityReport.Compute(table, [0.5f, 0.5f], mostDisagreed: 2);

        Assert.Equal([1, 2], report.MostDisagreed.Select(r => r.Row));
        var first = report.MostDisagreed[0];
        Assert.Equal(1, first.Label);
        Assert.Equal([1, 3], first.Members);
        var stacked = new[] { table.MemberProbabilities(0).AsSpan(10, 10).ToArray(), table.MemberProbabilities(1).AsSpan(10, 10).ToArray() }.SelectMany(p => p).ToArray();
        var mixture = stacked.Take(10).Zip(stacked.Skip(10), (a, b) => (a + b) / 2).ToArray();
        Assert.Equal(Uncertainty.Measure(stacked, [0.5f, 0.5f], mixture, 1, 10)[0].MutualInformation, first.MutualInformation, 12);
        Assert.True(first.MutualInformation > report.MostDisagreed[1].MutualInformation);
    }
}
