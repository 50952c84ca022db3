using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ensemble.Training.Kernels;

/// <summary>
/// Single-precision matrix multiply C = A·B (+ C), the BLIS way: B is packed into K×NR slivers, A into MR×K
/// slivers, and a register-blocked micro-kernel streams both. Element (i, p) of A is a[i*aRow + p*aCol] and
/// element (p, j) of B is b[p*bRow + j*bCol], so transposed operands cost nothing beyond the packing.
/// Single-threaded by design: callers parallelize over images or channels.
/// </summary>
public static unsafe class Gemm
{
    private const int KC = 256;
    private const int MC = 96;
    private const int NC = 2048;

    [ThreadStatic]
    private static float[]? t_packA;

    [ThreadStatic]
    private static float[]? t_packB;

    public static GemmKernel DefaultKernel { get; } =
        Vector512.IsHardwareAccelerated ? GemmKernel.Vector512
        : Vector256.IsHardwareAccelerated ? GemmKernel.Vector256
        : GemmKernel.Scalar;

    public static bool IsSupported(GemmKernel kernel) => kernel switch
    {
        GemmKernel.Vector512 => Vector512.IsHardwareAccelerated,
        GemmKernel.Vector256 => Vector256.IsHardwareAccelerated,
        _ => true,
    };

