using System.Runtime.Intrinsics;

namespace Ensemble.Training.Kernels;

/// <summary>
/// Fused single-pass loops for the memory-bound layers, where separate TensorPrimitives calls would each
/// stream the whole tensor again. 256-bit vectors are enough: these loops wait on memory, not arithmetic.
/// </summary>
public static class Vectorized
{
    /// <summary>Σx and Σx² in one pass.</summary>
    public static (float Sum, float SumOfSquares) SumAndSumOfSquares(ReadOnlySpan<float> x)
    {
        var i = 0;
        float sum = 0, squares = 0;
        if (Vector256.IsHardwareAccelerated && x.Length >= Vector256<float>.Count)
        {
            Vector256<float> s = default, q = default;
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var v = Vector256.Create(x.Slice(i, Vector256<float>.Count));
                s += v;
                q = Vector256.FusedMultiplyAdd(v, v, q);
            }

            sum = Vector256.Sum(s);
            squares = Vector256.Sum(q);
        }

        for (; i < x.Length; i++)
        {
            sum += x[i];
            squares += x[i] * x[i];
        }

        return (sum, squares);
    }

    /// <summary>Σa and Σa·b in one pass.</summary>
    public static (float Sum, float Dot) SumAndDot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var i = 0;
        float sum = 0, dot = 0;
        if (Vector256.IsHardwareAccelerated && a.Length >= Vector256<float>.Count)
        {
            Vector256<float> s = default, d = default;
            for (; i <= a.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var va = Vector256.Create(a.Slice(i, Vector256<float>.Count));
                s += va;
                d = Vector256.FusedMultiplyAdd(va, Vector256.Create(b.Slice(i, Vector256<float>.Count)), d);
            }

            sum = Vector256.Sum(s);
            dot = Vector256.Sum(d);
        }

        for (; i < a.Length; i++)
        {
            sum += a[i];
            dot += a[i] * b[i];
        }

        return (sum, dot);
    }

    /// <summary>destination = scale·x + shift.</summary>
    public static void Affine(ReadOnlySpan<float> x, float scale, float shift, Span<float> destination)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vs = Vector256.Create(scale);
            var vb = Vector256.Create(shift);
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256.FusedMultiplyAdd(Vector256.Create(x.Slice(i, Vector256<float>.Count)), vs, vb).CopyTo(destination.Slice(i));
            }
        }

        for (; i < x.Length; i++)
        {
            destination[i] = x[i] * scale + shift;
        }
    }

    /// <summary>destination = a·u + b·v + c.</summary>
    public static void Affine2(ReadOnlySpan<float> u, float a, ReadOnlySpan<float> v, float b, float c, Span<float> destination)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> va = Vector256.Create(a), vb = Vector256.Create(b), vc = Vector256.Create(c);
            for (; i <= u.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var r = Vector256.FusedMultiplyAdd(Vector256.Create(u.Slice(i, Vector256<float>.Count)), va,
                    Vector256.FusedMultiplyAdd(Vector256.Create(v.Slice(i, Vector256<float>.Count)), vb, vc));
                r.CopyTo(destination.Slice(i));
            }
        }

        for (; i < u.Length; i++)
        {
            destination[i] = a * u[i] + b * v[i] + c;
        }
    }

    /// <summary>destination = max(scale·x + shift, 0).</summary>
    public static void AffineRelu(ReadOnlySpan<float> x, float scale, float shift, Span<float> destination)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vs = Vector256.Create(scale);
            var vb = Vector256.Create(shift);
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var y = Vector256.FusedMultiplyAdd(Vector256.Create(x.Slice(i, Vector256<float>.Count)), vs, vb);
                Vector256.MaxNative(y, Vector256<float>.Zero).CopyTo(destination.Slice(i));
            }
        }

        for (; i < x.Length; i++)
        {
            destination[i] = MathF.Max(x[i] * scale + shift, 0f);
        }
    }

    /// <summary>Σ g and Σ g·x over the positions where y &gt; 0, with g = gradient: the sums behind a ReLU.</summary>
    public static (float Sum, float Dot) MaskedSumAndDot(ReadOnlySpan<float> gradient, ReadOnlySpan<float> output, ReadOnlySpan<float> x)
    {
        var i = 0;
        float sum = 0, dot = 0;
        if (Vector256.IsHardwareAccelerated && gradient.Length >= Vector256<float>.Count)
        {
            Vector256<float> s = default, d = default;
            for (; i <= gradient.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var positive = Vector256.GreaterThan(Vector256.Create(output.Slice(i, Vector256<float>.Count)), Vector256<float>.Zero);
                var g = Vector256.ConditionalSelect(positive, Vector256.Create(gradient.Slice(i, Vector256<float>.Count)), Vector256<float>.Zero);
                s += g;
                d = Vector256.FusedMultiplyAdd(g, Vector256.Create(x.Slice(i, Vector256<float>.Count)), d);
            }

            sum = Vector256.Sum(s);
            dot = Vector256.Sum(d);
        }

        for (; i < gradient.Length; i++)
        {
            var g = output[i] > 0f ? gradient[i] : 0f;
            sum += g;
            dot += g * x[i];
        }

        return (sum, dot);
    }

    /// <summary>destination = a·(u where y &gt; 0, else 0) + b·v + c.</summary>
    public static void MaskedAffine2(ReadOnlySpan<float> u, ReadOnlySpan<float> output, float a, ReadOnlySpan<float> v, float b, float c, Span<float> destination)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> va = Vector256.Create(a), vb = Vector256.Create(b), vc = Vector256.Create(c);
            for (; i <= u.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var positive = Vector256.GreaterThan(Vector256.Create(output.Slice(i, Vector256<float>.Count)), Vector256<float>.Zero);
                var g = Vector256.ConditionalSelect(positive, Vector256.Create(u.Slice(i, Vector256<float>.Count)), Vector256<float>.Zero);
                Vector256.FusedMultiplyAdd(g, va, Vector256.FusedMultiplyAdd(Vector256.Create(v.Slice(i, Vector256<float>.Count)), vb, vc)).CopyTo(destination.Slice(i));
            }
        }

        for (; i < u.Length; i++)
        {
            destination[i] = a * (output[i] > 0f ? u[i] : 0f) + b * v[i] + c;
        }
    }
}
