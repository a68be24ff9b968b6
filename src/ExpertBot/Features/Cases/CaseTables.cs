using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ExpertBot.Features.Cases;

/// <summary>A customer case of the built-in case log (the embedded default when no CRM is configured).</summary>
internal sealed class CaseRecord
{
    public long Id { get; set; }
    /// <summary>The number agents know it by (CAS-10421), upper case.</summary>
    public required string Number { get; set; }
    public required string Title { get; set; }
    public string? Status { get; set; }
    public string? Customer { get; set; }
    public string? Contact { get; set; }
    public string? Product { get; set; }
    public string? Priority { get; set; }
    public decimal? AccountValue { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An internal note on a case of the built-in case log; one per idempotency key.</summary>
internal sealed class CaseNote
{
    public long Id { get; set; }
    public required string CaseNumber { get; set; }
    public required string IdempotencyKey { get; set; }
    public required string Subject { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class CaseRecordConfiguration : IEntityTypeConfiguration<CaseRecord>
{
    public void Configure(EntityTypeBuilder<CaseRecord> c)
    {
        c.ToTable("cases");
        c.HasKey(x => x.Id);
        c.Property(x => x.Number).HasMaxLength(100);
        c.Property(x => x.Title).HasMaxLength(500);
        c.Property(x => x.Status).HasMaxLength(50);
        c.Property(x => x.Customer).HasMaxLength(200);
        c.Property(x => x.Contact).HasMaxLength(200);
        c.Property(x => x.Product).HasMaxLength(100);
        c.Property(x => x.Priority).HasMaxLength(50);
        c.Property(x => x.AccountValue).HasPrecision(18, 2);
        c.HasIndex(x => x.Number).IsUnique();
    }
}

internal sealed class CaseNoteConfiguration : IEntityTypeConfiguration<CaseNote>
{
    public void Configure(EntityTypeBuilder<CaseNote> n)
    {
        n.ToTable("case_notes");
        n.HasKey(x => x.Id);
        n.Property(x => x.CaseNumber).HasMaxLength(100);
        n.Property(x => x.IdempotencyKey).HasMaxLength(200);
        n.Property(x => x.Subject).HasMaxLength(500);
        n.Property(x => x.Text).HasMaxLength(32_000);
        n.HasIndex(x => x.IdempotencyKey).IsUnique();
        n.HasIndex(x => x.CaseNumber);
    }
}
