using Ensemble.Core.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ensemble.Core.Persistence.Configurations;

internal sealed class EnsembleRecordConfiguration : IEntityTypeConfiguration<EnsembleRecord>
{
    public void Configure(EntityTypeBuilder<EnsembleRecord> builder)
    {
        builder.ToTable("Ensembles");
        builder.Property(e => e.Name).HasMaxLength(64).IsRequired();
        builder.HasIndex(e => e.Name).IsUnique();
        builder.Property(e => e.Task).HasMaxLength(128).IsRequired().HasDefaultValue("");
        builder.HasMany(e => e.Versions).WithOne().HasForeignKey(v => v.EnsembleId).OnDelete(DeleteBehavior.Cascade);
    }
}
