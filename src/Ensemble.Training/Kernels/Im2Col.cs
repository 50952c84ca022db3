using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ensemble.Training.Kernels;

/// <summary>
/// Unfolds image patches into the columns of a matrix so a convolution becomes one GEMM, and folds
/// column gradients back. Several images sit side by side: image i owns columns [offset, offset + OutPlane).
/// </summary>
public static class Im2Col
{
    public static void Unfold(in ConvGeometry g, ReadOnlySpan<float> image, Span<float> columns, int rowLength, int offset)
    {
        if (IsSameStrideOne(g))
        {
            UnfoldSameStrideOne(g, image, columns, rowLength, offset);
            return;
        }

        int k = g.Kernel, oh = g.OutHeight, ow = g.OutWidth, s = g.Stride, pad = g.Pad;
        for (var c = 0; c < g.Channels; c++)
        {
            var plane = image.Slice(c * g.Height * g.Width, g.Height * g.Width);
            for (var ky = 0; ky < k; ky++)
            {
                for (var kx = 0; kx < k; kx++)
                {
                    var row = columns.Slice(((c * k + ky) * k + kx) * rowLength + offset, oh * ow);
                    for (var oy = 0; oy < oh; oy++)
                    {
                        var dst = row.Slice(oy * ow, ow);
                        var iy = oy * s - pad + ky;
                        if ((uint)iy >= (uint)g.Height)
                        {
                            dst.Clear();
                            continue;
                        }

                        var src = plane.Slice(iy * g.Width, g.Width);
                        // Output columns whose input column falls inside the image: ox in [lo, hi).
                        var lo = Math.Max(0, (pad - kx + s - 1) / s);
                        var hi = Math.Min(ow, (g.Width + pad - kx + s - 1) / s);
                        dst[..Math.Min(lo, ow)].Clear();
                        if (hi > lo)
                        {
                            var ix0 = lo * s - pad + kx;
                            if (s == 1)
                            {
                                src.Slice(ix0, hi - lo).CopyTo(dst[lo..hi]);
                            }
                            else
                            {
                                Gather(src[ix0..], s, dst[lo..hi]);
                            }
                        }

                        dst[Math.Max(hi, lo)..].Clear();
                    }
                }
            }
        }
    }

    /// <summary>
    /// Adds each column entry back to the pixel it came from; <paramref name="image"/> must start cleared.
    /// Entries that stand for padding are zeroed in <paramref name="columns"/> on the way.
    /// </summary>
    public static void Fold(in ConvGeometry g, Span<float> columns, int rowLength, int offset, Span<float> image)
    {
        if (IsSameStrideOne(g))
        {
            FoldSameStrideOne(g, columns, rowLength, offset, image);
            return;
        }

        int k = g.Kernel, oh = g.OutHeight, ow = g.OutWidth, s = g.Stride, pad = g.Pad;
        for (var c = 0; c < g.Channels; c++)
        {
            var plane = image.Slice(c * g.Height * g.Width, g.Height * g.Width);
            for (var ky = 0; ky < k; ky++)
            {
                for (var kx = 0; kx < k; kx++)
                {
                    var row = columns.Slice(((c * k + ky) * k + kx) * rowLength + offset, oh * ow);
                    var lo = Math.Max(0, (pad - kx + s - 1) / s);
                    var hi = Math.Min(ow, (g.Width + pad - kx + s - 1) / s);
                    if (hi <= lo)
                    {
                        continue;
                    }

                    for (var oy = 0; oy < oh; oy++)
                    {
                        var iy = oy * s - pad + ky;
                        if ((uint)iy >= (uint)g.Height)
                        {
                            continue;
                        }

                        var src = row.Slice(oy * ow, ow);
                        var dst = plane.Slice(iy * g.Width, g.Width);
                        var ix0 = lo * s - pad + kx;
                        if (s == 1)
                        {
                            TensorPrimitives.Add(dst.Slice(ix0, hi - lo), src[lo..hi], dst.Slice(ix0, hi - lo));
                        }
                        else
                        {
                            ScatterAdd(src[lo..hi], dst[ix0..], s);
                        }
                    }
                }
            }
        }
    }

