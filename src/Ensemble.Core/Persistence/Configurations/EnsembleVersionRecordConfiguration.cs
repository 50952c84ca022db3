using Ensemble.Core.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ensemble.Core.Persistence.Configurations;

internal sealed class EnsembleVersionRecordConfiguration : IEntityTypeConfiguration<EnsembleVersionRecord>
{
    public void Configure(EntityTypeBuilder<EnsembleVersionRecord> builder)
    {
        builder.ToTable("EnsembleVersions");
        builder.HasIndex(v => new { v.EnsembleId, v.Version }).IsUnique();
        builder.Property(v => v.Method).HasConversion<string>().HasMaxLength(32);
        builder.Property(v => v.Provenance).HasConversion<string>().HasMaxLength(32);
        builder.Property(v => v.Note).HasMaxLength(500);
        builder.HasMany(v => v.Members).WithOne().HasForeignKey(m => m.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}
