using Ensemble.Training.Layers;
using Ensemble.Training.Optimizers;

namespace Ensemble.Training.Tests.Optimizers;

public class OptimizerTests
{
    [Fact]
    public void Adam_FirstStep_MovesEachWeightByTheLearningRateAgainstItsGradientSign()
    {
        var p = Parameter([1f, -2f], [0.5f, -3f]);

        new Adam([p], 0f, decoupled: false).Step(0.1f);

        Assert.Equal(0.9f, p.Value[0], 1e-5f);
        Assert.Equal(-1.9f, p.Value[1], 1e-5f);
    }

    [Fact]
    public void AdamW_DecaysWeightsDirectly_AdamAddsDecayToTheGradient()
    {
        var decoupled = Parameter([2f], [0f]);
        var coupled = Parameter([2f], [0f]);

        new Adam([decoupled], 0.5f, decoupled: true).Step(0.1f);
        new Adam([coupled], 0.5f, decoupled: false).Step(0.1f);

        Assert.Equal(2f * (1 - 0.1f * 0.5f), decoupled.Value[0], 1e-6f); // zero gradient: only the decay acts
        Assert.Equal(1.9f, coupled.Value[0], 1e-5f); // the L2 term is the gradient, normalized by Adam to one lr step
    }

    [Fact]
    public void RmsProp_FollowsKerasUpdate()
    {
        var p = Parameter([1f], [2f]);

        new RmsProp([p], 0f).Step(0.01f);

        var s = 0.1f * 4f;
        Assert.Equal(1f - 0.01f * 2f / MathF.Sqrt(s + 1e-7f), p.Value[0], 1e-6f);
    }

    [Fact]
    public void Sgd_AccumulatesMomentum()
    {
        var p = Parameter([0f], [1f]);
        var sgd = new Sgd([p], 0f, momentum: 0.9f);

        sgd.Step(0.1f);
        sgd.Step(0.1f);

        Assert.Equal(-0.1f - 0.1f * 1.9f, p.Value[0], 1e-6f);
    }

    [Fact]
    public void WeightDecay_SkipsParametersThatDoNotDecay()
    {
        var bias = new Parameter("b", [1], decays: false);
        bias.Value[0] = 3f;

        new Sgd([bias], weightDecay: 1f).Step(0.1f);

        Assert.Equal(3f, bias.Value[0]);
    }

    [Fact]
    public void CosineSchedule_WarmsUpLinearlyThenDecaysToZero()
    {
        var schedule = new LearningRateSchedule(1f, Cosine: true, WarmupSteps: 10, TotalSteps: 110);

        Assert.Equal(0.1f, schedule.At(0), 1e-6f);
        Assert.Equal(1f, schedule.At(9), 1e-6f);
        Assert.Equal(1f, schedule.At(10), 1e-6f);
        Assert.Equal(0.5f, schedule.At(60), 1e-6f);
        Assert.Equal(0f, schedule.At(110), 1e-6f);
    }

    private static Parameter Parameter(float[] values, float[] gradients)
    {
        var p = new Parameter("p", [values.Length], decays: true);
        values.CopyTo(p.Value, 0);
        gradients.CopyTo(p.Gradient, 0);
        return p;
    }
}
