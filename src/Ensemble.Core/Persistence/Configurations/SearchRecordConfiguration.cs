using Ensemble.Core.Hyperparameters;
using Ensemble.Core.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ensemble.Core.Persistence.Configurations;

internal sealed class SearchRecordConfiguration : IEntityTypeConfiguration<SearchRecord>
{
    public void Configure(EntityTypeBuilder<SearchRecord> builder)
    {
        builder.ToTable("Searches");
        builder.Property(s => s.Task).HasMaxLength(128);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.Error).HasMaxLength(2000);
        builder.Property(s => s.Space).HasConversion(JsonColumns.Converter<SearchSpace>(), JsonColumns.Comparer<SearchSpace>());
        builder.Property(s => s.Budget).HasConversion(JsonColumns.Converter<SearchBudget>(), JsonColumns.Comparer<SearchBudget>());
        builder.HasIndex(s => s.Status);
        builder.HasMany<SearchTrialRecord>().WithOne().HasForeignKey(t => t.SearchId).OnDelete(DeleteBehavior.Cascade);
    }
}
