using Ensemble.Core.Persistence.Entities;
using Ensemble.Training.Fitting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ensemble.Core.Persistence.Configurations;

internal sealed class TrainingJobRecordConfiguration : IEntityTypeConfiguration<TrainingJobRecord>
{
    public void Configure(EntityTypeBuilder<TrainingJobRecord> builder)
    {
        builder.ToTable("TrainingJobs");
        builder.Property(j => j.Task).HasMaxLength(128);
        builder.Property(j => j.RequestedName).HasMaxLength(64);
        builder.Property(j => j.ModelName).HasMaxLength(64);
        builder.Property(j => j.ModelSha256).HasMaxLength(64);
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(j => j.Error).HasMaxLength(2000);
        builder.Property(j => j.Options).HasConversion(JsonColumns.Converter<TrainingOptions>(), JsonColumns.Comparer<TrainingOptions>());
        builder.Property(j => j.Epochs).HasConversion(JsonColumns.Converter<List<EpochMetrics>>(), JsonColumns.ListComparer<EpochMetrics>());
        builder.HasIndex(j => j.Status);
    }
}
