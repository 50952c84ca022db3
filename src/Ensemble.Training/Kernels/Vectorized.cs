using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ensemble.Training.Kernels;

/// <summary>
/// Fused single-pass loops for the memory-bound layers, where separate TensorPrimitives calls would each
/// stream the whole tensor again. 256-bit vectors are enough: these loops wait on memory, not arithmetic.
/// They run over one image plane at a time (49 to 784 floats here), so they index by reference rather than slice
/// per vector, and check the lengths once.
/// </summary>
public static class Vectorized
{
    private static readonly int Width = Vector256<float>.Count;

    /// <summary>Σx and Σx² in one pass.</summary>
    public static (float Sum, float SumOfSquares) SumAndSumOfSquares(ReadOnlySpan<float> x)
    {
        ref var xs = ref MemoryMarshal.GetReference(x);
        var i = 0;
        float sum = 0, squares = 0;
        if (Vector256.IsHardwareAccelerated && x.Length >= Width)
        {
            Vector256<float> s = default, q = default;
            for (; i <= x.Length - Width; i += Width)
            {
                var v = Vector256.LoadUnsafe(ref xs, (nuint)i);
                s += v;
                q = Vector256.FusedMultiplyAdd(v, v, q);
            }

            sum = Vector256.Sum(s);
            squares = Vector256.Sum(q);
        }

        for (; i < x.Length; i++)
        {
            var v = Unsafe.Add(ref xs, i);
            sum += v;
            squares += v * v;
        }

        return (sum, squares);
    }

    /// <summary>Σa and Σa·b in one pass.</summary>
    public static (float Sum, float Dot) SumAndDot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        CheckLengths(a.Length, b.Length);
        ref var ar = ref MemoryMarshal.GetReference(a);
        ref var br = ref MemoryMarshal.GetReference(b);
        var i = 0;
        float sum = 0, dot = 0;
        if (Vector256.IsHardwareAccelerated && a.Length >= Width)
        {
            Vector256<float> s = default, d = default;
            for (; i <= a.Length - Width; i += Width)
            {
                var va = Vector256.LoadUnsafe(ref ar, (nuint)i);
                s += va;
                d = Vector256.FusedMultiplyAdd(va, Vector256.LoadUnsafe(ref br, (nuint)i), d);
            }

            sum = Vector256.Sum(s);
            dot = Vector256.Sum(d);
        }

        for (; i < a.Length; i++)
        {
            var va = Unsafe.Add(ref ar, i);
            sum += va;
            dot += va * Unsafe.Add(ref br, i);
        }

