using Ensemble.Training.Kernels;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Tests.Kernels;

public class Im2ColTests
{
    [Theory]
    [InlineData(3, 28, 28, 3, 1, 1)]
    [InlineData(2, 28, 28, 3, 2, 1)]
    [InlineData(4, 7, 7, 1, 2, 0)]
    [InlineData(1, 5, 6, 3, 1, 0)]
    [InlineData(2, 5, 7, 5, 1, 2)]
    [InlineData(2, 3, 3, 5, 1, 2)]
    [InlineData(3, 14, 14, 3, 2, 1)]
    [InlineData(2, 12, 12, 5, 2, 2)]
    [InlineData(2, 12, 9, 3, 3, 1)]
    [InlineData(2, 8, 8, 3, 2, 0)]
    public void Fold_IsTheAdjointOfUnfold(int channels, int height, int width, int kernel, int stride, int pad)
    {
        var g = new ConvGeometry(channels, height, width, kernel, stride, pad);
        var random = new SplitMix64(5);
        var image = new float[channels * height * width];
        var columns = new float[g.PatchSize * g.OutPlane];
        for (var i = 0; i < image.Length; i++)
        {
            image[i] = random.NextSingle();
        }

        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = random.NextSingle();
        }

        var unfolded = new float[columns.Length];
        Im2Col.Unfold(g, image, unfolded, g.OutPlane, 0);
        var left = unfolded.Zip(columns, (u, c) => (double)u * c).Sum();
        var folded = new float[image.Length];
        Im2Col.Fold(g, columns, g.OutPlane, 0, folded);

        // <Unfold(x), y> = <x, Fold(y)> holds exactly when Fold scatters back what Unfold gathered.
        var right = image.Zip(folded, (x, f) => (double)x * f).Sum();
        Assert.Equal(left, right, 1e-3);
    }

    // The fast paths (shifted copies at stride 1, polyphase copies at stride s) against the definition: row
    // (c, ky, kx) of image i's columns holds pixel (oy·s − pad + ky, ox·s − pad + kx), or 0 on padding.
    [Theory]
    [InlineData(3, 28, 28, 3, 1, 1)]
    [InlineData(2, 28, 28, 3, 2, 1)]
    [InlineData(3, 14, 14, 3, 2, 1)]
    [InlineData(2, 28, 28, 1, 2, 0)]
    [InlineData(2, 12, 12, 5, 2, 2)]
    [InlineData(2, 12, 9, 3, 3, 1)]
    [InlineData(2, 8, 8, 3, 2, 0)]
    [InlineData(2, 7, 7, 3, 2, 1)]
    public void Unfold_MatchesTheDefinition_ForTheSecondImageOfARow(int channels, int height, int width, int kernel, int stride, int pad)
    {
        var g = new ConvGeometry(channels, height, width, kernel, stride, pad);
        var random = new SplitMix64(9);
        var image = new float[channels * height * width];
        for (var i = 0; i < image.Length; i++)
        {
            image[i] = random.NextSingle() + 1;
        }

        var rowLength = 2 * g.OutPlane;
        var columns = Enumerable.Repeat(float.NaN, g.PatchSize * rowLength).ToArray();

        Im2Col.Unfold(g, image, columns, rowLength, g.OutPlane);

        for (var c = 0; c < channels; c++)
        {
            for (var ky = 0; ky < kernel; ky++)
            {
                for (var kx = 0; kx < kernel; kx++)
                {
                    for (var oy = 0; oy < g.OutHeight; oy++)
                    {
                        for (var ox = 0; ox < g.OutWidth; ox++)
                        {
                            int iy = oy * stride - pad + ky, ix = ox * stride - pad + kx;
                            var expected = iy >= 0 && iy < height && ix >= 0 && ix < width ? image[(c * height + iy) * width + ix] : 0f;
                            var row = (c * kernel + ky) * kernel + kx;
                            Assert.Equal(expected, columns[row * rowLength + g.OutPlane + oy * g.OutWidth + ox]);
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void Unfold_PlacesPaddingZerosAndPixelsWhereTheKernelReads()
    {
        var g = new ConvGeometry(1, 2, 2, 3, 1, 1);
        float[] image = [1, 2, 3, 4];
        var columns = new float[9 * 4];

        Im2Col.Unfold(g, image, columns, 4, 0);

        // Centre tap (row 4) reads each pixel itself; the top-left tap (row 0) reads up-left, so only output (1,1) sees pixel 1.
        Assert.Equal([1f, 2f, 3f, 4f], columns.AsSpan(4 * 4, 4).ToArray());
        Assert.Equal([0f, 0f, 0f, 1f], columns.AsSpan(0, 4).ToArray());
    }
}
