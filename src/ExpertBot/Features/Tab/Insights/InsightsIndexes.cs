using ExpertBot.Features.Knowledge.Articles;
using ExpertBot.Features.Questions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ExpertBot.Features.Tab.Insights;

// The insights' own indexes on other features' tables (added to their models beside those features' configurations;
// migration InsightsSpeed). Each holds every column its read needs, so the read is one index range without a look-up
// of each row in its table: those look-ups were most of these reads' time (12,000 open invitations, 100,000 closed
// questions over two years).

/// <summary>
/// Open invitations per expert (load): the invitations still "invited", with what the load reads of them. The status too,
/// though the filter fixes it: SQLite counts an index as covering only when it holds every column the query names.
/// </summary>
internal sealed class InsightsInvitationIndex : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> invitation) =>
        invitation.HasIndex(i => new { i.QuestionId, i.ExpertId, i.ExpertName, i.Status }).HasDatabaseName("ix_invitations_open_insights").HasFilter("\"Status\" = 'Invited'");
}

/// <summary>The period's closed questions, whether each got a knowledge link.</summary>
internal sealed class InsightsClosedQuestionIndex : IEntityTypeConfiguration<QuestionKnowledge>
{
    public void Configure(EntityTypeBuilder<QuestionKnowledge> closed) =>
        closed.HasIndex(q => new { q.ClosedAt, q.ArticleId, q.QuestionId }).HasDatabaseName("ix_question_knowledge_insights");
}

/// <summary>The period's knowledge links, whether each reused a known article.</summary>
internal sealed class InsightsLinkIndex : IEntityTypeConfiguration<ArticleLinkRow>
{
    public void Configure(EntityTypeBuilder<ArticleLinkRow> link) =>
        link.HasIndex(l => new { l.At, l.Kind, l.QuestionId }).HasDatabaseName("ix_article_links_insights");
}
