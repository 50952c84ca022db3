using Ensemble.Training.Kernels;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Tests.Kernels;

public class GemmTests
{
    public static TheoryData<GemmKernel, int, int, int, bool, bool, bool> Cases()
    {
        var data = new TheoryData<GemmKernel, int, int, int, bool, bool, bool>();
        // Each SIMD kernel this CPU accelerates; the scalar path is the reference itself.
        foreach (var kernel in new[] { GemmKernel.Vector512, GemmKernel.Vector256 }.Where(Gemm.IsSupported))
        {
            foreach (var (m, n, k) in new[] { (1, 1, 1), (8, 32, 16), (7, 33, 5), (64, 196, 288), (130, 70, 300), (13, 2100, 9), (100, 17, 600) })
            {
                data.Add(kernel, m, n, k, false, false, false);
                data.Add(kernel, m, n, k, true, false, true);
                data.Add(kernel, m, n, k, false, true, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Multiply_MatchesTripleLoop_ForEveryShapeAndLayout(GemmKernel kernel, int m, int n, int k, bool transposeA, bool transposeB, bool accumulate)
    {
        var random = new SplitMix64(11);
        var a = Random(m * k, ref random);
        var b = Random(k * n, ref random);
        var initial = Random(m * n, ref random);
        var (aRow, aCol) = transposeA ? (1, m) : (k, 1);
        var (bRow, bCol) = transposeB ? (1, k) : (n, 1);
        var expected = (float[])initial.Clone();
        var actual = (float[])initial.Clone();

        Gemm.Reference(m, n, k, a, aRow, aCol, b, bRow, bCol, expected, n, accumulate);
        Gemm.Multiply(m, n, k, a, aRow, aCol, b, bRow, bCol, actual, n, accumulate, kernel);

        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f * (1 + Math.Abs(expected[i])), $"C[{i}]: {actual[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void Multiply_WithStridedOutput_LeavesColumnsOutsideTheMatrixUntouched()
    {
        var random = new SplitMix64(3);
        var a = Random(10 * 20, ref random);
        var b = Random(20 * 40, ref random);
        var c = Enumerable.Repeat(-7f, 10 * 50).ToArray();

        Gemm.Multiply(10, 40, 20, a, 20, 1, b, 40, 1, c, ldc: 50, accumulate: false);

        for (var row = 0; row < 10; row++)
        {
            Assert.All(c.AsSpan(row * 50 + 40, 10).ToArray(), v => Assert.Equal(-7f, v));
        }
    }

    private static float[] Random(int length, ref SplitMix64 random)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = random.NextSingle() * 2 - 1;
        }

        return values;
    }
}
