using System.Text.RegularExpressions;
using ExpertBot.CardActions;
using ExpertBot.Features.Knowledge.Search;
using ExpertBot.Storage;
using ExpertBot.Storage.Jobs;
using ExpertBot.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Knowledge.Articles;

/// <summary>What the knowledge base did with a resolved question.</summary>
internal enum CaptureResult { AlreadySeen, LinkedKnown, ProposedUpdate, Drafted, NoArticle }

/// <summary>
/// KCS "capture in the workflow": every resolved question either links the article that answered it (reuse), or proposes
/// an update to a matching article when the answer adds something, or becomes a draft article whose owner (the expert
/// whose answer was accepted, else the asker) is asked on a card to validate it. Runs from the outbox, once per question.
/// </summary>
internal sealed partial class ResolutionCapture(
    ExpertBotDatabase database, KnowledgeIndex knowledge, IArticleWriter writer, JobSignal signal, TimeProvider time,
    IOptions<ArticleOptions> options, ILogger<ResolutionCapture> logger)
{
    private static readonly IReadOnlySet<DocumentKind> ArticlesOnly = new HashSet<DocumentKind> { DocumentKind.Article };

    public async Task<CaptureResult> CaptureAsync(ResolvedAnswer answer, CancellationToken ct)
    {
        await using (var seen = database.CreateContext())
        {
            if (await seen.Set<QuestionKnowledge>().AnyAsync(q => q.QuestionId == answer.QuestionId, ct))
            {
                return CaptureResult.AlreadySeen; // An earlier run of this job got this far.
            }
        }
        if (answer.ArticleUsed is { } used)
        {
            // The asker said a search hit answers it: an article is reuse; a past question's answer links no article.
            var usedId = ArticleNumbers.Parse(used);
            return await LinkAsync(answer, usedId, proposal: null, foundBySearch: false, ct);
        }
        if (await FindReuseAsync(answer, ct) is { } match)
        {
            var proposal = Additions(answer.Answer, match);
            return await LinkAsync(answer, ArticleNumbers.Parse(match.Article.Id), proposal, foundBySearch: true, ct);
        }
        return await DraftAsync(answer, ct);
    }

    /// <summary>A validated article the question is about, when words and meaning agree (see <see cref="ArticleOptions.ReuseSimilarity"/>).</summary>
    private async Task<KnowledgeMatch?> FindReuseAsync(ResolvedAnswer answer, CancellationToken ct)
    {
        var hits = await knowledge.SearchAsync(answer.QuestionText, top: 1, new SearchFilter(Kinds: ArticlesOnly), ct);
        return hits is [var top, ..] && top.Confidence >= options.Value.ReuseConfidence && top.Semantic >= options.Value.ReuseSimilarity ? top : null;
    }

    /// <summary>The answer's sentences that say something the article does not (new content words); null when none do.</summary>
    internal static string? Additions(string answer, KnowledgeMatch match)
    {
        var known = ContentWords(string.Join(" ", match.Article.Title, match.Article.Issue, match.Article.Environment, match.Article.Cause, match.Article.Resolution));
        var adding = ArticleDrafter.Sentences(answer).Where(s => ContentWords(s).Count(w => !known.Contains(w)) >= 3).ToList();
        return adding.Count == 0 ? null : ArticleDrafter.Clip(string.Join(" ", adding), ArticleLimits.Part);
    }

    private static HashSet<string> ContentWords(string text) =>
        [.. Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length >= 4 && !Stop.Contains(w))];

    private static readonly HashSet<string> Stop = new(StringComparer.Ordinal)
    {
        "this", "that", "with", "from", "have", "there", "their", "they", "then", "than", "when", "what", "which", "will", "would",
        "should", "could", "into", "your", "yours", "also", "just", "only", "some", "more", "most", "very", "been", "were", "does",
        "make", "sure", "after", "before", "again", "other", "them", "these", "those", "here", "about", "because", "while",
    };

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    /// <param name="foundBySearch">The search found the article for the question (the asker did not pick it, so the resolution's
    /// case note does not name it): the case gets its own note naming it.</param>
    private async Task<CaptureResult> LinkAsync(ResolvedAnswer answer, long? articleId, string? proposal, bool foundBySearch, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var article = articleId is { } id ? await db.Set<Article>().FirstOrDefaultAsync(a => a.Id == id, ct) : null;
        var now = time.GetUtcNow();
        var jobs = new List<NewJob>();
        db.Add(new QuestionKnowledge
        {
            QuestionId = answer.QuestionId,
            QuestionNumber = answer.Number,
            ClosedAt = answer.ResolvedAt,
            ArticleId = article?.Id,
            Kind = article is null ? null : LinkKind.Known,
        });
        if (article is not null)
        {
            db.Add(new ArticleLinkRow { ArticleId = article.Id, QuestionId = answer.QuestionId, CaseNumber = answer.CaseNumber, Kind = LinkKind.Known, At = now });
            if (foundBySearch && article.State == ArticleState.Validated && answer.CaseNumber is { Length: > 0 } caseNumber)
            {
                jobs.Add(ArticleJobs.CaseNote(article, caseNumber, answer.Number, reused: true));
            }
            if (proposal is not null && article.State != ArticleState.Archived && article.OwnerChat is not null)
            {
                var author = answer.Helpers.FirstOrDefault(h => h.Accepted) is { } expert ? (expert.Id, expert.Name) : (answer.AskerId, answer.AskerName);
                db.Add(new ArticleUpdate
                {
                    ArticleId = article.Id,
                    QuestionId = answer.QuestionId,
                    QuestionNumber = answer.Number,
                    Text = Redactor.Redact(proposal, answer.PersonalNames),
                    ProposedById = author.Item1,
                    ProposedByName = author.Item2,
                    State = UpdateState.Proposed,
                    At = now,
                });
                jobs.Add(ArticleJobs.Notify(article, OwnerNotice.Update, $"{answer.Number} was answered with {article.Number}, and its answer adds something.", (int)(answer.QuestionId % int.MaxValue)));
            }
        }
        if (!await CommitAsync(db, jobs, now, ct))
        {
            return CaptureResult.AlreadySeen;
        }
        return article is null ? CaptureResult.NoArticle : jobs.Any(j => j.Kind == NotifyOwner.Kind) ? CaptureResult.ProposedUpdate : CaptureResult.LinkedKnown;
    }

    private async Task<CaptureResult> DraftAsync(ResolvedAnswer answer, CancellationToken ct)
    {
        var parts = await writer.DraftAsync(answer, ct);
        var owner = answer.Helpers.FirstOrDefault(h => h.Accepted) is { } expert ? new Helper(expert.Id, expert.Name, true) : new Helper(answer.AskerId, answer.AskerName, false);
        var isAsker = string.Equals(owner.Id, answer.AskerId, StringComparison.OrdinalIgnoreCase);
        var now = time.GetUtcNow();
        await using var db = database.CreateContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var article = new Article
        {
            Title = Redactor.Redact(parts.Title, answer.PersonalNames),
            Issue = Redactor.Redact(parts.Issue, answer.PersonalNames),
            Environment = Redactor.Redact(parts.Environment, answer.PersonalNames),
            Cause = Redactor.Redact(parts.Cause, answer.PersonalNames),
            Resolution = Redactor.Redact(parts.Resolution, answer.PersonalNames),
            Product = answer.Product ?? "",
            OwnerId = owner.Id,
            OwnerName = owner.Name,
            // The asker's own chat when they own it; anyone else gets a 1:1 chat opened by their id, as invitations do.
            OwnerChat = isAsker ? answer.AskerChat : answer.AskerChat with { ConversationId = "", UserId = owner.Id },
            TenantId = answer.AskerChat.TenantId,
            SourceQuestionId = answer.QuestionId,
            SourceQuestionNumber = answer.Number,
            CaseNumber = answer.CaseNumber,
            DraftedBy = parts.DraftedBy,
            CreatedAt = now,
            UpdatedAt = now,
            VerifyIntervalDays = options.Value.VerifyIntervalDays,
        };
        db.Add(article);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return CaptureResult.AlreadySeen; // Drafted by a concurrent run (one draft per question).
        }
        KnowledgeBase.AddRevision(db, article, new Actor(owner.Id, owner.Name, answer.AskerChat), $"drafted from {answer.Number} ({parts.DraftedBy})", now);
        foreach (var person in answer.Helpers.Select(h => (h.Id, h.Name, Role: "expert")).Append((answer.AskerId, answer.AskerName, Role: "asker"))
            .DistinctBy(p => p.Item1, StringComparer.OrdinalIgnoreCase))
        {
            db.Add(new ArticleContributor { ArticleId = article.Id, PersonId = person.Item1, Name = person.Item2, Role = person.Role });
        }
        db.Add(new QuestionKnowledge { QuestionId = answer.QuestionId, QuestionNumber = answer.Number, ClosedAt = answer.ResolvedAt, ArticleId = article.Id, Kind = LinkKind.New });
        db.Add(new ArticleLinkRow { ArticleId = article.Id, QuestionId = answer.QuestionId, CaseNumber = answer.CaseNumber, Kind = LinkKind.New, At = now });
        await db.SaveChangesAsync(ct);
        await db.EnqueueJobAsync(ArticleJobs.Notify(article, OwnerNotice.Draft), now, ct);
        await tx.CommitAsync(ct);
        signal.Wake();
        Drafted(logger, article.Number, answer.Number, parts.DraftedBy);
        return CaptureResult.Drafted;
    }

    private async Task<bool> CommitAsync(ExpertBotDb db, List<NewJob> jobs, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            await db.SaveWithJobsAsync(jobs, now, ct);
        }
        catch (DbUpdateException)
        {
            return false; // Recorded by a concurrent run of the same job.
        }
        if (jobs.Count > 0)
        {
            signal.Wake();
        }
        return true;
    }

    [LoggerMessage(EventId = 712, Level = LogLevel.Information, Message = "{Article} drafted from {Question} ({DraftedBy})")]
    private static partial void Drafted(ILogger logger, string article, string question, string draftedBy);
}

/// <summary>Writes a draft's parts from a resolved question: the extractive drafter, or a language model with it as fallback.</summary>
internal interface IArticleWriter
{
    Task<DraftParts> DraftAsync(ResolvedAnswer answer, CancellationToken ct);
}

/// <summary>The default writer: extractive, no model.</summary>
internal sealed class ExtractiveArticleWriter : IArticleWriter
{
    public Task<DraftParts> DraftAsync(ResolvedAnswer answer, CancellationToken ct) => Task.FromResult(ArticleDrafter.Draft(answer));
}
