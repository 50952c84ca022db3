using CsCheck;
using Ensemble.Core.Scoring;
using Ensemble.Core.Tests.Scoring;
using Ensemble.Core.Tuning;

namespace Ensemble.Core.Tests.Tuning;

public class ParetoFrontTests
{
    private static ParetoPoint Point(double mflop, double accuracy) => new([1f], mflop, null, new Score(accuracy, 0.3), new Score(accuracy, 0.3));

    [Fact]
    public void TheFront_KeepsWhatNothingBeats_CheapestFirst_HandWorked()
    {
        ParetoPoint[] points = [Point(30, 0.90), Point(10, 0.85), Point(20, 0.85), Point(40, 0.95), Point(35, 0.89), Point(10, 0.80)];

        var front = ParetoFront.Of(points);

        // 20/0.85 costs more than 10/0.85 for the same; 35/0.89 costs more than 30/0.90 for less; 10/0.80 ties on cost for less.
        Assert.Equal([(10, 0.85), (30, 0.90), (40, 0.95)], front.Select(p => (p.Mflop, p.HeldOut.Accuracy)));
    }

    [Fact]
    public void NoPointOfTheFront_IsDominated_AndEveryPointLeftOut_Is()
    {
        var points = Gen.Select(Gen.Int[0, 20], Gen.Int[0, 20], (cost, accuracy) => Point(cost * 5, accuracy / 20.0)).Array[1, 40];

        points.Sample(all =>
        {
            var front = ParetoFront.Of(all);
            static bool Dominates(ParetoPoint a, ParetoPoint b) =>
                a.Mflop <= b.Mflop && a.HeldOut.Accuracy >= b.HeldOut.Accuracy && (a.Mflop < b.Mflop || a.HeldOut.Accuracy > b.HeldOut.Accuracy);

            Assert.All(front, p => Assert.DoesNotContain(all, q => Dominates(q, p)));
            Assert.All(all.Where(p => !front.Contains(p)), p => Assert.Contains(front, q => Dominates(q, p) || (q.Mflop, q.HeldOut) == (p.Mflop, p.HeldOut)));
            Assert.Equal(front.OrderBy(p => p.Mflop), front);
        }, iter: 300);
    }

    [Fact]
    public void AStudysCandidates_AreEverySingleMember_AndTheSetsItsRefitTried_EachWithinItsLimit()
    {
        var table = TableFactory.Random(300, TableFactory.FourStrongFourWeaker, seed: 9);
        var bound = new CostBound([10, 20, 30, 40, 10, 20, 30, 40], 60);

        var result = StudyRunner.Run(new StudyPlan(Objective.Accuracy, Folds: 3), table, table, () => new GreedySelection(10, 1, Objective.Accuracy, bound));

        var supports = result.Subsets!.Select(s => string.Join(",", Enumerable.Range(0, 8).Where(m => s.Weights[m] > 0))).ToList();
        Assert.All(Enumerable.Range(0, 8), m => Assert.Contains(m.ToString(System.Globalization.CultureInfo.InvariantCulture), supports));
        Assert.Contains(string.Join(",", Enumerable.Range(0, 8).Where(m => result.Weights[m] > 0)), supports);
        Assert.All(result.Subsets!, s => Assert.True(bound.Fits(s.Weights)));
        Assert.All(result.Subsets!, s => Assert.InRange(s.Folds, 1, 3));
        Assert.Equal(supports.Distinct().Count(), supports.Count);
    }
}
