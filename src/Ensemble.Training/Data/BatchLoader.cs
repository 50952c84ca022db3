using Ensemble.Training.Kernels;
using Ensemble.Training.Tensors;

namespace Ensemble.Training.Data;

/// <summary>
/// Fills reusable batch tensors from a split: a per-epoch shuffle derived from the seed and, optionally,
/// augmentation (a random shift of up to ±2 pixels with zero fill, and a horizontal flip half the time).
/// Every random choice is a pure function of (seed, epoch, position), so a resumed run sees the same batches.
/// </summary>
public sealed class BatchLoader
{
    private const int MaxShift = 2;

    private readonly LabeledImages _images;
    private readonly int[] _order;
    private readonly Action<int> _fillSample;
    private Tensor _batch = null!;
    private byte[] _labels = [];
    private int _start;
    private int _epoch;

    public BatchLoader(LabeledImages images, int batchSize, int seed, bool shuffle, bool augment)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _images = images;
        BatchSize = batchSize;
        Seed = seed;
        Shuffle = shuffle;
        Augment = augment;
        _order = Enumerable.Range(0, images.Count).ToArray();
        _fillSample = FillSample;
    }

    public int BatchSize { get; }

    public int Seed { get; }

    public bool Shuffle { get; }

    public bool Augment { get; }

    public int BatchesPerEpoch => (_images.Count + BatchSize - 1) / BatchSize;

    public TensorShape SampleShape => new(1, _images.Height, _images.Width);

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
    public void Fill(int index, Tensor batch, ref byte[] labels)
    {
        _start = index * BatchSize;
        var count = Math.Min(BatchSize, _images.Count - _start);
        batch.Resize(count);
        if (labels.Length < count)
        {
            labels = new byte[count];
        }

        _batch = batch;
        _labels = labels;
        WorkerPool.Shared.For(count, _fillSample);
    }

    private void FillSample(int i)
    {
        var source = _order[_start + i];
        _labels[i] = _images.Labels[source];
        var destination = _batch.Sample(i);
        if (!Augment)
        {
            _images.CopyScaled(source, destination);
            return;
        }

        var random = SplitMix64.ForStream(Seed, stream: 3, index: _epoch * _images.Count + _start + i);
        var dx = random.NextInt(2 * MaxShift + 1) - MaxShift;
        var dy = random.NextInt(2 * MaxShift + 1) - MaxShift;
        var flip = random.NextInt(2) == 1;
        int h = _images.Height, w = _images.Width;
        var image = _images.Image(source);
        for (var y = 0; y < h; y++)
        {
            var sy = y - dy;
            for (var x = 0; x < w; x++)
            {
                var sx = (flip ? w - 1 - x : x) - dx;
                destination[y * w + x] = (uint)sy < (uint)h && (uint)sx < (uint)w ? image[sy * w + sx] * (1f / 255f) : 0f;
            }
        }
    }
}
