using Ensemble.Tasks.Data;
using Ensemble.Training.Data;

namespace Ensemble.Training.Tests.Data;

public sealed class SampleDeduplicatorTests
{
    // How LabeledSamples serves a byte: value × (1 / 255), the float a model sees.
    private const float Byte = 1f / 255f;

    [Fact]
    public void TrainingSamplesEqualToAHeldOutOne_AreDropped_AndTheRestKeepTheirOrder()
    {
        // Bytes in train, floats held out: equal means equal as the model's input (value / 255).
        var train = LabeledSamples.FromBytes([1, 2, 3, 4, 5, 6, 7, 8], [0, 1, 2, 3], sampleSize: 2);
        var validation = LabeledSamples.FromFloats([3 * Byte, 4 * Byte], [1], sampleSize: 2);
        var test = LabeledSamples.FromFloats([7 * Byte, 8 * Byte, 2 * Byte, 1 * Byte], [3, 0], sampleSize: 2);

        var (kept, dropped) = SampleDeduplicator.ExceptHeldOut(train, validation, test);

        Assert.Equal(2, dropped);
        Assert.Equal([0, 2], kept.Labels);
        var first = new float[2];
        kept.CopyInput(1, first);
        Assert.Equal([5 * Byte, 6 * Byte], first);
    }

    [Fact]
    public void NothingInCommon_KeepsTheSameSamples() =>
        Assert.Equal(0, SampleDeduplicator.ExceptHeldOut(
            LabeledSamples.FromBytes([1, 2], [0], 2), LabeledSamples.FromBytes([2, 1], [0], 2)).Dropped);
}
