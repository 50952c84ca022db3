using System.Buffers;
using Ensemble.Training.Kernels;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Data;

/// <summary>
/// Fills reusable batch tensors from a split of C×H×W samples: a per-epoch shuffle derived from the seed and,
/// optionally, augmentation (a random shift of up to a fourteenth of the shorter side, at least one pixel, with
/// zero fill, and a horizontal flip half the time, the same for every channel) and random erasing (with its
/// probability, one rectangle of 2–40 % of the area and aspect 0.3–3.3 filled with uniform noise in [0, 1], as
/// Zhong et al. 2017). Every random choice is a pure function of (seed, epoch, position), so a resumed run sees
/// the same batches.
/// </summary>
public sealed class BatchLoader
{
    private readonly LabeledSamples _samples;
    private readonly TensorShape _shape;
    private readonly int _maxShift;
    private readonly int[] _order;
    private readonly Action<int> _fillSample;
    private Tensor _batch = null!;
    private int[] _labels = [];
    private int _start;
    private int _epoch;

    public BatchLoader(LabeledSamples samples, TensorShape sampleShape, int batchSize, int seed, bool shuffle, bool augment, float erasing = 0f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (!(erasing is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(erasing), erasing, "Random erasing is a probability, from 0 to 1.");
        }

        if (sampleShape.Size != samples.SampleSize)
        {
            throw new ArgumentException($"Samples of {samples.SampleSize} values are not {sampleShape}.", nameof(sampleShape));
        }

        _samples = samples;
        _shape = sampleShape;
        // A shift the object survives: two pixels on a 28-pixel side, one on an 8-pixel side.
        _maxShift = Math.Max(1, (int)MathF.Round(Math.Min(sampleShape.Height, sampleShape.Width) / 14f));
        BatchSize = batchSize;
        Seed = seed;
        Shuffle = shuffle;
        Augment = augment;
        Erasing = erasing;
        _order = Enumerable.Range(0, samples.Count).ToArray();
        _fillSample = FillSample;
    }

    public int BatchSize { get; }

    public int Seed { get; }

    public bool Shuffle { get; }

    public bool Augment { get; }

    /// <summary>The chance that a sample gets a random rectangle of noise.</summary>
    public float Erasing { get; }

    public int BatchesPerEpoch => (_samples.Count + BatchSize - 1) / BatchSize;

    public TensorShape SampleShape => _shape;

    public void StartEpoch(int epoch)
    {
        _epoch = epoch;
        for (var i = 0; i < _order.Length; i++)
        {
            _order[i] = i;
        }

        if (Shuffle)
        {
            var random = SplitMix64.ForStream(Seed, stream: 2, index: epoch);
            random.Shuffle(_order);
        }
    }

    /// <summary>Fills <paramref name="batch"/> and <paramref name="labels"/> with batch number <paramref name="index"/> of the current epoch.</summary>
    public void Fill(int index, Tensor batch, ref int[] labels)
    {
        _start = index * BatchSize;
        var count = Math.Min(BatchSize, _samples.Count - _start);
        batch.Resize(count);
        if (labels.Length < count)
        {
            labels = new int[count];
        }

        _batch = batch;
        _labels = labels;
        WorkerPool.Shared.For(count, _fillSample);
    }

    private void FillSample(int i)
    {
        var source = _order[_start + i];
        _labels[i] = _samples.Labels[source];
        var destination = _batch.Sample(i);
        var position = _epoch * _samples.Count + _start + i;
        if (Augment)
        {
            Shift(source, destination, SplitMix64.ForStream(Seed, stream: 3, index: position));
        }
        else
        {
            _samples.CopyInput(source, destination);
        }

        if (Erasing > 0f)
        {
            Erase(destination, SplitMix64.ForStream(Seed, stream: 4, index: position));
        }
    }

    private void Shift(int source, Span<float> destination, SplitMix64 random)
    {
        var dx = random.NextInt(2 * _maxShift + 1) - _maxShift;
        var dy = random.NextInt(2 * _maxShift + 1) - _maxShift;
        var flip = random.NextInt(2) == 1;
        int h = _shape.Height, w = _shape.Width, plane = h * w;
        var sample = ArrayPool<float>.Shared.Rent(_samples.SampleSize);
        _samples.CopyInput(source, sample);
        for (var c = 0; c < _shape.Channels; c++)
        {
            var image = sample.AsSpan(c * plane, plane);
            var target = destination.Slice(c * plane, plane);
            for (var y = 0; y < h; y++)
            {
                var sy = y - dy;
                for (var x = 0; x < w; x++)
                {
                    var sx = (flip ? w - 1 - x : x) - dx;
                    target[y * w + x] = (uint)sy < (uint)h && (uint)sx < (uint)w ? image[sy * w + sx] : 0f;
                }
            }
        }

        ArrayPool<float>.Shared.Return(sample);
    }

    private void Erase(Span<float> destination, SplitMix64 random)
    {
        if (random.NextSingle() >= Erasing)
        {
            return;
        }

        int h = _shape.Height, w = _shape.Width, plane = h * w;
        // Draw area and aspect until the rectangle fits, as the paper does; a few tries always suffice.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var area = plane * (0.02f + (0.4f - 0.02f) * random.NextSingle());
            var aspect = MathF.Exp(MathF.Log(0.3f) + (MathF.Log(1 / 0.3f) - MathF.Log(0.3f)) * random.NextSingle());
            var eh = (int)MathF.Round(MathF.Sqrt(area * aspect));
            var ew = (int)MathF.Round(MathF.Sqrt(area / aspect));
            if (eh < 1 || ew < 1 || eh > h || ew > w)
            {
                continue;
            }

            var top = random.NextInt(h - eh + 1);
            var left = random.NextInt(w - ew + 1);
            for (var c = 0; c < _shape.Channels; c++)
            {
                for (var y = top; y < top + eh; y++)
                {
                    var row = destination.Slice(c * plane + y * w + left, ew);
                    for (var x = 0; x < ew; x++)
                    {
                        row[x] = random.NextSingle();
                    }
                }
            }

            return;
        }
    }
}
