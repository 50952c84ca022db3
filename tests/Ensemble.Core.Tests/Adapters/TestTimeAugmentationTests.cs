using Ensemble.Core.Adapters;

namespace Ensemble.Core.Tests.Adapters;

public class TestTimeAugmentationTests
{
    // A 1×2×3 image task with three classes, the model's classes in the order (2, 0, 1) of the task's.
    private static readonly ModelAdapter Adapter = new()
    {
        InputName = "x",
        Layout = InputLayout.Nchw,
        InputShape = [-1, 1, 2, 3],
        Channels = 1,
        Plane = 6,
        Width = 3,
        OutputName = "y",
        OutputKind = OutputKind.Probabilities,
        ClassOrder = [2, 0, 1],
        Classes = 3,
        FlipAverage = true,
    };

    [Fact]
    public void EveryRow_RunsAsItIsAndMirroredLeftToRight()
    {
        float[] image = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        var model = new float[4 * 6];

        Adapter.PrepareInput(image, model, rows: 2);

        Assert.Equal([1, 2, 3, 4, 5, 6, 3, 2, 1, 6, 5, 4, 7, 8, 9, 10, 11, 12, 9, 8, 7, 12, 11, 10], model);
        Assert.False(Adapter.IsIdentityInput);
        Assert.Equal(2, Adapter.RowsPerSample);
    }

    [Fact]
    public void TheTwoAnswers_AreAveraged_InTheTasksClassOrder()
    {
        // Row 0 as it is, then mirrored; the model's class k is the task's ClassOrder[k].
        float[] model = [0.6f, 0.3f, 0.1f, 0.2f, 0.5f, 0.3f];
        var task = new float[3];

        Adapter.FinishOutput(model, task, rows: 1);

        // Task class 2 ← model class 0: (0.6 + 0.2) / 2; class 0 ← model 1: (0.3 + 0.5) / 2; class 1 ← model 2: (0.1 + 0.3) / 2.
        Assert.Equal([0.4f, 0.2f, 0.4f], task, new Tolerance());
    }

    private sealed class Tolerance : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) < 1e-6f;

        public int GetHashCode(float obj) => 0;
    }
}
