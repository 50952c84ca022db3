using System.Runtime.Intrinsics;

namespace Ensemble.Training.Kernels;

/// <summary>
/// Single-pass kernels of a depthwise convolution on one zero-padded plane laid out flat: output i reads the
/// input at i + offset[t] for every tap t, so all taps are accumulated in registers before one store.
/// </summary>
public static unsafe class DepthwiseKernels
{
    /// <summary>destination[i] = Σ_t weights[t] · source[i + offsets[t]] for i in [0, length).</summary>
    public static void Correlate(float* source, int length, float* weights, int* offsets, int taps, float* destination)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= length - 2 * Vector256<float>.Count; i += 2 * Vector256<float>.Count)
            {
                Vector256<float> a0 = default, a1 = default;
                for (var t = 0; t < taps; t++)
                {
                    var w = Vector256.Create(weights[t]);
                    var s = source + i + offsets[t];
                    a0 = Vector256.FusedMultiplyAdd(Vector256.Load(s), w, a0);
                    a1 = Vector256.FusedMultiplyAdd(Vector256.Load(s + Vector256<float>.Count), w, a1);
                }

                a0.Store(destination + i);
                a1.Store(destination + i + Vector256<float>.Count);
            }
        }

        for (; i < length; i++)
        {
            var sum = 0f;
            for (var t = 0; t < taps; t++)
            {
                sum += weights[t] * source[i + offsets[t]];
            }

            destination[i] = sum;
        }
    }

    /// <summary>gradient[t] += Σ_i source[i + offsets[t]] · outputGradient[i] for i in [0, length).</summary>
    public static void WeightGradient(float* source, float* outputGradient, int length, int* offsets, int taps, float* gradient)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated && length >= Vector256<float>.Count)
        {
            var sums = stackalloc Vector256<float>[taps];
            for (var t = 0; t < taps; t++)
            {
                sums[t] = default;
            }

            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var g = Vector256.Load(outputGradient + i);
                for (var t = 0; t < taps; t++)
                {
                    sums[t] = Vector256.FusedMultiplyAdd(Vector256.Load(source + i + offsets[t]), g, sums[t]);
                }
            }

            for (var t = 0; t < taps; t++)
            {
                gradient[t] += Vector256.Sum(sums[t]);
            }
        }

        for (; i < length; i++)
        {
            for (var t = 0; t < taps; t++)
            {
                gradient[t] += source[i + offsets[t]] * outputGradient[i];
            }
        }
    }
}
