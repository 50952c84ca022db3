using Ensemble.Core.Hyperparameters;
using Ensemble.Core.Persistence.Entities;
using Ensemble.Training.Fitting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ensemble.Core.Persistence.Configurations;

internal sealed class SearchTrialRecordConfiguration : IEntityTypeConfiguration<SearchTrialRecord>
{
    public void Configure(EntityTypeBuilder<SearchTrialRecord> builder)
    {
        builder.ToTable("SearchTrials");
        builder.Property(t => t.Outcome).HasConversion<string>().HasMaxLength(32);
        builder.Property(t => t.Reason).HasMaxLength(500);
        builder.Property(t => t.Configuration).HasConversion(JsonColumns.Converter<SearchConfiguration>(), JsonColumns.Comparer<SearchConfiguration>());
        builder.Property(t => t.Curve).HasConversion(JsonColumns.Converter<List<EpochMetrics>>(), JsonColumns.ListComparer<EpochMetrics>());
        builder.HasIndex(t => new { t.SearchId, t.Number }).IsUnique();
    }
}
