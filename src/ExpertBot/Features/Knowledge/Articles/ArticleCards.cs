using System.Globalization;
using ExpertBot.CardActions;
using ExpertBot.Integrations.Crm;
using ExpertBot.Protocol.Activities;
using ExpertBot.Teams;

namespace ExpertBot.Features.Knowledge.Articles;

/// <summary>The view data of the article cards (cards/article-draft.json, article.json, kb-results.json).</summary>
internal sealed class ArticleCards(CardLibrary cards, CardSeal seal)
{
    /// <summary>Bytes of an article part shown as text on a card: five parts, and the inputs to fix them, stay under Teams' limit.</summary>
    private const int PartBudget = 2_000;

    public Activity Draft(ArticleDetails d, string? note = null)
    {
        var a = d.Article;
        return cards.Message("article-draft", new
        {
            articleId = Id(a),
            version = Version(a),
            sig = Sig(a),
            heading = a.State == ArticleState.NotValidated ? "Confirmed: waiting for a licensed contributor" : "Please review this draft article",
            note,
            number = a.Number,
            state = ArticleLifecycle.Label(a.State),
            owner = a.OwnerName,
            source = a.SourceQuestionNumber ?? "written in the knowledge base",
            // Inputs carry the whole text: a fix must never save a clipped copy of it.
            title = a.Title,
            issue = a.Issue,
            environment = a.Environment,
            cause = a.Cause,
            resolution = a.Resolution,
            audience = Audience(a.Audience),
            owners = Owners(d),
        });
    }

    public Activity Article(ArticleDetails d, string? note = null)
    {
        var a = d.Article;
        return cards.Message("article", new
        {
            articleId = Id(a),
            version = Version(a),
            sig = Sig(a),
            number = a.Number,
            state = ArticleLifecycle.Label(a.State),
            title = TextClip.Display(a.Title, PartBudget),
            note,
            issue = Part(a.Issue),
            environment = Part(a.Environment),
            cause = Part(a.Cause),
            resolution = Part(a.Resolution),
            owner = a.OwnerName,
            contributors = d.Contributors.Count == 0 ? "none yet" : string.Join(", ", d.Contributors.Select(c => c.Name)),
            audience = a.Audience == ArticleAudience.External ? "External (customers too, once published)" : "Internal (agents only)",
            verified = a.LastVerifiedAt is { } at ? at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "not yet",
            rating = d.AverageRating is { } avg ? $"{avg.ToString("0.0", CultureInfo.InvariantCulture)} of 5 ({d.Ratings} rating{(d.Ratings == 1 ? "" : "s")})" : "no ratings yet",
            flags = d.OpenFlags.Count == 0 ? "none" : string.Join("; ", d.OpenFlags.Take(3).Select(f => $"{KnowledgeBase.Describe(f.Reason)} ({f.PersonName})")),
            editable = a.State != ArticleState.Archived,
            awaitsValidation = a.State is ArticleState.WorkInProgress or ArticleState.NotValidated,
            validated = a.State == ArticleState.Validated,
            update = d.ProposedUpdate is { } u && a.State != ArticleState.Archived ? new
            {
                id = u.Id.ToString(CultureInfo.InvariantCulture),
                sig = seal.Sign(("articleId", Id(a)), ("version", Version(a)), ("updateId", u.Id.ToString(CultureInfo.InvariantCulture))),
                question = u.QuestionNumber,
                text = TextClip.Display(u.Text, PartBudget),
            } : null,
            // Full text for the fix inputs.
            titleText = a.Title,
            issueText = a.Issue,
            environmentText = a.Environment,
            causeText = a.Cause,
            resolutionText = a.Resolution,
            audienceValue = Audience(a.Audience),
            owners = Owners(d),
        });
    }

    /// <summary>The owner's card for an article: the draft form until it is validated, the article after.</summary>
    public Activity ForOwner(ArticleDetails d, string? note) =>
        d.Article.State is ArticleState.WorkInProgress or ArticleState.NotValidated ? Draft(d, note) : Article(d, note);

    /// <summary>The search command's answer: validated articles (to open) and past resolved questions.</summary>
    public Activity Results(string query, IReadOnlyList<KnowledgeMatch> matches) => cards.Message("kb-results", new
    {
        query = TextClip.Display(query, 400),
        results = matches.Select(m => ArticleNumbers.Parse(m.Article.Id) is { } id && !m.Article.FromResolvedQuestion
            ? new ResultView(Text(id), seal.Sign(("articleId", Text(id))), TextClip.Display(m.Article.Title, 600), $"Article {m.Article.Id}",
                TextClip.Display(m.Article.Resolution, 1_200))
            : new ResultView(null, null, TextClip.Display(m.Article.Title, 600), $"Answered by experts in {m.Article.Id}",
                TextClip.Display(m.Article.Resolution, 1_200))).ToArray(),
    });

    public CardReply Reply(ArticleOutcome outcome, Func<Article, Activity> card) =>
        outcome.Refusal is { } refusal ? Refused(refusal) : new CardReply(card(outcome.Article!));

    public CardReply Refused(Refusal refusal) => new(cards.Message("refusal", new { title = refusal.Title, reason = refusal.Reason }), refusal);

    /// <summary>A search result; an article carries its signed id (to open it), a past question's answer does not.</summary>
    private sealed record ResultView(string? ArticleId, string? Sig, string Title, string Kind, string Summary);

    /// <summary>The hand-over list; null (no "Hand over") when nobody can be offered or the article is archived.</summary>
    private static object[]? Owners(ArticleDetails d) =>
        d.NewOwners.Count == 0 || d.Article.State == ArticleState.Archived ? null : [.. d.NewOwners.Select(o => new { id = o.Id, name = o.Name })];

    private static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string? Part(string text) => string.IsNullOrWhiteSpace(text) ? null : TextClip.Display(text, PartBudget);

    private static string Audience(ArticleAudience audience) => audience == ArticleAudience.External ? "external" : "internal";

    private string Sig(Article a) => seal.Sign(("articleId", Id(a)), ("version", Version(a)));

    private static string Id(Article a) => a.Id.ToString(CultureInfo.InvariantCulture);

    private static string Version(Article a) => a.Version.ToString(CultureInfo.InvariantCulture);
}
