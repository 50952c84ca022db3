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

        if (IsPhaseAligned(g))
        {
            UnfoldByPhase(g, image, columns, rowLength, offset);
            return;
        }

        UnfoldGeneral(g, image, columns, rowLength, offset);
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

        if (IsPhaseAligned(g))
        {
            FoldByPhase(g, columns, rowLength, offset, image);
            return;
        }

        FoldGeneral(g, columns, rowLength, offset, image);
    }

    // Any stride, kernel and padding: per kernel tap, each output row takes every s-th input pixel of one input
    // row, with zeros where the tap falls on padding. Pointers, because the rows are short (14 pixels at stride 2
    // here) and per-row slicing cost more than the copying.
    private static unsafe void UnfoldGeneral(in ConvGeometry g, ReadOnlySpan<float> image, Span<float> columns, int rowLength, int offset)
    {
        int k = g.Kernel, oh = g.OutHeight, ow = g.OutWidth, s = g.Stride, pad = g.Pad, h = g.Height, w = g.Width;
        CheckSizes(g, image.Length, columns.Length, rowLength, offset);
        fixed (float* imageStart = image, columnStart = columns)
        {
            for (var c = 0; c < g.Channels; c++)
            {
                var plane = imageStart + (long)c * h * w;
                for (var ky = 0; ky < k; ky++)
                {
                    for (var kx = 0; kx < k; kx++)
                    {
                        var row = columnStart + (long)((c * k + ky) * k + kx) * rowLength + offset;
                        var (lo, hi) = InsideColumns(kx, s, pad, w, ow);
                        for (var oy = 0; oy < oh; oy++)
                        {
                            var dst = row + oy * ow;
                            var iy = oy * s - pad + ky;
                            if ((uint)iy >= (uint)h)
                            {
                                new Span<float>(dst, ow).Clear();
                                continue;
                            }

                            var src = plane + iy * w + lo * s - pad + kx;
                            for (var x = 0; x < lo; x++)
                            {
                                dst[x] = 0;
                            }

                            for (var x = lo; x < hi; x++)
                            {
                                dst[x] = src[(x - lo) * s];
                            }

                            for (var x = hi; x < ow; x++)
                            {
                                dst[x] = 0;
                            }
                        }
                    }
                }
            }
        }
    }

    private static unsafe void FoldGeneral(in ConvGeometry g, Span<float> columns, int rowLength, int offset, Span<float> image)
    {
        int k = g.Kernel, oh = g.OutHeight, ow = g.OutWidth, s = g.Stride, pad = g.Pad, h = g.Height, w = g.Width;
        CheckSizes(g, image.Length, columns.Length, rowLength, offset);
        fixed (float* imageStart = image, columnStart = columns)
        {
            for (var c = 0; c < g.Channels; c++)
            {
                var plane = imageStart + (long)c * h * w;
                for (var ky = 0; ky < k; ky++)
                {
                    for (var kx = 0; kx < k; kx++)
                    {
                        var row = columnStart + (long)((c * k + ky) * k + kx) * rowLength + offset;
                        var (lo, hi) = InsideColumns(kx, s, pad, w, ow);
                        for (var oy = 0; oy < oh; oy++)
                        {
                            var src = row + oy * ow;
                            var iy = oy * s - pad + ky;
                            if ((uint)iy >= (uint)h)
                            {
                                new Span<float>(src, ow).Clear();
                                continue;
                            }

                            var dst = plane + iy * w + lo * s - pad + kx;
                            for (var x = 0; x < lo; x++)
                            {
                                src[x] = 0;
                            }

                            for (var x = lo; x < hi; x++)
                            {
                                dst[(x - lo) * s] += src[x];
                            }

                            for (var x = hi; x < ow; x++)
                            {
                                src[x] = 0;
                            }
                        }
                    }
                }
            }
        }
    }

    // Output columns ox in [lo, hi) whose input column ox·s − pad + kx falls inside the image.
    private static (int Lo, int Hi) InsideColumns(int kx, int s, int pad, int w, int ow)
    {
        var lo = Math.Min(ow, Math.Max(0, (pad - kx + s - 1) / s));
        var hi = Math.Min(ow, (w + pad - kx + s - 1) / s);
        return (lo, Math.Max(lo, hi));
    }

    // The pointer loops check nothing per element, so the spans' sizes are checked once here.
    private static void CheckSizes(in ConvGeometry g, int imageLength, int columnsLength, int rowLength, int offset)
    {
        var rows = g.Channels * g.Kernel * g.Kernel;
        if (imageLength < g.Channels * g.Height * g.Width || offset < 0 || offset + g.OutHeight * g.OutWidth > rowLength || columnsLength < (long)(rows - 1) * rowLength + offset + g.OutHeight * g.OutWidth)
        {
            throw new ArgumentException("The image or column buffer is smaller than the convolution's geometry needs.");
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

    // A stride-s convolution whose output is exactly the input divided by s (28×28 → 14×14 at stride 2, padding
    // 1) reads, at every kernel tap, one of the s² polyphase sub-images (pixels (s·r + py, s·q + px)) shifted by a
    // whole output pixel. Splitting each channel into its phases once turns the strided gather into the same
    // shifted flat copies as stride 1. A kernel smaller than the stride reads only some phases, so it gathers directly.
    private static bool IsPhaseAligned(in ConvGeometry g)
    {
        int s = g.Stride, oh = g.OutHeight, ow = g.OutWidth;
        var reach = Math.Max((g.Pad + s - 1) / s, (g.Kernel - 1 - g.Pad) / s);
        return s > 1 && g.Kernel >= s && oh * s == g.Height && ow * s == g.Width && reach < Math.Min(oh, ow) && g.Height * g.Width <= MaxPhasePlane;
    }

    // Floats of one channel's phases kept on the stack.
    private const int MaxPhasePlane = 16 * 1024;

    private static void UnfoldByPhase(in ConvGeometry g, ReadOnlySpan<float> image, Span<float> columns, int rowLength, int offset)
    {
        int k = g.Kernel, s = g.Stride, oh = g.OutHeight, ow = g.OutWidth, plane = oh * ow, channelSize = g.Height * g.Width;
        Span<float> phases = stackalloc float[channelSize];
        for (var c = 0; c < g.Channels; c++)
        {
            SplitPhases(image.Slice(c * channelSize, channelSize), phases, s, oh, ow);
            for (var ky = 0; ky < k; ky++)
            {
                var (py, dy) = Phase(ky - g.Pad, s);
                for (var kx = 0; kx < k; kx++)
                {
                    var (px, dx) = Phase(kx - g.Pad, s);
                    var source = phases.Slice(((py * s) + px) * plane, plane);
                    var row = columns.Slice(((c * k + ky) * k + kx) * rowLength + offset, plane);
                    var (first, last, _, shift) = ShiftedRange(dy, dx, oh, ow);
                    row[..first].Clear();
                    source.Slice(first + shift, last - first).CopyTo(row[first..last]);
                    row[last..].Clear();
                    ClearWrappedColumns(row, oh, ow, dx);
                }
            }
        }
    }

    private static void FoldByPhase(in ConvGeometry g, Span<float> columns, int rowLength, int offset, Span<float> image)
    {
        int k = g.Kernel, s = g.Stride, oh = g.OutHeight, ow = g.OutWidth, plane = oh * ow, channelSize = g.Height * g.Width;
        Span<float> phases = stackalloc float[channelSize];
        for (var c = 0; c < g.Channels; c++)
        {
            phases.Clear();
            for (var ky = 0; ky < k; ky++)
            {
                var (py, dy) = Phase(ky - g.Pad, s);
                for (var kx = 0; kx < k; kx++)
                {
                    var (px, dx) = Phase(kx - g.Pad, s);
                    var row = columns.Slice(((c * k + ky) * k + kx) * rowLength + offset, plane);
                    var (first, last, _, shift) = ShiftedRange(dy, dx, oh, ow);
                    ClearWrappedColumns(row, oh, ow, dx);
                    var destination = phases.Slice(((py * s) + px) * plane + first + shift, last - first);
                    TensorPrimitives.Add(destination, row[first..last], destination);
                }
            }

            AddPhases(phases, image.Slice(c * channelSize, channelSize), s, oh, ow);
        }
    }

    // The input row a tap reads, a·s + phase with a in whole output pixels: (phase, a), rounding toward −∞.
    private static (int Phase, int Shift) Phase(int offset, int s)
    {
        var shift = offset >= 0 ? offset / s : -((-offset + s - 1) / s);
        return (offset - shift * s, shift);
    }

    // phases[(py·s + px)·oh·ow + r·ow + q] = channel[(r·s + py)·w + q·s + px]. Pointers: a bounds check per element
    // cost as much as the move.
    private static unsafe void SplitPhases(ReadOnlySpan<float> channel, Span<float> phases, int s, int oh, int ow)
    {
        int w = ow * s, plane = oh * ow;
        if (channel.Length < plane * s * s || phases.Length < plane * s * s)
        {
            throw new ArgumentException("The channel or phase buffer is smaller than the geometry needs.");
        }

        fixed (float* source = channel, target = phases)
        {
            for (var py = 0; py < s; py++)
            {
                for (var px = 0; px < s; px++)
                {
                    var from = source + (py * w) + px;
                    var to = target + ((py * s) + px) * plane;
                    for (var r = 0; r < oh; r++, from += s * w, to += ow)
                    {
                        for (var q = 0; q < ow; q++)
                        {
                            to[q] = from[q * s];
                        }
                    }
                }
            }
        }
    }

    private static unsafe void AddPhases(ReadOnlySpan<float> phases, Span<float> channel, int s, int oh, int ow)
    {
        int w = ow * s, plane = oh * ow;
        if (channel.Length < plane * s * s || phases.Length < plane * s * s)
        {
            throw new ArgumentException("The channel or phase buffer is smaller than the geometry needs.");
        }

        fixed (float* source = phases, target = channel)
        {
            for (var py = 0; py < s; py++)
            {
                for (var px = 0; px < s; px++)
                {
                    var from = source + ((py * s) + px) * plane;
                    var to = target + (py * w) + px;
                    for (var r = 0; r < oh; r++, from += ow, to += s * w)
                    {
                        for (var q = 0; q < ow; q++)
                        {
                            to[q * s] += from[q];
                        }
                    }
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
        if (row.Length < h * w)
        {
            throw new ArgumentException("The row is shorter than the plane.", nameof(row));
        }

        // One or two entries per image row: plain stores, since a Clear call per row cost more than the zeros.
        ref var start = ref MemoryMarshal.GetReference(row);
        for (var y = 0; y < h; y++)
        {
            ref var first = ref Unsafe.Add(ref start, (y * w) + from);
            for (var i = 0; i < count; i++)
            {
                Unsafe.Add(ref first, i) = 0;
            }
        }
    }
}
