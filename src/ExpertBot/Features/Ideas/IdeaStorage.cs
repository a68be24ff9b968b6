using ExpertBot.Features.Questions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ExpertBot.Features.Ideas;

internal static class IdeaLimits
{
    public const int TitleLength = 300;
    public const int TextLength = 4000;
    public const int NameLength = 200;
}

internal sealed class IdeaConfiguration : IEntityTypeConfiguration<Idea>
{
    public void Configure(EntityTypeBuilder<Idea> idea)
    {
        idea.ToTable("ideas");
        idea.HasKey(i => i.Id);
        idea.Property(i => i.Title).HasMaxLength(IdeaLimits.TitleLength);
        idea.Property(i => i.Details).HasMaxLength(IdeaLimits.TextLength);
        idea.Property(i => i.Product).HasMaxLength(100);
        idea.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        idea.Property(i => i.SubmitterId).HasMaxLength(100);
        idea.Property(i => i.SubmitterName).HasMaxLength(IdeaLimits.NameLength);
        idea.Property(i => i.TenantId).HasMaxLength(100);
        idea.Property(i => i.OwnerId).HasMaxLength(100);
        idea.Property(i => i.OwnerName).HasMaxLength(IdeaLimits.NameLength);
        idea.Property(i => i.Response).HasMaxLength(IdeaLimits.TextLength);
        idea.Property(i => i.SourceKey).HasMaxLength(400);
        idea.Property(i => i.ThreadConversationId).HasMaxLength(400);
        idea.Property(i => i.ThreadActivityId).HasMaxLength(200);
        idea.Property(i => i.Version).IsConcurrencyToken();
        idea.Ignore(i => i.Number);
        idea.Ignore(i => i.Score);
        idea.Ignore(i => i.AccountValue);
        idea.HasIndex(i => i.SourceKey).IsUnique();
        idea.HasIndex(i => new { i.Status, i.Product });
        idea.HasIndex(i => i.ThreadConversationId);
        idea.HasMany(i => i.Supporters).WithOne().HasForeignKey(s => s.IdeaId).OnDelete(DeleteBehavior.Cascade);
        idea.HasMany(i => i.Customers).WithOne().HasForeignKey(c => c.IdeaId).OnDelete(DeleteBehavior.Cascade);
        idea.HasMany(i => i.Cases).WithOne().HasForeignKey(c => c.IdeaId).OnDelete(DeleteBehavior.Cascade);
        idea.HasMany(i => i.Events).WithOne().HasForeignKey(e => e.IdeaId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IdeaSupporterConfiguration : IEntityTypeConfiguration<IdeaSupporter>
{
    public void Configure(EntityTypeBuilder<IdeaSupporter> s)
    {
        s.ToTable("idea_supporters");
        s.HasKey(x => x.Id);
        s.Property(x => x.UserId).HasMaxLength(100);
        s.Property(x => x.Name).HasMaxLength(IdeaLimits.NameLength);
        s.Property(x => x.Chat).HasConversion(ConversationRefJson.Converter).HasMaxLength(2000);
        // Each agent counts once per idea, however often they vote.
        s.HasIndex(x => new { x.IdeaId, x.UserId }).IsUnique();
        s.HasIndex(x => x.UserId);
    }
}

internal sealed class IdeaCustomerConfiguration : IEntityTypeConfiguration<IdeaCustomer>
{
    public void Configure(EntityTypeBuilder<IdeaCustomer> c)
    {
        c.ToTable("idea_customers");
        c.HasKey(x => x.Id);
        c.Property(x => x.Key).HasMaxLength(IdeaLimits.NameLength);
        c.Property(x => x.Name).HasMaxLength(IdeaLimits.NameLength);
        // Stored as its weight (1..3), so the board sums importance scores in SQL.
        c.Property(x => x.Importance).HasConversion<int>();
        // Each customer counts once per idea.
        c.HasIndex(x => new { x.IdeaId, x.Key }).IsUnique();
    }
}

internal sealed class IdeaCaseConfiguration : IEntityTypeConfiguration<IdeaCase>
{
    public void Configure(EntityTypeBuilder<IdeaCase> c)
    {
        c.ToTable("idea_cases");
        c.HasKey(x => x.Id);
        c.Property(x => x.CaseNumber).HasMaxLength(100);
        c.Property(x => x.Customer).HasMaxLength(IdeaLimits.NameLength);
        c.Property(x => x.AddedById).HasMaxLength(100);
        c.HasIndex(x => new { x.IdeaId, x.CaseNumber }).IsUnique();
    }
}

internal sealed class IdeaEventConfiguration : IEntityTypeConfiguration<IdeaEvent>
{
    public void Configure(EntityTypeBuilder<IdeaEvent> e)
    {
        e.ToTable("idea_events");
        e.HasKey(x => x.Id);
        e.Property(x => x.ActorId).HasMaxLength(100);
        e.Property(x => x.ActorName).HasMaxLength(IdeaLimits.NameLength);
        e.Property(x => x.Kind).HasMaxLength(40);
        e.Property(x => x.Detail).HasMaxLength(IdeaLimits.TextLength);
        e.HasIndex(x => x.IdeaId);
    }
}
