using Ensemble.Tasks.Data;
using Ensemble.Training.Data;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Tests.Data;

public class BatchLoaderTests
{
    private static readonly TensorShape Shape = new(1, 28, 28);

    private static readonly LabeledSamples Images = Synthetic(50);

    // Image i is flat at value i + 1 (in 255ths) with label i mod 10, so a pasted pixel names the image it came from.
    private static readonly LabeledSamples FlatImages = Flat(200);

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
    public void RandomErasing_FillsOneRectangleOfTheStatedAreaWithNoise_AtItsRate()
    {
        // A black image: whatever is not zero after erasing is the rectangle.
        var black = LabeledSamples.FromBytes(new byte[400 * 28 * 28], new int[400], 28 * 28);
        var loader = new BatchLoader(black, Shape, 400, seed: 5, shuffle: false, augment: false, erasing: 0.5f);
        loader.StartEpoch(0);
        var batch = new Tensor(Shape);
        var labels = Array.Empty<int>();
        loader.Fill(0, batch, ref labels);

        var erased = 0;
        for (var i = 0; i < 400; i++)
        {
            var image = batch.Sample(i).ToArray();
            var lit = Enumerable.Range(0, image.Length).Where(p => image[p] != 0f).ToArray();
            if (lit.Length == 0)
            {
                continue;
            }

            erased++;
            int top = lit.Min(p => p / 28), bottom = lit.Max(p => p / 28), left = lit.Min(p => p % 28), right = lit.Max(p => p % 28);
            var area = (bottom - top + 1) * (right - left + 1);
            // Noise in [0, 1) is almost never exactly 0, so the lit pixels fill their bounding box.
            Assert.InRange(lit.Length, area - 2, area);
            Assert.InRange(area, (int)(0.02 * 784) - 28, (int)(0.4 * 784) + 28);
            Assert.All(lit, p => Assert.InRange(image[p], 0f, 1f));
        }

        // Binomial(400, 0.5): 160–240 holds with probability above 1 − 1e-4.
        Assert.InRange(erased, 160, 240);
    }

    [Fact]
    public void RandomErasing_IsAPureFunctionOfSeedEpochAndPosition()
    {
        static float[] Fill(int seed)
        {
            var loader = new BatchLoader(Images, Shape, 50, seed, shuffle: true, augment: true, erasing: 1f);
            loader.StartEpoch(3);
            var batch = new Tensor(Shape);
            var labels = Array.Empty<int>();
            loader.Fill(0, batch, ref labels);
            return batch.Span.ToArray();
        }

        Assert.Equal(Fill(1), Fill(1));
        Assert.NotEqual(Fill(1), Fill(2));
    }

    [Fact]
    public void CutMix_PastesOneRectangleOfAnotherImage_AndReportsItsLabelAndShare_AtItsRate()
    {
        const int count = 200;
        var loader = new BatchLoader(FlatImages, Shape, count, seed: 7, shuffle: false, augment: false, cutMix: 0.5f);
        loader.StartEpoch(0);
        var batch = new Tensor(Shape);
        var labels = Array.Empty<int>();
        loader.Fill(0, batch, ref labels);

        var mixed = 0;
        for (var i = 0; i < count; i++)
        {
            var image = batch.Sample(i).ToArray();
            var own = FlatValue(i);
            var foreign = Enumerable.Range(0, 784).Where(p => image[p] != own).ToArray();
            var share = loader.PartnerShares[i];
            if (share == 0f)
            {
                Assert.Empty(foreign);
                Assert.Equal(labels[i], loader.Partners[i]);
                continue;
            }

            mixed++;
            if (foreign.Length == 0)
            {
                // The draw picked the image itself: nothing visible changes, and the target is still its own label.
                Assert.Equal(labels[i], loader.Partners[i]);
                continue;
            }

            var source = Enumerable.Range(0, FlatImages.Count).Single(j => FlatValue(j) == image[foreign[0]]);
            Assert.All(foreign, p => Assert.Equal(image[foreign[0]], image[p]));
            Assert.Equal(source % 10, loader.Partners[i]);
            int top = foreign.Min(p => p / 28), bottom = foreign.Max(p => p / 28), left = foreign.Min(p => p % 28), right = foreign.Max(p => p % 28);
            Assert.Equal((bottom - top + 1) * (right - left + 1), foreign.Length);
            Assert.Equal(foreign.Length / 784f, share, 6);
        }

        // Binomial(200, 0.5): 70–130 holds with probability above 1 − 1e-4.
        Assert.InRange(mixed, 70, 130);
    }

    [Fact]
    public void CutMix_IsAPureFunctionOfSeedEpochAndPosition()
    {
        static (float[] Pixels, int[] Partners, float[] Shares) Fill(int seed)
        {
            var loader = new BatchLoader(FlatImages, Shape, 50, seed, shuffle: true, augment: true, cutMix: 1f);
            loader.StartEpoch(2);
            var batch = new Tensor(Shape);
            var labels = Array.Empty<int>();
            loader.Fill(0, batch, ref labels);
            return (batch.Span.ToArray(), loader.Partners.ToArray(), loader.PartnerShares.ToArray());
        }

        var (pixels, partners, shares) = Fill(1);
        var again = Fill(1);
        Assert.Equal(pixels, again.Pixels);
        Assert.Equal(partners, again.Partners);
        Assert.Equal(shares, again.Shares);
        Assert.NotEqual(pixels, Fill(2).Pixels);
        Assert.Contains(shares, s => s > 0f);
    }

    [Fact]
    public void CutMix_Off_ReportsNoPartners()
    {
        var loader = new BatchLoader(Images, Shape, 10, seed: 1, shuffle: false, augment: false);
        loader.StartEpoch(0);
        var batch = new Tensor(Shape);
        var labels = Array.Empty<int>();
        loader.Fill(0, batch, ref labels);

        Assert.True(loader.Partners.IsEmpty);
        Assert.True(loader.PartnerShares.IsEmpty);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1.5f)]
    public void CutMix_OutsideAProbability_IsRefused(float cutMix) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchLoader(Images, Shape, 4, seed: 1, shuffle: false, augment: false, cutMix: cutMix));

    [Fact]
    public void CutMix_OnSamplesThatAreNotImages_IsRefused()
    {
        var features = LabeledSamples.FromBytes(new byte[4 * 8], [0, 1, 0, 1], 8);

        var error = Assert.Throws<ArgumentException>(() => new BatchLoader(features, new TensorShape(8, 1, 1), 4, seed: 1, shuffle: false, augment: false, cutMix: 0.5f));
        Assert.Contains("not images", error.Message);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1.5f)]
    public void RandomErasing_OutsideAProbability_IsRefused(float erasing) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchLoader(Images, Shape, 4, seed: 1, shuffle: false, augment: false, erasing));

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
    private static LabeledSamples Flat(int count)
    {
        var pixels = new byte[count * 784];
        for (var i = 0; i < count; i++)
        {
            pixels.AsSpan(i * 784, 784).Fill((byte)(i + 1));
        }

        return LabeledSamples.FromBytes(pixels, [.. Enumerable.Range(0, count).Select(i => i % 10)], 784);
    }

    private static float FlatValue(int image)
    {
        var pixels = new float[784];
        FlatImages.CopyInput(image, pixels);
        return pixels[0];
    }

    private static LabeledSamples Synthetic(int count) =>
        LabeledSamples.FromBytes(new byte[count * 28 * 28], [.. Enumerable.Range(0, count)], 28 * 28);
}
