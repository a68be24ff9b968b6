using System.Text.Json;
using ExpertBot.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ExpertBot.Features.Questions;

internal sealed class QuestionConfiguration : IEntityTypeConfiguration<Question>
{
    public void Configure(EntityTypeBuilder<Question> question)
    {
        question.ToTable("questions");
        question.HasKey(q => q.Id);
        question.Property(q => q.AskerId).HasMaxLength(100);
        question.Property(q => q.AskerName).HasMaxLength(200);
        question.Property(q => q.AskerChat).HasConversion(ConversationRefJson.Converter).HasMaxLength(2000);
        question.Property(q => q.Title).HasMaxLength(QuestionLimits.TitleLength);
        question.Property(q => q.Details).HasMaxLength(QuestionLimits.TextLength);
        question.Property(q => q.Tried).HasMaxLength(QuestionLimits.TextLength);
        question.Property(q => q.Product).HasMaxLength(100);
        question.Property(q => q.Urgency).HasMaxLength(20);
        question.Property(q => q.CaseNumber).HasMaxLength(100);
        question.Property(q => q.Status).HasConversion<string>().HasMaxLength(20);
        // Two instances acting on the same question at once: the second save fails instead of overwriting.
        question.Property(q => q.Version).IsConcurrencyToken();
        question.Property(q => q.ThreadConversationId).HasMaxLength(400);
        question.Property(q => q.ThreadRootActivityId).HasMaxLength(200);
        question.Property(q => q.AskerCardActivityId).HasMaxLength(200);
        question.Property(q => q.Resolution).HasMaxLength(QuestionLimits.TextLength);
        question.Property(q => q.ResolvedById).HasMaxLength(100);
        question.Property(q => q.KnowledgeArticleId).HasMaxLength(100);
        question.Property(q => q.CancelReason).HasMaxLength(500);
        question.Ignore(q => q.Number);
        question.HasMany(q => q.Invitations).WithOne().HasForeignKey(i => i.QuestionId).OnDelete(DeleteBehavior.Cascade);
        question.HasMany(q => q.Contributions).WithOne().HasForeignKey(c => c.QuestionId).OnDelete(DeleteBehavior.Cascade);
        question.HasMany(q => q.Followers).WithOne().HasForeignKey(f => f.QuestionId).OnDelete(DeleteBehavior.Cascade);
        question.Property(q => q.SourceKey).HasMaxLength(400);
        question.HasIndex(q => q.SourceKey).IsUnique();
        question.HasIndex(q => q.ThreadConversationId);
        question.HasIndex(q => new { q.AskerId, q.Status });
        // The tab's insights: one range of this index holds every column the report reads of a period's questions (no row
        // reads); the asker, for telling experts' replies from the asker's own;
        // the id too, since a PostgreSQL index-only scan needs every column it returns in the index.
        question.HasIndex(q => new { q.CreatedAt, q.Status, q.ResolvedAt, q.FirstInvitedAt, q.FirstResponseAt, q.KnowledgeArticleId, q.AskerId, q.Id })
            .HasDatabaseName("ix_questions_insights");
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> invitation)
    {
        invitation.ToTable("invitations");
        invitation.HasKey(i => i.Id);
        invitation.Property(i => i.ExpertId).HasMaxLength(100);
        invitation.Property(i => i.ExpertName).HasMaxLength(200);
        invitation.Property(i => i.Reason).HasMaxLength(500);
        invitation.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        invitation.Property(i => i.DeclineReason).HasConversion<string>().HasMaxLength(20);
        invitation.Property(i => i.SuggestedExpertId).HasMaxLength(100);
        invitation.Property(i => i.CardConversationId).HasMaxLength(400);
        invitation.Property(i => i.CardActivityId).HasMaxLength(200);
        invitation.HasIndex(i => new { i.QuestionId, i.ExpertId }).IsUnique();
        // Load: invitations today per expert (a range of this index), and open invitations per expert (all of the small
        // partial one: an invitation leaves it when answered, timed out or withdrawn with its question's closing).
        invitation.HasIndex(i => new { i.ExpertId, i.InvitedAt });
        invitation.HasIndex(i => i.ExpertId).HasDatabaseName("ix_invitations_open_by_expert").HasFilter("\"Status\" = 'Invited'");
    }
}

internal sealed class ContributionConfiguration : IEntityTypeConfiguration<Contribution>
{
    public void Configure(EntityTypeBuilder<Contribution> contribution)
    {
        contribution.ToTable("contributions");
        contribution.HasKey(c => c.Id);
        contribution.Property(c => c.AuthorId).HasMaxLength(100);
        contribution.Property(c => c.AuthorName).HasMaxLength(200);
        contribution.Property(c => c.Text).HasMaxLength(QuestionLimits.TextLength);
        contribution.Property(c => c.SourceActivityId).HasMaxLength(200);
        contribution.HasIndex(c => new { c.QuestionId, c.SourceActivityId }).IsUnique();
        // The tab's insights: each question's replies with what the contributors' figures read, without reading the text.
        contribution.HasIndex(c => new { c.QuestionId, c.FromAsker, c.AuthorId, c.AuthorName, c.Accepted, c.Rating }).HasDatabaseName("ix_contributions_insights");
    }
}

internal sealed class FollowerConfiguration : IEntityTypeConfiguration<Follower>
{
    public void Configure(EntityTypeBuilder<Follower> follower)
    {
        follower.ToTable("followers");
        follower.HasKey(f => f.Id);
        follower.Property(f => f.UserId).HasMaxLength(100);
        follower.Property(f => f.Chat).HasConversion(ConversationRefJson.Converter).HasMaxLength(2000);
        follower.HasIndex(f => new { f.QuestionId, f.UserId }).IsUnique();
    }
}

internal static class QuestionLimits
{
    public const int TitleLength = 500;
    public const int TextLength = 8000;
}

internal static class ConversationRefJson
{
    public static readonly ValueConverter<ConversationRef, string> Converter = new(
        v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
        v => JsonSerializer.Deserialize<ConversationRef>(v, JsonSerializerOptions.Web)!);
}
