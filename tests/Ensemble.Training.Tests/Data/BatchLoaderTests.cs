using Ensemble.Training.Data;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Tests.Data;

public class BatchLoaderTests
{
    private static readonly LabeledImages Images = Synthetic(50);

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

        Assert.Equal(Enumerable.Range(0, 50).Select(i => (byte)i).Order(), labels.Order());
    }

    [Fact]
    public void Augment_ShiftsByAtMostTwoPixelsOrFlips_AndKeepsScaledPixelValues()
    {
        // One bright pixel at (10, 12): after augmentation it must sit within ±2 px of (10, 12) or of its mirror.
        var pixels = new byte[28 * 28];
        pixels[10 * 28 + 12] = 255;
        var single = new LabeledImages(pixels, [0], 28, 28);
        for (var epoch = 0; epoch < 30; epoch++)
        {
            var loader = new BatchLoader(single, 1, seed: 9, shuffle: true, augment: true);
            loader.StartEpoch(epoch);
            var batch = new Tensor(loader.SampleShape);
            var labels = Array.Empty<byte>();
            loader.Fill(0, batch, ref labels);

            var index = batch.Span.IndexOf(1f);
            Assert.True(index >= 0, "the pixel stays inside the image");
            int y = index / 28, x = index % 28;
            Assert.InRange(y, 8, 12);
            Assert.True(Math.Abs(x - 12) <= 2 || Math.Abs(x - 15) <= 2, $"x = {x}");
            Assert.Equal(1, batch.Span.ToArray().Count(v => v != 0f));
        }
    }

    private static byte[] Labels(int seed, int epoch)
    {
        var loader = new BatchLoader(Images, 16, seed, shuffle: true, augment: false);
        loader.StartEpoch(epoch);
        var batch = new Tensor(loader.SampleShape);
        var labels = Array.Empty<byte>();
        var all = new List<byte>();
        for (var b = 0; b < loader.BatchesPerEpoch; b++)
        {
            loader.Fill(b, batch, ref labels);
            all.AddRange(labels.AsSpan(0, batch.Batch));
        }

        return [.. all];
    }

    // Label i identifies image i, so the label order is the visiting order.
    private static LabeledImages Synthetic(int count) =>
        new(new byte[count * 28 * 28], Enumerable.Range(0, count).Select(i => (byte)i).ToArray(), 28, 28);
}
