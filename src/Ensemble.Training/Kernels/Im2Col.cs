namespace Ensemble.Training.Kernels;

/// <summary>
/// Unfolds image patches into the columns of a matrix so a convolution becomes one GEMM, and folds
/// column gradients back. Several images sit side by side: image i owns columns [offset, offset + OutPlane).
/// </summary>
public static class Im2Col
{
    public static void Unfold(in ConvGeometry g, ReadOnlySpan<float> image, Span<float> columns, int rowLength, int offset)
    {
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
                                for (var ox = lo; ox < hi; ox++)
                                {
                                    dst[ox] = src[ix0 + (ox - lo) * s];
                                }
                            }
                        }

                        dst[Math.Max(hi, lo)..].Clear();
                    }
                }
            }
        }
    }

    /// <summary>Adds each column entry back to the pixel it came from; <paramref name="image"/> must start cleared.</summary>
    public static void Fold(in ConvGeometry g, ReadOnlySpan<float> columns, int rowLength, int offset, Span<float> image)
    {
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
                            for (var ox = lo; ox < hi; ox++)
                            {
                                dst[ix0 + (ox - lo) * s] += src[ox];
                            }
                        }
                    }
                }
            }
        }
    }
}
