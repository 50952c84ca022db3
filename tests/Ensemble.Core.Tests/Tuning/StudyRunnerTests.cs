using Ensemble.Core.Scoring;
using Ensemble.Core.Tests.Scoring;
using Ensemble.Core.Tuning;
using Xunit.Abstractions;

namespace Ensemble.Core.Tests.Tuning;

public class StudyRunnerTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(5, null)]
    [InlineData(3, null)]
    [InlineData(5, 0.2)]
    public void Split_PartitionsTheRows_AndIsSeedStable(int folds, double? holdout)
    {
        var plan = new StudyPlan(Objective.Accuracy, folds, holdout, Seed: 4);

        var split = StudyRunner.Split(1_003, plan);

        Assert.Equal(holdout is null ? folds : 1, split.Count);
        foreach (var (fit, held) in split)
        {
            Assert.Empty(fit.Intersect(held));
            Assert.Equal(1_003, fit.Length + held.Length);
        }

        if (holdout is null)
        {
            Assert.Equal(Enumerable.Range(0, 1_003), split.SelectMany(s => s.HeldOut).Order());
        }
        else
        {
            Assert.Equal(201, split[0].HeldOut.Length);
        }

        Assert.Equal(split.Select(s => s.HeldOut), StudyRunner.Split(1_003, plan).Select(s => s.HeldOut));
        Assert.NotEqual(split[0].HeldOut, StudyRunner.Split(1_003, plan with { Seed = 5 })[0].HeldOut);
    }

    [Fact]
    public void Run_ScoresEveryTrialOnRowsItWasNotFittedOn_AndRefitsOnAllValidation()
    {
        var validation = TableFactory.Random(1_000, [1.8, 1.2, 0.6], seed: 21);
        var test = TableFactory.Random(800, [1.8, 1.2, 0.6], seed: 22);
        var plan = new StudyPlan(Objective.Accuracy, Folds: 4, Seed: 2);
        var trials = new List<FoldTrial>();

        var result = StudyRunner.Run(plan, validation, test, () => new RandomSearch(50, 1.0, seed: 9), trials.Add);

        Assert.Equal(4 * 50, trials.Count);
        var (_, heldRows) = StudyRunner.Split(validation.Rows, plan)[2];
        var someTrial = trials.First(t => t.Fold == 3 && t.Number == 17);
        Assert.Equal(new MixtureScorer(validation.Select(heldRows)).Evaluate(someTrial.Weights), someTrial.HeldOut);
        // The applied weights are the best of the same 50 candidates on all validation rows, scored on test.
        var refit = new RandomSearch(50, 1.0, seed: 9).Run(new MixtureScorer(validation)).Aggregate((a, b) => b.Fit.IsBetterThan(a.Fit, Objective.Accuracy) ? b : a);
        Assert.Equal(WeightVectors.Pruned(refit.Weights), result.Weights);
        Assert.Equal(new MixtureScorer(test).Evaluate(WeightVectors.Pruned(refit.Weights)), result.Test);
        Assert.Equal("m0", result.BestSingle);
        Assert.InRange(result.HeldOut.Accuracy, 0.3, 1.0);
    }

    [Fact]
    public void Run_NeverFitsOnTheTestSplit()
    {
        var validation = TableFactory.Random(600, [1.5, 1.0], seed: 31);
        var plan = new StudyPlan(Objective.LogLoss, Folds: 3);

        var a = StudyRunner.Run(plan, validation, TableFactory.Random(500, [1.5, 1.0], seed: 32), () => new LogLossOptimum());
        var b = StudyRunner.Run(plan, validation, TableFactory.Random(500, [0.1, 3.0], seed: 33), () => new LogLossOptimum());

        Assert.Equal(a.Weights, b.Weights);
        Assert.Equal(a.HeldOut, b.HeldOut);
        Assert.NotEqual(a.Test, b.Test);
    }

    [Fact]
    public void Run_WithCalibration_TemperaturesOfOverconfidentMembers_LowerHeldOutAndTestLogLoss()
    {
        var validation = TableFactory.Overconfident(1_500, [3f, 2f], seed: 41);
        var test = TableFactory.Overconfident(1_000, [3f, 2f], seed: 42);
        var plan = new StudyPlan(Objective.LogLoss, Folds: 3, Calibrate: true);

        var result = StudyRunner.Run(plan, validation, test, () => new LogLossOptimum());

        var calibration = result.Calibration!;
        Assert.All(calibration.MemberTemperatures, t => Assert.True(t > 1.3f, $"temperature {t}"));
        Assert.Equal(3, calibration.Folds.Count);
        Assert.True(calibration.HeldOutAfter.LogLoss < calibration.HeldOutBefore.LogLoss - 0.05, $"{calibration.HeldOutBefore.LogLoss} → {calibration.HeldOutAfter.LogLoss}");
        Assert.True(calibration.TestAfter.LogLoss < calibration.TestBefore.LogLoss - 0.05, $"{calibration.TestBefore.LogLoss} → {calibration.TestAfter.LogLoss}");
        Assert.True(calibration.TestAfter.Ece < calibration.TestBefore.Ece);
        Assert.Equal(1_500, calibration.HeldOutAfter.Rows);
        Assert.Equal(new Score(calibration.TestAfter.Accuracy, calibration.TestAfter.LogLoss), result.Test);
    }

    [Fact]
    public void Run_WithCalibration_NeverFitsTemperaturesOnHeldOutOrTestRows()
    {
        var plan = new StudyPlan(Objective.LogLoss, HoldoutFraction: 0.3, Calibrate: true);
        var validation = TableFactory.Overconfident(1_000, [3f, 1.5f], seed: 51);
        var (_, heldRows) = StudyRunner.Split(validation.Rows, plan)[0];
        // The same fit rows, other held-out rows: much sharper members there.
        var otherHeldOut = TableFactory.Spliced(validation, TableFactory.Overconfident(1_000, [6f, 6f], seed: 52), heldRows);

        var a = StudyRunner.Run(plan, validation, TableFactory.Overconfident(800, [3f, 1.5f], seed: 53), () => new LogLossOptimum());
        var b = StudyRunner.Run(plan, otherHeldOut, TableFactory.Overconfident(800, [3f, 1.5f], seed: 53), () => new LogLossOptimum());
        var c = StudyRunner.Run(plan, validation, TableFactory.Overconfident(800, [0.5f, 0.5f], seed: 54), () => new LogLossOptimum());

        Assert.Equal(a.Calibration!.Folds[0].Members, b.Calibration!.Folds[0].Members);
        Assert.Equal(a.Calibration.Folds[0].Ensemble, b.Calibration.Folds[0].Ensemble);
        Assert.NotEqual(a.Calibration.HeldOutAfter.LogLoss, b.Calibration.HeldOutAfter.LogLoss);
        Assert.Equal(a.Calibration.MemberTemperatures, c.Calibration!.MemberTemperatures);
        Assert.Equal(a.Calibration.Temperature, c.Calibration.Temperature);
        Assert.Equal(a.Weights, c.Weights);
        Assert.NotEqual(a.Calibration.TestAfter.LogLoss, c.Calibration.TestAfter.LogLoss);
    }

    [Fact]
    public void Run_NamesTheMostAccurateMemberAsBestSingle_EvenUnderTheLogLossObjective()
    {
        // m0 is right on 90 % of rows but sure of its mistakes (log-loss ≈ 0.46); m1 is right on 80 % and hedges (≈ 0.34).
        var labels = Enumerable.Range(0, 200).Select(r => (byte)(r % 10)).ToArray();
        (int, float)[] Row(int label, bool right, float sure, float doubt) =>
            right ? [(label, sure), ((label + 1) % 10, 1 - sure)] : [((label + 1) % 10, 1 - doubt), (label, doubt)];
        var sharp = labels.Select((l, r) => Row(l, r % 10 != 0, 0.999f, 0.01f)).ToArray();
        var hedging = labels.Select((l, r) => Row(l, r % 5 != 1, 0.8f, 0.45f)).ToArray();
        var table = TableFactory.Hand(labels, sharp, hedging);

        var result = StudyRunner.Run(new StudyPlan(Objective.LogLoss, Folds: 4), table, table, () => new LogLossOptimum());

        Assert.Equal("m0", result.BestSingle);
        Assert.Equal(0.9, result.BestSingleHeldOut.Accuracy, 1e-9);
        Assert.Equal(0.9, result.BestSingleTest.Accuracy, 1e-9);
        Assert.True(result.BestSingleHeldOut.LogLoss > new MixtureScorer(table).Evaluate(WeightVectors.OneHot(2, 1)).LogLoss);
    }

    [Fact]
    public void Run_WithoutCalibration_HasNoCalibration() =>
        Assert.Null(StudyRunner.Run(new StudyPlan(Objective.Accuracy, Folds: 2), TableFactory.Random(200, [1.0, 1.0], seed: 61), TableFactory.Random(100, [1.0, 1.0], seed: 62), () => new RandomSearch(5, 1.0, seed: 1)).Calibration);

    [Fact]
    public void Run_DropsTheNegligibleWeightsTheOptimumLeaves_SoServingSkipsThoseMembers()
    {
        // Four good members and four weaker ones: the optimum all but drops the weaker ones, and EM leaves them at
        // tiny positive weights that would cost a full inference each.
        var validation = TableFactory.Random(3_000, TableFactory.FourStrongFourWeaker, seed: 71);
        var test = TableFactory.Random(1_000, TableFactory.FourStrongFourWeaker, seed: 72);
        var plan = new StudyPlan(Objective.LogLoss, Folds: 3);
        var all = new MixtureScorer(validation);
        var raw = new LogLossOptimum().BestTrial(all, Objective.LogLoss);

        var result = StudyRunner.Run(plan, validation, test, () => new LogLossOptimum());

        output.WriteLine($"raw {string.Join(" / ", raw.Weights.Select(w => w.ToString("G3")))}; applied {string.Join(" / ", result.Weights)}");
        var negligible = Enumerable.Range(0, 8).Where(m => raw.Weights[m] > 0 && raw.Weights[m] < WeightVectors.NegligibleShare).ToList();
        Assert.NotEmpty(negligible);
        Assert.All(negligible, m => Assert.Equal(0f, result.Weights[m]));
        Assert.All(Enumerable.Range(0, 8).Except(negligible), m => Assert.Equal(raw.Weights[m] / raw.Weights.Where(w => w >= WeightVectors.NegligibleShare).Sum(), result.Weights[m], 1e-6));
        Assert.Equal(raw.Fit.LogLoss, result.Validation.LogLoss, 1e-4);
        Assert.Equal(new MixtureScorer(test).Evaluate(result.Weights), result.Test);
    }

    [Fact]
    public void Run_ReportsHowFarShortOfTheOptimum_ABudgetStoppedTheLogLossOptimum()
    {
        var validation = TableFactory.Random(1_500, TableFactory.FourStrongFourWeaker, seed: 81);
        var test = TableFactory.Random(500, TableFactory.FourStrongFourWeaker, seed: 82);
        var plan = new StudyPlan(Objective.LogLoss, Folds: 3);

        var converged = StudyRunner.Run(plan, validation, test, () => new LogLossOptimum());
        var capped = StudyRunner.Run(plan, validation, test, () => new LogLossOptimum(maxIterations: 1));
        var search = StudyRunner.Run(plan, validation, test, () => new RandomSearch(20, 1.0, seed: 1));

        Assert.InRange(converged.OptimalityGap!.Value, 0, LogLossOptimum.DefaultTolerance);
        // The bound holds: the capped refit's loss is no further above the converged one's than it says.
        Assert.True(capped.OptimalityGap > LogLossOptimum.DefaultTolerance, $"gap {capped.OptimalityGap}");
        Assert.InRange(capped.Validation.LogLoss - converged.Validation.LogLoss, 0, capped.OptimalityGap!.Value + 1e-6);
        Assert.Null(search.OptimalityGap);
    }
}
