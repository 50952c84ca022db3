using System.Text.Json;
using Ensemble.Core.Ensembling;
using Ensemble.Core.Persistence.Entities;
using Ensemble.Core.Tuning;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Ensemble.Core.Persistence.Configurations;

internal sealed class StudyRecordConfiguration : IEntityTypeConfiguration<StudyRecord>
{
    public void Configure(EntityTypeBuilder<StudyRecord> builder)
    {
        builder.ToTable("Studies");
        builder.Property(s => s.Ensemble).HasMaxLength(64);
        builder.Property(s => s.Strategy).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.Objective).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.Error).HasMaxLength(2000);
        builder.Property(s => s.BestSingle).HasMaxLength(128);
        builder.Property(s => s.Members).HasConversion(PinnedMembers(), Comparer<List<PinnedMember>, PinnedMember>());
        builder.Property(s => s.Weights).HasConversion(Json<float[]?>(), Comparer<float[]?, float>());
        builder.Property(s => s.Calibration).HasConversion(JsonColumns.Converter<StudyCalibration?>(), JsonColumns.Comparer<StudyCalibration>()!);
        builder.Property(s => s.Limit).HasConversion(JsonColumns.Converter<CostLimit?>(), JsonColumns.Comparer<CostLimit>()!);
        builder.Property(s => s.MemberCosts).HasConversion(Json<double[]?>(), Comparer<double[]?, double>());
        builder.Property(s => s.Pareto).HasConversion(JsonColumns.Converter<List<ParetoPoint>?>(), JsonColumns.ListComparer<ParetoPoint>()!);
        builder.HasIndex(s => s.Status);
        builder.HasMany<TrialRecord>().WithOne().HasForeignKey(t => t.StudyId).OnDelete(DeleteBehavior.Cascade);
    }

    // Stored as the JSON list of "name@sha256" strings it always was, so existing databases read as they are.
    private static ValueConverter<List<PinnedMember>, string> PinnedMembers() =>
        new(v => JsonSerializer.Serialize(v.Select(m => m.ToString()).ToList(), (JsonSerializerOptions?)null),
            v => JsonSerializer.Deserialize<List<string>>(v, (JsonSerializerOptions?)null)!.Select(m => PinnedMember.Parse(m)).ToList());

    // Small lists stored as JSON text: they are always read and written whole.
    internal static ValueConverter<T, string> Json<T>() =>
        new(v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null), v => JsonSerializer.Deserialize<T>(v, (JsonSerializerOptions?)null)!);

    internal static ValueComparer<TList> Comparer<TList, TItem>()
        where TList : IEnumerable<TItem>? =>
        new((a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
            v => v == null ? 0 : v.Aggregate(0, (h, x) => HashCode.Combine(h, x)),
            v => v);
}
