using Ensemble.Core.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ensemble.Core.Persistence.Configurations;

internal sealed class TrialRecordConfiguration : IEntityTypeConfiguration<TrialRecord>
{
    public void Configure(EntityTypeBuilder<TrialRecord> builder)
    {
        builder.ToTable("Trials");
        builder.Property(t => t.Weights).HasConversion(StudyRecordConfiguration.Json<float[]>(), StudyRecordConfiguration.Comparer<float[], float>());
        builder.HasIndex(t => new { t.StudyId, t.Fold, t.Number }).IsUnique();
    }
}