    // destination[i] = source[i·stride], without per-element bounds checks.
    private static void Gather(ReadOnlySpan<float> source, int stride, Span<float> destination)
    {
        if ((destination.Length - 1) * stride >= source.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(source));
        }

        ref var s = ref MemoryMarshal.GetReference(source);
        ref var d = ref MemoryMarshal.GetReference(destination);
        for (var i = 0; i < destination.Length; i++)
        {
            Unsafe.Add(ref d, i) = Unsafe.Add(ref s, i * stride);
        }
    }

    // destination[i·stride] += source[i], without per-element bounds checks.
    private static void ScatterAdd(ReadOnlySpan<float> source, Span<float> destination, int stride)
    {
        if ((source.Length - 1) * stride >= destination.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(destination));
        }

        ref var s = ref MemoryMarshal.GetReference(source);
        ref var d = ref MemoryMarshal.GetReference(destination);
        for (var i = 0; i < source.Length; i++)
        {
            Unsafe.Add(ref d, i * stride) += Unsafe.Add(ref s, i);
        }
    }

    // Stride 1 with k/2 padding keeps the plane size, so each kernel tap's row of the patch matrix is the whole
    // plane shifted by (dy, dx): one flat copy, then zeros where the shift crossed an edge.
    private static bool IsSameStrideOne(in ConvGeometry g) =>
        g.Stride == 1 && g.Kernel % 2 == 1 && g.Pad == g.Kernel / 2;

    private static void UnfoldSameStrideOne(in ConvGeometry g, ReadOnlySpan<float> image, Span<float> columns, int rowLength, int offset)
    {
        int k = g.Kernel, h = g.Height, w = g.Width, plane = h * w;
        for (var c = 0; c < g.Channels; c++)
        {
            var source = image.Slice(c * plane, plane);
            for (var ky = 0; ky < k; ky++)
            {
                for (var kx = 0; kx < k; kx++)
                {
                    var row = columns.Slice(((c * k + ky) * k + kx) * rowLength + offset, plane);
                    var (first, last, dx, shift) = ShiftedRange(ky - g.Pad, kx - g.Pad, h, w);
                    row[..first].Clear();
                    source.Slice(first + shift, last - first).CopyTo(row[first..last]);
                    row[last..].Clear();
                    ClearWrappedColumns(row, h, w, dx);
                }
            }
        }
    }

    private static void FoldSameStrideOne(in ConvGeometry g, Span<float> columns, int rowLength, int offset, Span<float> image)
    {
        int k = g.Kernel, h = g.Height, w = g.Width, plane = h * w;
        for (var c = 0; c < g.Channels; c++)
        {
            var target = image.Slice(c * plane, plane);
            for (var ky = 0; ky < k; ky++)
            {
                for (var kx = 0; kx < k; kx++)
                {
                    var row = columns.Slice(((c * k + ky) * k + kx) * rowLength + offset, plane);
                    var (first, last, dx, shift) = ShiftedRange(ky - g.Pad, kx - g.Pad, h, w);
                    ClearWrappedColumns(row, h, w, dx);
                    var destination = target.Slice(first + shift, last - first);
                    TensorPrimitives.Add(destination, row[first..last], destination);
                }
            }
        }
    }

    // Output positions [first, last) whose source pixel, at flat offset shift = dy·w + dx, lies inside the plane.
    private static (int First, int Last, int Dx, int Shift) ShiftedRange(int dy, int dx, int h, int w)
    {
        var firstRow = Math.Max(0, -dy);
        var lastRow = Math.Min(h, h - dy);
        if (lastRow <= firstRow)
        {
            return (0, 0, dx, 0);
        }

        return (firstRow * w + Math.Max(0, -dx), lastRow * w - Math.Max(0, dx), dx, dy * w + dx);
    }

    // A horizontal shift wraps into the neighbouring row at the left or right edge; those entries are padding.
    private static void ClearWrappedColumns(Span<float> row, int h, int w, int dx)
    {
        if (dx == 0)
        {
            return;
        }

        var (from, count) = dx < 0 ? (0, -dx) : (w - dx, dx);
        for (var y = 0; y < h; y++)
        {
            row.Slice(y * w + from, count).Clear();
        }
    }
}
