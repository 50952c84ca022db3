using System.Buffers;
using Ensemble.Tasks.Data;
using Ensemble.Training.Kernels;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Data;

/// <summary>
/// Fills reusable batch tensors from a split of C×H×W samples: a per-epoch shuffle derived from the seed and,
/// optionally, augmentation (a random shift of up to a fourteenth of the shorter side, at least one pixel, with
/// zero fill, and a horizontal flip half the time, the same for every channel) and random erasing (with its
/// probability, one rectangle of 2–40 % of the area and aspect 0.3–3.3 filled with uniform noise in [0, 1], as
/// Zhong et al. 2017) and CutMix (with its probability, a rectangle of another random training image, itself
/// augmented, pasted over the sample, its side √(1 − λ) of the image's for λ uniform in [0, 1] and clipped at the
/// border, as Yun et al. 2019; the pasted share of the pixels becomes the partner's share of the target, read from
/// <see cref="Partners"/> and <see cref="PartnerShares"/>). Every random choice is a pure function of (seed, epoch,
/// position), so a resumed run sees the same batches.
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
    private int[] _partners = [];
    private float[] _shares = [];
    private int _count;
    private int _start;
    private int _epoch;

    public BatchLoader(
        LabeledSamples samples, TensorShape sampleShape, int batchSize, int seed, bool shuffle, bool augment, float erasing = 0f, float cutMix = 0f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (!(erasing is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(erasing), erasing, "Random erasing is a probability, from 0 to 1.");
        }

        if (!(cutMix is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(cutMix), cutMix, "CutMix is a probability, from 0 to 1.");
        }

        if (cutMix > 0f && (sampleShape.Height < 2 || sampleShape.Width < 2))
        {
            throw new ArgumentException($"CutMix pastes rectangles of images; samples of shape {sampleShape} are not images.", nameof(cutMix));
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
        CutMix = cutMix;
        _order = Enumerable.Range(0, samples.Count).ToArray();
        _fillSample = FillSample;
    }

    public int BatchSize { get; }

    public int Seed { get; }

    public bool Shuffle { get; }

    public bool Augment { get; }

    /// <summary>The chance that a sample gets a random rectangle of noise.</summary>
    public float Erasing { get; }

    /// <summary>The chance that a sample gets a rectangle of another image pasted over it.</summary>
    public float CutMix { get; }

    /// <summary>The label of the image pasted into each sample of the last filled batch; empty when CutMix is off.</summary>
    public ReadOnlySpan<int> Partners => CutMix > 0f ? _partners.AsSpan(0, _count) : [];

    /// <summary>The share of each sample's pixels that came from its partner (0 when nothing was pasted); empty when CutMix is off.</summary>
    public ReadOnlySpan<float> PartnerShares => CutMix > 0f ? _shares.AsSpan(0, _count) : [];

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

        if (CutMix > 0f && _partners.Length < count)
        {
            _partners = new int[count];
            _shares = new float[count];
        }

        _count = count;
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
        Load(source, destination, SplitMix64.ForStream(Seed, stream: 3, index: position));
        if (CutMix > 0f)
        {
            Mix(i, destination, position);
        }

        if (Erasing > 0f)
        {
            Erase(destination, SplitMix64.ForStream(Seed, stream: 4, index: position));
        }
    }

    private void Load(int source, Span<float> destination, SplitMix64 random)
    {
        if (Augment)
        {
            Shift(source, destination, random);
        }
        else
        {
            _samples.CopyInput(source, destination);
        }
    }

    private void Mix(int i, Span<float> destination, int position)
    {
        var random = SplitMix64.ForStream(Seed, stream: 5, index: position);
        _partners[i] = _labels[i];
        _shares[i] = 0f;
        if (random.NextSingle() >= CutMix)
        {
            return;
        }

        var partner = random.NextInt(_samples.Count);
        int h = _shape.Height, w = _shape.Width, plane = h * w;
        var side = MathF.Sqrt(1f - random.NextSingle());
        int boxHeight = (int)MathF.Round(h * side), boxWidth = (int)MathF.Round(w * side);
        int centerY = random.NextInt(h), centerX = random.NextInt(w);
        int top = Math.Max(centerY - boxHeight / 2, 0), bottom = Math.Min(centerY + (boxHeight + 1) / 2, h);
        int left = Math.Max(centerX - boxWidth / 2, 0), right = Math.Min(centerX + (boxWidth + 1) / 2, w);
        if (bottom <= top || right <= left)
        {
            return;
        }

        var pasted = ArrayPool<float>.Shared.Rent(_samples.SampleSize);
        Load(partner, pasted.AsSpan(0, _samples.SampleSize), SplitMix64.ForStream(Seed, stream: 6, index: position));
        for (var c = 0; c < _shape.Channels; c++)
        {
            for (var y = top; y < bottom; y++)
            {
                var offset = c * plane + y * w + left;
                pasted.AsSpan(offset, right - left).CopyTo(destination.Slice(offset, right - left));
            }
        }

        ArrayPool<float>.Shared.Return(pasted);
        _partners[i] = _samples.Labels[partner];
        _shares[i] = (float)((bottom - top) * (right - left)) / plane;
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
