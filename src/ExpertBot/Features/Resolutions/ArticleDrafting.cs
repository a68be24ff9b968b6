using ExpertBot.Features.Cases;
using ExpertBot.Features.Knowledge.Articles;
using ExpertBot.Features.Questions;
using ExpertBot.Features.Questions.Jobs;
using ExpertBot.Storage.Jobs;

namespace ExpertBot.Features.Resolutions;

/// <summary>
/// Hands a resolved question to the knowledge base (which drafts an article from it, or links the article that answered
/// it). It lives here, not in Knowledge, because Questions already depends on Knowledge: this side reads the question and
/// the case, Knowledge does all the rest.
/// </summary>
internal sealed class ArticleDrafting(QuestionService questions, CaseLookup cases, ResolutionCapture capture) : IJobHandler<DraftArticle>
{
    public async Task HandleAsync(DraftArticle job, JobContext context, CancellationToken ct)
    {
        if (await questions.FindAsync(job.QuestionId, ct) is not { Status: QuestionStatus.Resolved, Resolution: { Length: > 0 } answer } q)
        {
            return;
        }
        var customerCase = await cases.FindAsync(q.CaseNumber, ct);
        var helpers = q.Contributions.Where(c => !c.FromAsker)
            .GroupBy(c => c.AuthorId, StringComparer.OrdinalIgnoreCase)
            .Select(g => new Helper(g.Key, g.First().AuthorName, g.Any(c => c.Accepted)))
            .ToList();
        await capture.CaptureAsync(new ResolvedAnswer(
            q.Id, q.Number, q.Title, q.Details, answer, q.Product, q.CaseNumber, q.AskerId, q.AskerName, q.AskerChat, helpers,
            q.KnowledgeArticleId, q.ResolvedAt ?? q.LastActivityAt)
        {
            PersonalNames = [.. new[] { customerCase?.Customer, customerCase?.Contact }.OfType<string>()],
        }, ct);
    }
}
