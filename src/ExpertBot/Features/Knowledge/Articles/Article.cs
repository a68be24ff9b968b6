using ExpertBot.CardActions;
using ExpertBot.Integrations.Crm;
using ExpertBot.Teams;

namespace ExpertBot.Features.Knowledge.Articles;

/// <summary>KCS v6 article states: only validated articles are searchable; archived ones are kept for the record.</summary>
internal enum ArticleState
{
    /// <summary>A draft: written from a resolution, waiting for its owner.</summary>
    WorkInProgress,

    /// <summary>Confirmed by an owner who is not licensed to publish: waits for a licensed contributor.</summary>
    NotValidated,

    Validated,

    /// <summary>Retired (or a draft that was discarded): not searchable, not changeable.</summary>
    Archived,
}

/// <summary>What can happen to an article.</summary>
internal enum ArticleEvent { Confirm, Validate, Discard, Fix, Verify, Archive, Reassign }

/// <summary>
/// A knowledge article in KCS structure, with its lifecycle. It guards its own state through <see cref="Apply"/>, which
/// consults <see cref="ArticleLifecycle"/> and bumps <see cref="Version"/>: a card showing an older version is stale.
/// </summary>
internal sealed class Article
{
    public long Id { get; set; }
    public required string Title { get; set; }
    /// <summary>The issue in the customer's words.</summary>
    public string Issue { get; set; } = "";
    public string Environment { get; set; } = "";
    public string Cause { get; set; } = "";
    public string Resolution { get; set; } = "";
    public string Product { get; set; } = "";
    /// <summary>Topics, comma-separated (they steer routing as the demo articles' tags do).</summary>
    public string Tags { get; set; } = "";
    public ArticleState State { get; set; } = ArticleState.WorkInProgress;
    public ArticleAudience Audience { get; set; } = ArticleAudience.Internal;
    public required string OwnerId { get; set; }
    public required string OwnerName { get; set; }
    /// <summary>Where the owner's cards go: their chat with the bot (or a 1:1 opened by their id).</summary>
    public ConversationRef? OwnerChat { get; set; }
    public string? TenantId { get; set; }
    /// <summary>The resolved question it was drafted from (its search entry is replaced by the article once validated).</summary>
    public long? SourceQuestionId { get; set; }
    public string? SourceQuestionNumber { get; set; }
    public string? CaseNumber { get; set; }
    /// <summary>"extractive" or the model's deployment: who wrote the draft's text.</summary>
    public string DraftedBy { get; set; } = "extractive";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ValidatedAt { get; set; }
    public DateTimeOffset? LastVerifiedAt { get; set; }
    public int VerifyIntervalDays { get; set; } = 180;
    /// <summary>When the owner is reminded to verify it (validated articles only).</summary>
    public DateTimeOffset? VerifyDueAt { get; set; }
    public int RemindersSent { get; set; }
    public string? ArchivedReason { get; set; }
    /// <summary>Bumped on every change: the concurrency token, and what a card names so a stale one is refused.</summary>
    public int Version { get; set; } = 1;
    /// <summary>The version last written to the CRM's knowledge base, and where.</summary>
    public int? PublishedVersion { get; set; }
    public string? PublishedSystem { get; set; }
    public string? PublishedArticleId { get; set; }
    public string? PublishedUrl { get; set; }
    public string? PublishProblem { get; set; }

    public string Number => ArticleNumbers.Of(Id);

    public bool IsSearchable => State == ArticleState.Validated;

    /// <summary>Moves the article; an illegal move changes nothing and says why.</summary>
    public Refusal? Apply(ArticleEvent happened, DateTimeOffset now)
    {
        if (!ArticleLifecycle.TryMove(State, happened, out var next))
        {
            return new Refusal("That can't be done now", $"{Number} is {ArticleLifecycle.Describe(State)}; it can't be {ArticleLifecycle.Verb(happened)}.");
        }
        State = next;
        Version++;
        UpdatedAt = now;
        return null;
    }

    public IReadOnlyList<string> TagList => [.. Tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}

/// <summary>The state table: which event moves which state where. Pure, so every move is tested on its own.</summary>
internal static class ArticleLifecycle
{
    private static readonly Dictionary<(ArticleState, ArticleEvent), ArticleState> Moves = new()
    {
        [(ArticleState.WorkInProgress, ArticleEvent.Confirm)] = ArticleState.NotValidated,
        [(ArticleState.WorkInProgress, ArticleEvent.Validate)] = ArticleState.Validated,
        [(ArticleState.WorkInProgress, ArticleEvent.Discard)] = ArticleState.Archived,
        [(ArticleState.WorkInProgress, ArticleEvent.Fix)] = ArticleState.WorkInProgress,
        [(ArticleState.NotValidated, ArticleEvent.Validate)] = ArticleState.Validated,
        [(ArticleState.NotValidated, ArticleEvent.Discard)] = ArticleState.Archived,
        [(ArticleState.NotValidated, ArticleEvent.Fix)] = ArticleState.NotValidated,
        [(ArticleState.Validated, ArticleEvent.Fix)] = ArticleState.Validated,
        [(ArticleState.Validated, ArticleEvent.Verify)] = ArticleState.Validated,
        [(ArticleState.Validated, ArticleEvent.Archive)] = ArticleState.Archived,
        // A new owner changes who answers for the article, not where it is in its life.
        [(ArticleState.WorkInProgress, ArticleEvent.Reassign)] = ArticleState.WorkInProgress,
        [(ArticleState.NotValidated, ArticleEvent.Reassign)] = ArticleState.NotValidated,
        [(ArticleState.Validated, ArticleEvent.Reassign)] = ArticleState.Validated,
    };

    public static bool TryMove(ArticleState from, ArticleEvent happened, out ArticleState to) => Moves.TryGetValue((from, happened), out to);

    public static string Describe(ArticleState state) => state switch
    {
        ArticleState.WorkInProgress => "a draft (work in progress)",
        ArticleState.NotValidated => "confirmed, waiting for a licensed contributor to validate it",
        ArticleState.Validated => "validated",
        _ => "archived",
    };

    public static string Label(ArticleState state) => state switch
    {
        ArticleState.WorkInProgress => "Work in progress",
        ArticleState.NotValidated => "Not validated",
        ArticleState.Validated => "Validated",
        _ => "Archived",
    };

    public static string Verb(ArticleEvent happened) => happened switch
    {
        ArticleEvent.Confirm or ArticleEvent.Validate => "validated now",
        ArticleEvent.Discard => "discarded",
        ArticleEvent.Fix => "changed",
        ArticleEvent.Verify => "verified",
        ArticleEvent.Reassign => "handed to a new owner",
        _ => "archived",
    };
}

/// <summary>Article numbers as people see them: KB-1001. The demo articles keep theirs; new ones are numbered after them.</summary>
internal static class ArticleNumbers
{
    public const string Prefix = "KB-";

    public static string Of(long id) => Prefix + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static long? Parse(string? number) =>
        number is not null && number.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
        && long.TryParse(number.AsSpan(Prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : null;
}

/// <summary>Which tenant may see an article.</summary>
internal static class ArticleAccess
{
    /// <summary>Articles of no tenant (the demo content) are everyone's; others only their tenant's.</summary>
    public static bool SameTenant(Article article, string? tenantId) =>
        article.TenantId is not { Length: > 0 } owner || tenantId is not { Length: > 0 } || string.Equals(owner, tenantId, StringComparison.OrdinalIgnoreCase);
}
