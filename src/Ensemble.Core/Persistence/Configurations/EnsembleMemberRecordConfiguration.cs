using Ensemble.Core.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ensemble.Core.Persistence.Configurations;

internal sealed class EnsembleMemberRecordConfiguration : IEntityTypeConfiguration<EnsembleMemberRecord>
{
    public void Configure(EntityTypeBuilder<EnsembleMemberRecord> builder)
    {
        builder.ToTable("EnsembleMembers");
        builder.Property(m => m.Model).HasMaxLength(128).IsRequired();
        builder.Property(m => m.Sha256).HasMaxLength(64).IsRequired();
        builder.HasIndex(m => new { m.VersionId, m.Position }).IsUnique();
    }
}
