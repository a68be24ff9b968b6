using ExpertBot.Integrations.Crm;
using ExpertBot.Storage.Jobs;

namespace ExpertBot.Features.Knowledge.Articles;

/// <summary>
/// Writes a validated external article to the configured CRM's knowledge base (as the CRM's own draft, for its publishing
/// workflow), once per article version: the idempotency key names the version, so a retry after any failure never writes
/// a second copy. Its case, when it has one, is linked to it. The text is redacted again on the way out. A newer version,
/// an internal audience or an archived article makes an older job do nothing; a CRM that refuses is recorded with why.
/// </summary>
internal sealed partial class PublishArticleHandler(KnowledgeBase articles, ICaseSystem crm, ILogger<PublishArticleHandler> logger)
    : IJobHandler<PublishArticle>
{
    public const int Attempts = 20;

    public async Task HandleAsync(PublishArticle job, JobContext context, CancellationToken ct)
    {
        if (await articles.DetailsAsync(job.ArticleId, ct) is not { } details
            || details.Article is not { State: ArticleState.Validated, Audience: ArticleAudience.External } article
            || article.Version != job.Version || article.PublishedVersion >= job.Version)
        {
            return;
        }
        if (!crm.Features.HasFlag(CaseSystemFeatures.ArticleDrafts))
        {
            await articles.RecordPublishingAsync(article.Id, job.Version, null, $"{crm.DisplayName} has no knowledge base to publish to", ct);
            return;
        }
        var draft = new ArticleDraft(
            $"expertbot-kb-{article.Id}-v{job.Version}",
            Redactor.Redact(article.Title),
            Redactor.Redact(article.Issue),
            Redactor.Redact(article.Environment),
            Redactor.Redact(article.Cause),
            Redactor.Redact(article.Resolution),
            ArticleAudience.External,
            [.. details.Contributors.Select(c => c.Name)]);
        try
        {
            var written = await crm.CreateArticleDraftAsync(draft, ct);
            if (article.CaseNumber is { } caseNumber && crm.Features.HasFlag(CaseSystemFeatures.ArticleLinks))
            {
                await crm.LinkArticleAsync(caseNumber, written.ArticleId, ct);
            }
            await articles.RecordPublishingAsync(article.Id, job.Version, written, null, ct);
            Published(logger, article.Number, job.Version, written.System, written.ArticleId);
        }
        catch (CrmException ex) when (!ex.IsRetriable || context.IsLastAttempt)
        {
            var problem = $"{crm.DisplayName} refused it ({(ex.StatusCode is { } status ? $"HTTP {(int)status}" : ex.ErrorCode ?? ex.Message)})";
            await articles.RecordPublishingAsync(article.Id, job.Version, null, problem, ct);
            throw new PermanentJobFailure($"{article.Number} version {job.Version} was not published: {problem}.", ex);
        }
    }

    [LoggerMessage(EventId = 713, Level = LogLevel.Information, Message = "{Number} version {Version} published to {System} as {ArticleId}")]
    private static partial void Published(ILogger logger, string number, int version, string system, string articleId);
}
