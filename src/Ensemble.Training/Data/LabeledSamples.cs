namespace Ensemble.Training.Data;

/// <summary>
/// A split's samples as its task's raw input (C×H×W floats in [0, 1] channels first, or feature vectors), with
/// class indices. Eight-bit image data stays bytes, a quarter of the memory, and is scaled as it is copied out;
/// anything else is kept as floats.
/// </summary>
public sealed class LabeledSamples
{
    private readonly byte[]? _bytes;
    private readonly float[]? _floats;

    private LabeledSamples(byte[]? bytes, float[]? floats, int[] labels, int sampleSize)
    {
        var length = bytes?.LongLength ?? floats!.LongLength;
        if (sampleSize < 1 || length != (long)labels.Length * sampleSize)
        {
            throw new ArgumentException($"{length} values do not make {labels.Length} samples of {sampleSize}.");
        }

        (_bytes, _floats, Labels, SampleSize) = (bytes, floats, labels, sampleSize);
    }

    public int[] Labels { get; }

    public int Count => Labels.Length;

    /// <summary>Floats per sample.</summary>
    public int SampleSize { get; }

    /// <summary>Whether the values are 8-bit (0..255, served as value / 255).</summary>
    public bool IsBytes => _bytes is not null;

    /// <summary>Pixels 0..255 in channels-first order; each is served as value / 255.</summary>
    public static LabeledSamples FromBytes(byte[] values, int[] labels, int sampleSize) => new(values, null, labels, sampleSize);

    /// <summary>Values served as they are.</summary>
    public static LabeledSamples FromFloats(float[] values, int[] labels, int sampleSize) => new(null, values, labels, sampleSize);

    /// <summary>Sample <paramref name="index"/> as the model's raw input.</summary>
    public void CopyInput(int index, Span<float> destination)
    {
        if (_bytes is not null)
        {
            var sample = _bytes.AsSpan(index * SampleSize, SampleSize);
            for (var i = 0; i < sample.Length; i++)
            {
                destination[i] = sample[i] * (1f / 255f);
            }
        }
        else
        {
            _floats.AsSpan(index * SampleSize, SampleSize).CopyTo(destination);
        }
    }
}
