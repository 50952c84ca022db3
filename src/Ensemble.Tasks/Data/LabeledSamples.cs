namespace Ensemble.Tasks.Data;

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

    /// <summary>Samples <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/>, copied.</summary>
    public LabeledSamples Slice(int start, int count) => Select([.. Enumerable.Range(start, count)]);

    /// <summary>The first <paramref name="count"/> samples, or all of them.</summary>
    public LabeledSamples Take(int? count) => count is { } n && n < Count ? Slice(0, n) : this;

    /// <summary>The samples at <paramref name="rows"/>, in that order, copied.</summary>
    public LabeledSamples Select(IReadOnlyList<int> rows)
    {
        var labels = new int[rows.Count];
        if (_bytes is not null)
        {
            var values = new byte[(long)rows.Count * SampleSize];
            for (var i = 0; i < rows.Count; i++)
            {
                _bytes.AsSpan(rows[i] * SampleSize, SampleSize).CopyTo(values.AsSpan(i * SampleSize));
                labels[i] = Labels[rows[i]];
            }

            return FromBytes(values, labels, SampleSize);
        }

        var floats = new float[(long)rows.Count * SampleSize];
        for (var i = 0; i < rows.Count; i++)
        {
            _floats.AsSpan(rows[i] * SampleSize, SampleSize).CopyTo(floats.AsSpan(i * SampleSize));
            labels[i] = Labels[rows[i]];
        }

        return FromFloats(floats, labels, SampleSize);
    }

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

    /// <summary>Samples <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> − 1, row after row, as a batch of the model's raw input.</summary>
    public void CopyInputs(int start, int count, Span<float> destination)
    {
        for (var i = 0; i < count; i++)
        {
            CopyInput(start + i, destination.Slice(i * SampleSize, SampleSize));
        }
    }
}
