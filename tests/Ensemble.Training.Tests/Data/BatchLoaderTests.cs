using Ensemble.Training.Data;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Tests.Data;

public class BatchLoaderTests
{
    private static readonly TensorShape Shape = new(1, 28, 28);

    private static readonly LabeledSamples Images = Synthetic(50);

    [Fact]
    public void StartEpoch_SameSeedAndEpoch_GivesTheSameOrder_AndOtherEpochsDiffer()
    {
        Assert.Equal(Labels(seed: 1, epoch: 0), Labels(seed: 1, epoch: 0));
        Assert.NotEqual(Labels(seed: 1, epoch: 0), Labels(seed: 1, epoch: 1));
        Assert.NotEqual(Labels(seed: 1, epoch: 0), Labels(seed: 2, epoch: 0));
    }

    [Fact]
    public void Epoch_VisitsEveryImageOnce()
    {
        var labels = Labels(seed: 3, epoch: 2);

        Assert.Equal(Enumerable.Range(0, 50).Order(), labels.Order());
    }

    [Fact]
    public void Augment_ShiftsByAtMostTwoPixelsOrFlips_AndKeepsScaledPixelValues()
    {
        // One bright pixel at (10, 12): after augmentation it must sit within ±2 px of (10, 12) or of its mirror.
        var pixels = new byte[28 * 28];
        pixels[10 * 28 + 12] = 255;
        var single = LabeledSamples.FromBytes(pixels, [0], 28 * 28);
        for (var epoch = 0; epoch < 30; epoch++)
        {
            var loader = new BatchLoader(single, Shape, 1, seed: 9, shuffle: true, augment: true);
            loader.StartEpoch(epoch);
            var batch = new Tensor(loader.SampleShape);
            var labels = Array.Empty<int>();
            loader.Fill(0, batch, ref labels);

            var index = batch.Span.IndexOf(1f);
            Assert.True(index >= 0, "the pixel stays inside the image");
            int y = index / 28, x = index % 28;
            Assert.InRange(y, 8, 12);
            Assert.True(Math.Abs(x - 12) <= 2 || Math.Abs(x - 15) <= 2, $"x = {x}");
            Assert.Equal(1, batch.Span.ToArray().Count(v => v != 0f));
        }
    }

    [Fact]
    public void Augment_MovesEveryChannelTheSameWay_AndAnEightPixelImageByAtMostOne()
    {
        // A 3×8×8 image whose channels hold one bright pixel each at (3, 4), with values 0.25, 0.5 and 1.
        var shape = new TensorShape(3, 8, 8);
        var values = new float[shape.Size];
        for (var c = 0; c < 3; c++)
        {
            values[c * 64 + 3 * 8 + 4] = 0.25f * (1 << c);
        }

        var single = LabeledSamples.FromFloats(values, [0], shape.Size);
        for (var epoch = 0; epoch < 30; epoch++)
        {
            var loader = new BatchLoader(single, shape, 1, seed: 4, shuffle: false, augment: true);
            loader.StartEpoch(epoch);
            var batch = new Tensor(shape);
            var labels = Array.Empty<int>();
            loader.Fill(0, batch, ref labels);

            var planes = Enumerable.Range(0, 3).Select(c => batch.Span.Slice(c * 64, 64).ToArray()).ToArray();
            var index = Array.IndexOf(planes[0], 0.25f);
            Assert.True(index >= 0, "the pixel stays inside the image");
            Assert.Equal(index, Array.IndexOf(planes[1], 0.5f));
            Assert.Equal(index, Array.IndexOf(planes[2], 1f));
            int y = index / 8, x = index % 8;
            Assert.InRange(y, 2, 4);
            Assert.True(Math.Abs(x - 4) <= 1 || Math.Abs(x - 3) <= 1, $"x = {x}");
        }
    }

    [Fact]
    public void Samples_ThatAreNotTheShape_AreRefused() =>
        Assert.Throws<ArgumentException>(() => new BatchLoader(Images, new TensorShape(3, 28, 28), 4, seed: 1, shuffle: false, augment: false));

    private static int[] Labels(int seed, int epoch)
    {
        var loader = new BatchLoader(Images, Shape, 16, seed, shuffle: true, augment: false);
        loader.StartEpoch(epoch);
        var batch = new Tensor(loader.SampleShape);
        var labels = Array.Empty<int>();
        var all = new List<int>();
        for (var b = 0; b < loader.BatchesPerEpoch; b++)
        {
            loader.Fill(b, batch, ref labels);
            all.AddRange(labels.AsSpan(0, batch.Batch));
        }

        return [.. all];
    }

    // Label i identifies image i, so the label order is the visiting order.
    private static LabeledSamples Synthetic(int count) =>
        LabeledSamples.FromBytes(new byte[count * 28 * 28], [.. Enumerable.Range(0, count)], 28 * 28);
}