    public static void Multiply(
        int m, int n, int k,
        ReadOnlySpan<float> a, int aRow, int aCol,
        ReadOnlySpan<float> b, int bRow, int bCol,
        Span<float> c, int ldc,
        bool accumulate,
        GemmKernel kernel = GemmKernel.Auto)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                for (var i = 0; i < m; i++)
                {
                    c.Slice(i * ldc, n).Clear();
                }
            }

            return;
        }

        if (kernel == GemmKernel.Auto)
        {
            kernel = DefaultKernel;
        }

        if (kernel == GemmKernel.Scalar)
        {
            Reference(m, n, k, a, aRow, aCol, b, bRow, bCol, c, ldc, accumulate);
            return;
        }

        var (mr, nr) = kernel == GemmKernel.Vector512 ? (8, 32) : (6, 16);
        var packA = t_packA ??= new float[MC * KC];
        var packB = t_packB ??= new float[KC * NC];

        fixed (float* pa = a, pb = b, pc = c, pA = packA, pB = packB)
        {
            for (var jc = 0; jc < n; jc += NC)
            {
                var nc = Math.Min(NC, n - jc);
                // Equal k-blocks: a short last block would pay the C-tile loads and stores for little work.
                var kBlocks = (k + KC - 1) / KC;
                var kcStep = (k + kBlocks - 1) / kBlocks;
                for (var pcol = 0; pcol < k; pcol += kcStep)
                {
                    var kc = Math.Min(kcStep, k - pcol);
                    var overwrite = pcol == 0 && !accumulate;
                    // Pack B once per k-block so the micro-kernel streams each sliver from L1.
                    PackB(pb + (long)pcol * bRow + (long)jc * bCol, bRow, bCol, kc, nc, nr, pB);
                    for (var ic = 0; ic < m; ic += MC)
                    {
                        var mcBlock = Math.Min(MC, m - ic);
                        PackA(pa + (long)ic * aRow + (long)pcol * aCol, aRow, aCol, mcBlock, kc, mr, pA);
                        for (var jr = 0; jr < nc; jr += nr)
                        {
                            var nrValid = Math.Min(nr, nc - jr);
                            var bSliver = pB + (long)jr * kc;
                            for (var ir = 0; ir < mcBlock; ir += mr)
                            {
                                var mrValid = Math.Min(mr, mcBlock - ir);
                                var cTile = pc + (long)(ic + ir) * ldc + jc + jr;
                                var aSliver = pA + (long)ir * kc;
                                if (kernel == GemmKernel.Vector512)
                                {
                                    Tile512(kc, aSliver, bSliver, cTile, ldc, mrValid, nrValid, overwrite);
                                }
                                else
                                {
                                    Tile256(kc, aSliver, bSliver, cTile, ldc, mrValid, nrValid, overwrite);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>The plain triple loop: the fallback without SIMD and the oracle in tests.</summary>
    public static void Reference(
        int m, int n, int k,
        ReadOnlySpan<float> a, int aRow, int aCol,
        ReadOnlySpan<float> b, int bRow, int bCol,
        Span<float> c, int ldc,
        bool accumulate)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0f;
                for (var p = 0; p < k; p++)
                {
                    sum += a[i * aRow + p * aCol] * b[p * bRow + j * bCol];
                }

                c[i * ldc + j] = accumulate ? c[i * ldc + j] + sum : sum;
            }
        }
    }

    // Packs an mc×kc block of A into slivers of mr rows: sliver s holds A[s*mr + r, p] at [s*mr*kc + p*mr + r], zero-padded.
    private static void PackA(float* a, int aRow, int aCol, int mc, int kc, int mr, float* dst)
    {
        for (var i0 = 0; i0 < mc; i0 += mr)
        {
            var rows = Math.Min(mr, mc - i0);
            var sliver = dst + (long)i0 * kc;
            if (aCol == 1 && rows == 8 && mr == 8 && Avx.IsSupported)
            {
                PackEightRows(a + (long)i0 * aRow, aRow, kc, sliver);
            }
            else if (aCol == 1)
            {
                for (var r = 0; r < rows; r++)
                {
                    var src = a + (long)(i0 + r) * aRow;
                    for (var p = 0; p < kc; p++)
                    {
                        sliver[p * mr + r] = src[p];
                    }
                }
            }
            else if (aRow == 1 && rows == 8 && mr == 8)
            {
                // A is stored transposed, so a sliver's column p is eight adjacent floats.
                for (var p = 0; p < kc; p++)
                {
                    Vector256.Store(Vector256.Load(a + (long)p * aCol + i0), sliver + p * 8);
                }
            }
            else
            {
                for (var p = 0; p < kc; p++)
                {
                    var src = a + (long)p * aCol + (long)i0 * aRow;
                    var d = sliver + p * mr;
                    for (var r = 0; r < rows; r++)
                    {
                        d[r] = src[(long)r * aRow];
                    }
                }
            }

            for (var r = rows; r < mr; r++)
            {
                for (var p = 0; p < kc; p++)
                {
                    sliver[p * mr + r] = 0f;
                }
            }
        }
    }

    // Eight rows of A, each contiguous in p, into a sliver [p·8 + r]: an 8×8 register transpose per eight p, where
    // scalar copies wrote one float at a time. The weight-gradient GEMMs pack their whole patch matrix this way.
    private static void PackEightRows(float* a, int aRow, int kc, float* sliver)
    {
        var p = 0;
        for (; p + 8 <= kc; p += 8)
        {
            var src = a + p;
            Transpose8x8(
                Avx.LoadVector256(src), Avx.LoadVector256(src + aRow),
                Avx.LoadVector256(src + 2 * (long)aRow), Avx.LoadVector256(src + 3 * (long)aRow),
                Avx.LoadVector256(src + 4 * (long)aRow), Avx.LoadVector256(src + 5 * (long)aRow),
                Avx.LoadVector256(src + 6 * (long)aRow), Avx.LoadVector256(src + 7 * (long)aRow),
                sliver + p * 8, 8);
        }

        for (; p < kc; p++)
        {
            for (var r = 0; r < 8; r++)
            {
                sliver[p * 8 + r] = a[r * (long)aRow + p];
            }
        }
    }

    // Stores column j of the 8×8 block whose rows are r0…r7 as eight adjacent floats at destination + j·stride.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(
        Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
        Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7, float* destination, int stride)
    {
        // Pairs of rows interleaved, then pairs of pairs, then the 128-bit halves: the standard AVX transpose.
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(destination, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(destination + 1 * stride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(destination + 2 * stride, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(destination + 3 * stride, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(destination + 4 * stride, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(destination + 5 * stride, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(destination + 6 * stride, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(destination + 7 * stride, Avx.Permute2x128(u3, u7, 0x31));
    }

    // Packs a kc×nc block of B into slivers of nr columns: sliver s holds B[p, s*nr + j] at [s*nr*kc + p*nr + j], zero-padded.
    private static void PackB(float* b, int bRow, int bCol, int kc, int nc, int nr, float* dst)
    {
        for (var j0 = 0; j0 < nc; j0 += nr)
        {
            var cols = Math.Min(nr, nc - j0);
            var sliver = dst + (long)j0 * kc;
            if (bCol == 1)
            {
                for (var p = 0; p < kc; p++)
                {
                    var src = b + (long)p * bRow + j0;
                    var d = sliver + p * nr;
                    if (cols == nr)
                    {
                        Unsafe.CopyBlockUnaligned(d, src, (uint)(nr * sizeof(float)));
                    }
                    else
                    {
                        for (var j = 0; j < cols; j++)
                        {
                            d[j] = src[j];
                        }

                        for (var j = cols; j < nr; j++)
                        {
                            d[j] = 0f;
                        }
                    }
                }
            }
            else if (bRow == 1)
            {
                // B is stored transposed: column j of the block is a contiguous run in p. Eight columns at a time,
                // so each p writes eight adjacent floats of the sliver, with AVX as 8×8 register transposes.
                var j = 0;
                for (; j + 8 <= cols && Avx.IsSupported; j += 8)
                {
                    var src = b + (long)(j0 + j) * bCol;
                    var p = 0;
                    for (; p + 8 <= kc; p += 8)
                    {
                        Transpose8x8(
                            Avx.LoadVector256(src + p), Avx.LoadVector256(src + bCol + p),
                            Avx.LoadVector256(src + 2 * (long)bCol + p), Avx.LoadVector256(src + 3 * (long)bCol + p),
                            Avx.LoadVector256(src + 4 * (long)bCol + p), Avx.LoadVector256(src + 5 * (long)bCol + p),
                            Avx.LoadVector256(src + 6 * (long)bCol + p), Avx.LoadVector256(src + 7 * (long)bCol + p),
                            sliver + p * nr + j, nr);
                    }

                    for (; p < kc; p++)
                    {
                        for (var r = 0; r < 8; r++)
                        {
                            sliver[p * nr + j + r] = src[r * (long)bCol + p];
                        }
                    }
                }

                for (; j + 8 <= cols; j += 8)
                {
                    var src = b + (long)(j0 + j) * bCol;
                    var d = sliver + j;
                    for (var p = 0; p < kc; p++, d += nr)
                    {
                        d[0] = src[p];
                        d[1] = src[bCol + p];
                        d[2] = src[2 * (long)bCol + p];
                        d[3] = src[3 * (long)bCol + p];
                        d[4] = src[4 * (long)bCol + p];
                        d[5] = src[5 * (long)bCol + p];
                        d[6] = src[6 * (long)bCol + p];
                        d[7] = src[7 * (long)bCol + p];
                    }
                }

                for (; j < cols; j++)
                {
                    var src = b + (long)(j0 + j) * bCol;
                    for (var p = 0; p < kc; p++)
                    {
                        sliver[p * nr + j] = src[p];
                    }
                }

                ZeroColumns(sliver, cols, nr, kc);
            }
            else
            {
                for (var j = 0; j < cols; j++)
                {
                    var src = b + (long)(j0 + j) * bCol;
                    for (var p = 0; p < kc; p++)
                    {
                        sliver[p * nr + j] = src[(long)p * bRow];
                    }
                }

                ZeroColumns(sliver, cols, nr, kc);
            }
        }
    }

    // The sliver's columns past the block's edge are zero, so the micro-kernel can always run full width.
    private static void ZeroColumns(float* sliver, int cols, int nr, int kc)
    {
        for (var j = cols; j < nr; j++)
        {
            for (var p = 0; p < kc; p++)
            {
                sliver[p * nr + j] = 0f;
            }
        }
    }

    private static void Tile512(int kc, float* a, float* b, float* c, int ldc, int rows, int cols, bool overwrite)
    {
        if (rows == 8 && cols == 32)
        {
            Kernel8x32(kc, a, b, c, ldc, overwrite);
            return;
        }

        var tile = stackalloc float[8 * 32];
        Kernel8x32(kc, a, b, tile, 32, overwrite: true);
        MergeEdge(tile, 32, c, ldc, rows, cols, overwrite);
    }

    private static void Tile256(int kc, float* a, float* b, float* c, int ldc, int rows, int cols, bool overwrite)
    {
        if (rows == 6 && cols == 16)
        {
            Kernel6x16(kc, a, b, c, ldc, overwrite);
            return;
        }

        var tile = stackalloc float[6 * 16];
        Kernel6x16(kc, a, b, tile, 16, overwrite: true);
        MergeEdge(tile, 16, c, ldc, rows, cols, overwrite);
    }

    private static void MergeEdge(float* tile, int ldt, float* c, int ldc, int rows, int cols, bool overwrite)
    {
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < cols; j++)
            {
                c[(long)r * ldc + j] = overwrite ? tile[r * ldt + j] : c[(long)r * ldc + j] + tile[r * ldt + j];
            }
        }
    }

    // 8 rows × 32 columns: 16 zmm accumulators, two B loads and eight broadcasts per k step.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel8x32(int kc, float* a, float* b, float* c, int ldc, bool overwrite)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            a += 8;
            b += 32;
        }

        Store512(c, overwrite, c00, c01);
        Store512(c + ldc, overwrite, c10, c11);
        Store512(c + 2 * ldc, overwrite, c20, c21);
        Store512(c + 3 * ldc, overwrite, c30, c31);
        Store512(c + 4 * ldc, overwrite, c40, c41);
        Store512(c + 5 * ldc, overwrite, c50, c51);
        Store512(c + 6 * ldc, overwrite, c60, c61);
        Store512(c + 7 * ldc, overwrite, c70, c71);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(float* row, bool overwrite, Vector512<float> left, Vector512<float> right)
    {
        if (!overwrite)
        {
            left += Vector512.Load(row);
            right += Vector512.Load(row + 16);
        }

        left.Store(row);
        right.Store(row + 16);
    }

    // 6 rows × 16 columns: 12 ymm accumulators, leaving room for the loads within AVX2's 16 registers.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel6x16(int kc, float* a, float* b, float* c, int ldc, bool overwrite)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector256<float> c40 = default, c41 = default, c50 = default, c51 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            a += 6;
            b += 16;
        }

        Store256(c, overwrite, c00, c01);
        Store256(c + ldc, overwrite, c10, c11);
        Store256(c + 2 * ldc, overwrite, c20, c21);
        Store256(c + 3 * ldc, overwrite, c30, c31);
        Store256(c + 4 * ldc, overwrite, c40, c41);
        Store256(c + 5 * ldc, overwrite, c50, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256(float* row, bool overwrite, Vector256<float> left, Vector256<float> right)
    {
        if (!overwrite)
        {
            left += Vector256.Load(row);
            right += Vector256.Load(row + 8);
        }

        left.Store(row);
        right.Store(row + 8);
    }
}
