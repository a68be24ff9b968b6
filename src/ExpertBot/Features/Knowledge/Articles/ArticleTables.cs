using System.Text.Json;
using ExpertBot.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ExpertBot.Features.Knowledge.Articles;

/// <summary>One version of an article's text, with who made it and why: the article's history.</summary>
internal sealed class ArticleRevision
{
    public long Id { get; set; }
    public long ArticleId { get; set; }
    public int Version { get; set; }
    public required string EditorId { get; set; }
    public required string EditorName { get; set; }
    /// <summary>What the change was ("drafted", "validated", "fixed: ...").</summary>
    public required string Change { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Title { get; set; }
    public string Issue { get; set; } = "";
    public string Environment { get; set; } = "";
    public string Cause { get; set; } = "";
    public string Resolution { get; set; } = "";
}

/// <summary>Someone credited on an article.</summary>
internal sealed class ArticleContributor
{
    public long ArticleId { get; set; }
    public required string PersonId { get; set; }
    public required string Name { get; set; }
    /// <summary>"expert", "asker" or "editor".</summary>
    public required string Role { get; set; }
}

internal enum LinkKind
{
    /// <summary>The article was written from this question.</summary>
    New,

    /// <summary>An existing article answered this question (reuse).</summary>
    Known,
}

/// <summary>An article used to answer a question or a case: the link rate's numerator, and reuse.</summary>
internal sealed class ArticleLinkRow
{
    public long Id { get; set; }
    public long ArticleId { get; set; }
    public long QuestionId { get; set; }
    public string? CaseNumber { get; set; }
    public LinkKind Kind { get; set; }
    public DateTimeOffset At { get; set; }
}

internal enum FlagReason { Wrong, Outdated, Unclear }

/// <summary>"Flag it": someone who used the article says it is wrong, outdated or unclear; the owner is told.</summary>
internal sealed class ArticleFlag
{
    public long Id { get; set; }
    public long ArticleId { get; set; }
    public int ArticleVersion { get; set; }
    public required string PersonId { get; set; }
    public required string PersonName { get; set; }
    public FlagReason Reason { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>Set when a later fix or verification dealt with it.</summary>
    public DateTimeOffset? ResolvedAt { get; set; }
}

/// <summary>One person's stars for an article (a second rating replaces the first).</summary>
internal sealed class ArticleRating
{
    public long ArticleId { get; set; }
    public required string PersonId { get; set; }
    public int Stars { get; set; }
    public DateTimeOffset At { get; set; }
}

internal enum UpdateState { Proposed, Applied, Discarded }

/// <summary>What a later answer adds to an existing article, proposed to its owner instead of a duplicate article.</summary>
internal sealed class ArticleUpdate
{
    public long Id { get; set; }
    public long ArticleId { get; set; }
    public long QuestionId { get; set; }
    public required string QuestionNumber { get; set; }
    public required string Text { get; set; }
    public required string ProposedById { get; set; }
    public required string ProposedByName { get; set; }
    public UpdateState State { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>
/// Every resolved question the knowledge base saw, and the article linked to it if any: the link rate's denominator
/// (Knowledge does not read the Questions tables).
/// </summary>
internal sealed class QuestionKnowledge
{
    public long QuestionId { get; set; }
    public required string QuestionNumber { get; set; }
    public DateTimeOffset ClosedAt { get; set; }
    public long? ArticleId { get; set; }
    public LinkKind? Kind { get; set; }
}

internal static class ArticleLimits
{
    public const int Title = 300;
    public const int Part = 4000;
    public const int Comment = 1000;
}

internal sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    private static readonly ValueConverter<ConversationRef?, string?> Chat = new(
        v => v == null ? null : JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
        v => v == null ? null : JsonSerializer.Deserialize<ConversationRef>(v, JsonSerializerOptions.Web));

    public void Configure(EntityTypeBuilder<Article> a)
    {
        a.ToTable("knowledge_articles");
        a.HasKey(x => x.Id);
        a.Property(x => x.Title).HasMaxLength(ArticleLimits.Title);
        a.Property(x => x.Issue).HasMaxLength(ArticleLimits.Part);
        a.Property(x => x.Environment).HasMaxLength(ArticleLimits.Part);
        a.Property(x => x.Cause).HasMaxLength(ArticleLimits.Part);
        a.Property(x => x.Resolution).HasMaxLength(ArticleLimits.Part);
        a.Property(x => x.Product).HasMaxLength(100);
        a.Property(x => x.Tags).HasMaxLength(1000);
        a.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        a.Property(x => x.Audience).HasConversion<string>().HasMaxLength(20);
        a.Property(x => x.OwnerId).HasMaxLength(100);
        a.Property(x => x.OwnerName).HasMaxLength(200);
        a.Property(x => x.OwnerChat).HasConversion(Chat).HasMaxLength(2000);
        a.Property(x => x.TenantId).HasMaxLength(100);
        a.Property(x => x.SourceQuestionNumber).HasMaxLength(40);
        a.Property(x => x.CaseNumber).HasMaxLength(100);
        a.Property(x => x.DraftedBy).HasMaxLength(200);
        a.Property(x => x.ArchivedReason).HasMaxLength(500);
        a.Property(x => x.Version).IsConcurrencyToken();
        a.Property(x => x.PublishedSystem).HasMaxLength(100);
        a.Property(x => x.PublishedArticleId).HasMaxLength(200);
        a.Property(x => x.PublishedUrl).HasMaxLength(1000);
        a.Property(x => x.PublishProblem).HasMaxLength(1000);
        a.Ignore(x => x.Number);
        a.Ignore(x => x.IsSearchable);
        a.Ignore(x => x.TagList);
        // One draft per resolved question, whatever the retries of the job that drafts it.
        a.HasIndex(x => x.SourceQuestionId).IsUnique();
        a.HasIndex(x => new { x.State, x.VerifyDueAt });
        a.HasIndex(x => x.OwnerId);
        // ArticleRefresh reads the articles changed since its watermark, in (UpdatedAt, Id) order, every few seconds on
        // each instance: a range of this index, never a scan of the table and a sort.
        a.HasIndex(x => new { x.UpdatedAt, x.Id });
    }
}

internal sealed class ArticleRevisionConfiguration : IEntityTypeConfiguration<ArticleRevision>
{
    public void Configure(EntityTypeBuilder<ArticleRevision> r)
    {
        r.ToTable("article_revisions");
        r.HasKey(x => x.Id);
        r.Property(x => x.EditorId).HasMaxLength(100);
        r.Property(x => x.EditorName).HasMaxLength(200);
        r.Property(x => x.Change).HasMaxLength(300);
        r.Property(x => x.Title).HasMaxLength(ArticleLimits.Title);
        r.Property(x => x.Issue).HasMaxLength(ArticleLimits.Part);
        r.Property(x => x.Environment).HasMaxLength(ArticleLimits.Part);
        r.Property(x => x.Cause).HasMaxLength(ArticleLimits.Part);
        r.Property(x => x.Resolution).HasMaxLength(ArticleLimits.Part);
        r.HasIndex(x => new { x.ArticleId, x.Version }).IsUnique();
        r.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ArticleContributorConfiguration : IEntityTypeConfiguration<ArticleContributor>
{
    public void Configure(EntityTypeBuilder<ArticleContributor> c)
    {
        c.ToTable("article_contributors");
        c.HasKey(x => new { x.ArticleId, x.PersonId });
        c.Property(x => x.PersonId).HasMaxLength(100);
        c.Property(x => x.Name).HasMaxLength(200);
        c.Property(x => x.Role).HasMaxLength(20);
        c.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ArticleLinkConfiguration : IEntityTypeConfiguration<ArticleLinkRow>
{
    public void Configure(EntityTypeBuilder<ArticleLinkRow> l)
    {
        l.ToTable("article_links");
        l.HasKey(x => x.Id);
        l.Property(x => x.CaseNumber).HasMaxLength(100);
        l.Property(x => x.Kind).HasConversion<string>().HasMaxLength(10);
        l.HasIndex(x => new { x.ArticleId, x.QuestionId }).IsUnique();
        l.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ArticleFlagConfiguration : IEntityTypeConfiguration<ArticleFlag>
{
    public void Configure(EntityTypeBuilder<ArticleFlag> f)
    {
        f.ToTable("article_flags");
        f.HasKey(x => x.Id);
        f.Property(x => x.PersonId).HasMaxLength(100);
        f.Property(x => x.PersonName).HasMaxLength(200);
        f.Property(x => x.Reason).HasConversion<string>().HasMaxLength(20);
        f.Property(x => x.Comment).HasMaxLength(ArticleLimits.Comment);
        f.HasIndex(x => x.ArticleId);
        f.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ArticleRatingConfiguration : IEntityTypeConfiguration<ArticleRating>
{
    public void Configure(EntityTypeBuilder<ArticleRating> r)
    {
        r.ToTable("article_ratings");
        r.HasKey(x => new { x.ArticleId, x.PersonId });
        r.Property(x => x.PersonId).HasMaxLength(100);
        r.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ArticleUpdateConfiguration : IEntityTypeConfiguration<ArticleUpdate>
{
    public void Configure(EntityTypeBuilder<ArticleUpdate> u)
    {
        u.ToTable("article_updates");
        u.HasKey(x => x.Id);
        u.Property(x => x.QuestionNumber).HasMaxLength(40);
        u.Property(x => x.Text).HasMaxLength(ArticleLimits.Part);
        u.Property(x => x.ProposedById).HasMaxLength(100);
        u.Property(x => x.ProposedByName).HasMaxLength(200);
        u.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        u.HasIndex(x => new { x.ArticleId, x.QuestionId }).IsUnique();
        u.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class QuestionKnowledgeConfiguration : IEntityTypeConfiguration<QuestionKnowledge>
{
    public void Configure(EntityTypeBuilder<QuestionKnowledge> q)
    {
        q.ToTable("question_knowledge");
        q.HasKey(x => x.QuestionId);
        q.Property(x => x.QuestionId).ValueGeneratedNever();
        q.Property(x => x.QuestionNumber).HasMaxLength(40);
        q.Property(x => x.Kind).HasConversion<string>().HasMaxLength(10);
        q.HasIndex(x => x.ClosedAt);
    }
}
