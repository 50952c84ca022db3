using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Ensemble.Core.Persistence;

/// <summary>Stores a DateTimeOffset as UTC ticks, which SQLite can sort and compare.</summary>
internal sealed class DateTimeOffsetTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
