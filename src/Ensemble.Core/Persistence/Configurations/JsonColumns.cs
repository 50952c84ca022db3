using System.Text.Json;
using Ensemble.Training.Fitting;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Ensemble.Core.Persistence.Configurations;

/// <summary>Values stored as JSON text: small, and always read and written whole.</summary>
internal static class JsonColumns
{
    private static readonly JsonSerializerOptions Compact = new(TrainingJson.Options) { WriteIndented = false };

    public static ValueConverter<T, string> Converter<T>() =>
        new(v => JsonSerializer.Serialize(v, Compact), v => JsonSerializer.Deserialize<T>(v, Compact)!);

    /// <summary>Records compare by value, so a changed record is saved and an unchanged one is not.</summary>
    public static ValueComparer<T> Comparer<T>()
        where T : class =>
        new((a, b) => Equals(a, b), v => v.GetHashCode(), v => v);

    /// <summary>Lists are compared item by item and snapshotted as copies, so an added item is noticed.</summary>
    public static ValueComparer<List<T>> ListComparer<T>() =>
        new((a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
            v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x)),
            v => new List<T>(v));
}
