using System.Runtime.InteropServices;
using Ensemble.Tasks.Data;

namespace Ensemble.Training.Data;

/// <summary>
/// Drops training samples whose input equals a held-out sample's, value for value. A validation or test image
/// that the model also trained on would make its held-out scores lie; a dataset that ships its validation split
/// inside its train file (Fashion-MNIST's last 5,000 images) would otherwise leak all of it.
/// </summary>
public static class SampleDeduplicator
{
    /// <summary>The training samples left, in their order, and how many were dropped.</summary>
    public static (LabeledSamples Train, int Dropped) ExceptHeldOut(LabeledSamples train, params LabeledSamples[] heldOut)
    {
        if (heldOut.Any(h => h.SampleSize != train.SampleSize))
        {
            throw new ArgumentException("Every split must have the same sample size.", nameof(heldOut));
        }

        // Hash buckets of held-out samples; a hash match is confirmed value for value, so collisions cost only time.
        var buckets = new Dictionary<int, List<(LabeledSamples Split, int Index)>>();
        var sample = new float[train.SampleSize];
        foreach (var split in heldOut)
        {
            for (var i = 0; i < split.Count; i++)
            {
                split.CopyInput(i, sample);
                var hash = Hash(sample);
                if (!buckets.TryGetValue(hash, out var bucket))
                {
                    buckets[hash] = bucket = [];
                }

                bucket.Add((split, i));
            }
        }

        var other = new float[train.SampleSize];
        var kept = new List<int>(train.Count);
        for (var i = 0; i < train.Count; i++)
        {
            train.CopyInput(i, sample);
            if (!buckets.TryGetValue(Hash(sample), out var bucket) || !bucket.Any(b => Matches(b.Split, b.Index, sample, other)))
            {
                kept.Add(i);
            }
        }

        var dropped = train.Count - kept.Count;
        return (dropped == 0 ? train : train.Select(kept), dropped);
    }

    private static int Hash(ReadOnlySpan<float> values)
    {
        var hash = new HashCode();
        hash.AddBytes(MemoryMarshal.AsBytes(values));
        return hash.ToHashCode();
    }

    private static bool Matches(LabeledSamples split, int index, ReadOnlySpan<float> sample, float[] scratch)
    {
        split.CopyInput(index, scratch);
        return sample.SequenceEqual(scratch);
    }
}