        return (sum, dot);
    }

    /// <summary>destination = scale·x + shift, or max(scale·x + shift, 0) with <paramref name="relu"/>.</summary>
    public static void Affine(ReadOnlySpan<float> x, float scale, float shift, Span<float> destination, bool relu = false)
    {
        CheckLengths(x.Length, destination.Length);
        ref var xs = ref MemoryMarshal.GetReference(x);
        ref var ds = ref MemoryMarshal.GetReference(destination);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vs = Vector256.Create(scale);
            var vb = Vector256.Create(shift);
            var floor = Vector256.Create(relu ? 0f : float.NegativeInfinity);
            for (; i <= x.Length - Width; i += Width)
            {
                var y = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xs, (nuint)i), vs, vb);
                Vector256.MaxNative(y, floor).StoreUnsafe(ref ds, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            var y = MathF.FusedMultiplyAdd(Unsafe.Add(ref xs, i), scale, shift);
            Unsafe.Add(ref ds, i) = relu ? MathF.Max(y, 0f) : y;
        }
    }

    /// <summary>destination = a·u + b·v + c.</summary>
    public static void Affine2(ReadOnlySpan<float> u, float a, ReadOnlySpan<float> v, float b, float c, Span<float> destination)
    {
        CheckLengths(u.Length, v.Length);
        CheckLengths(u.Length, destination.Length);
        ref var us = ref MemoryMarshal.GetReference(u);
        ref var vs = ref MemoryMarshal.GetReference(v);
        ref var ds = ref MemoryMarshal.GetReference(destination);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> va = Vector256.Create(a), vb = Vector256.Create(b), vc = Vector256.Create(c);
            for (; i <= u.Length - Width; i += Width)
            {
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref us, (nuint)i), va,
                    Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref vs, (nuint)i), vb, vc)).StoreUnsafe(ref ds, (nuint)i);
            }
        }

        for (; i < u.Length; i++)
        {
            Unsafe.Add(ref ds, i) = a * Unsafe.Add(ref us, i) + b * Unsafe.Add(ref vs, i) + c;
        }
    }

    /// <summary>destination = max(a + b, 0): a residual sum and its ReLU in one pass.</summary>
    public static void AddRelu(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination)
    {
        CheckLengths(a.Length, b.Length);
        CheckLengths(a.Length, destination.Length);
        ref var ar = ref MemoryMarshal.GetReference(a);
        ref var br = ref MemoryMarshal.GetReference(b);
        ref var ds = ref MemoryMarshal.GetReference(destination);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= a.Length - Width; i += Width)
            {
                Vector256.MaxNative(Vector256.LoadUnsafe(ref ar, (nuint)i) + Vector256.LoadUnsafe(ref br, (nuint)i), Vector256<float>.Zero).StoreUnsafe(ref ds, (nuint)i);
            }
        }

        for (; i < a.Length; i++)
        {
            Unsafe.Add(ref ds, i) = MathF.Max(Unsafe.Add(ref ar, i) + Unsafe.Add(ref br, i), 0f);
        }
    }

    /// <summary>
    /// Σg and Σg·x over the positions where scale·x + shift &gt; 0: the sums behind a ReLU that followed that affine
    /// map. The mask is recomputed exactly as <see cref="Affine"/> computed it, so the ReLU's output need not be read.
    /// </summary>
    public static (float Sum, float Dot) SumAndDotWherePositive(ReadOnlySpan<float> gradient, ReadOnlySpan<float> x, float scale, float shift)
    {
        CheckLengths(gradient.Length, x.Length);
        ref var gs = ref MemoryMarshal.GetReference(gradient);
        ref var xs = ref MemoryMarshal.GetReference(x);
        var i = 0;
        float sum = 0, dot = 0;
        if (Vector256.IsHardwareAccelerated && gradient.Length >= Width)
        {
            Vector256<float> s = default, d = default, vs = Vector256.Create(scale), vb = Vector256.Create(shift);
            for (; i <= gradient.Length - Width; i += Width)
            {
                var vx = Vector256.LoadUnsafe(ref xs, (nuint)i);
                var positive = Vector256.GreaterThan(Vector256.FusedMultiplyAdd(vx, vs, vb), Vector256<float>.Zero);
                var g = Vector256.ConditionalSelect(positive, Vector256.LoadUnsafe(ref gs, (nuint)i), Vector256<float>.Zero);
                s += g;
                d = Vector256.FusedMultiplyAdd(g, vx, d);
            }

            sum = Vector256.Sum(s);
            dot = Vector256.Sum(d);
        }

        for (; i < gradient.Length; i++)
        {
            var vx = Unsafe.Add(ref xs, i);
            var g = MathF.FusedMultiplyAdd(vx, scale, shift) > 0f ? Unsafe.Add(ref gs, i) : 0f;
            sum += g;
            dot += g * vx;
        }

        return (sum, dot);
    }

    /// <summary>destination = a·(u where scale·x + shift &gt; 0, else 0) + b·x + c: the input gradient behind such a ReLU.</summary>
    public static void Affine2WherePositive(ReadOnlySpan<float> u, float a, ReadOnlySpan<float> x, float scale, float shift, float b, float c, Span<float> destination)
    {
        CheckLengths(u.Length, x.Length);
        CheckLengths(u.Length, destination.Length);
        ref var us = ref MemoryMarshal.GetReference(u);
        ref var xs = ref MemoryMarshal.GetReference(x);
        ref var ds = ref MemoryMarshal.GetReference(destination);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> va = Vector256.Create(a), vb = Vector256.Create(b), vc = Vector256.Create(c);
            Vector256<float> vs = Vector256.Create(scale), vt = Vector256.Create(shift);
            for (; i <= u.Length - Width; i += Width)
            {
                var vx = Vector256.LoadUnsafe(ref xs, (nuint)i);
                var positive = Vector256.GreaterThan(Vector256.FusedMultiplyAdd(vx, vs, vt), Vector256<float>.Zero);
                var g = Vector256.ConditionalSelect(positive, Vector256.LoadUnsafe(ref us, (nuint)i), Vector256<float>.Zero);
                Vector256.FusedMultiplyAdd(g, va, Vector256.FusedMultiplyAdd(vx, vb, vc)).StoreUnsafe(ref ds, (nuint)i);
            }
        }

        for (; i < u.Length; i++)
        {
            var vx = Unsafe.Add(ref xs, i);
            var g = MathF.FusedMultiplyAdd(vx, scale, shift) > 0f ? Unsafe.Add(ref us, i) : 0f;
            Unsafe.Add(ref ds, i) = a * g + b * vx + c;
        }
    }

    private static void CheckLengths(int expected, int actual)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"The spans differ in length ({expected} and {actual}).");
        }
    }
}
