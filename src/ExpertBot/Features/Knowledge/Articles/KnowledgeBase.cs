using ExpertBot.CardActions;
using ExpertBot.Features.Experts;
using ExpertBot.Integrations.Crm;
using ExpertBot.Storage;
using ExpertBot.Storage.Jobs;
using ExpertBot.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Knowledge.Articles;

/// <summary>The result of a change to an article: the article as it now is, or a refusal (and then nothing changed).</summary>
internal sealed record ArticleOutcome(Article? Article, Refusal? Refusal, bool Changed)
{
    public static ArticleOutcome Refused(Article? article, Refusal refusal) => new(article, refusal, false);
}

/// <summary>New text for an article's parts; null parts stay as they are.</summary>
internal sealed record ArticleEdit(string? Title, string? Issue, string? Environment, string? Cause, string? Resolution, ArticleAudience? Audience)
{
    public static ArticleEdit None { get; } = new(null, null, null, null, null, null);
}

/// <summary>
/// Every change to an article: load, check its version and lifecycle, change, and store the change together with the jobs
/// carrying its effects (the owner's cards, the verification timer, publishing) in one transaction. Then the search
/// follows: a validated article is searchable (in its source question's place), any other is not.
/// </summary>
internal sealed partial class KnowledgeBase(
    ExpertBotDatabase database, JobSignal signal, ArticleIndexing indexing, ExpertDirectory directory, TimeProvider time, IOptions<ArticleOptions> options)
{
    private ArticleOptions Options => options.Value;

    public async Task<Article?> FindAsync(long id, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        return await db.Set<Article>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
    }

    public async Task<ArticleDetails?> DetailsAsync(long id, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        if (await db.Set<Article>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) is not { } article)
        {
            return null;
        }
        var contributors = await db.Set<ArticleContributor>().AsNoTracking().Where(c => c.ArticleId == id).OrderBy(c => c.Name).ToListAsync(ct);
        var stars = await db.Set<ArticleRating>().AsNoTracking().Where(r => r.ArticleId == id).Select(r => r.Stars).ToListAsync(ct);
        var flags = await db.Set<ArticleFlag>().AsNoTracking().Where(f => f.ArticleId == id && f.ResolvedAt == null).OrderBy(f => f.Id).ToListAsync(ct);
        var update = await db.Set<ArticleUpdate>().AsNoTracking().Where(u => u.ArticleId == id && u.State == UpdateState.Proposed).OrderBy(u => u.Id).FirstOrDefaultAsync(ct);
        return new ArticleDetails(article, contributors, stars.Count == 0 ? null : stars.Average(), stars.Count, flags, update)
        {
            NewOwners = article.State == ArticleState.Archived ? [] : await NewOwnerChoicesAsync(article, contributors, ct),
        };
    }

    public async Task<IReadOnlyList<ArticleContributor>> ContributorsAsync(long id, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        return await db.Set<ArticleContributor>().AsNoTracking().Where(c => c.ArticleId == id).ToListAsync(ct);
    }

    /// <summary>
    /// The owner's "Validate": with a licensed owner (or any licensed contributor) the article is validated and searchable;
    /// an owner who is not licensed confirms it, and it waits for a licensed contributor. Edits made on the card come with it.
    /// </summary>
    public Task<ArticleOutcome> ValidateAsync(long id, int seenVersion, Actor actor, ArticleEdit edit, CancellationToken ct) =>
        ChangeAsync(id, seenVersion, (a, db, now, jobs) =>
        {
            var licensed = Options.IsLicensed(actor.Id);
            var textChanged = Edit(a, edit, out var invalid);
            if (invalid is not null)
            {
                return invalid;
            }
            if (a.Apply(licensed ? ArticleEvent.Validate : ArticleEvent.Confirm, now) is { } refused)
            {
                return refused;
            }
            AddRevision(db, a, actor, licensed ? (textChanged ? ArticleChanges.EditedAndValidated : "validated") : (textChanged ? ArticleChanges.EditedAndConfirmed : "confirmed"), now);
            Credit(db, a.Id, actor, "editor", textChanged);
            if (a.State == ArticleState.Validated)
            {
                a.ValidatedAt = now;
                Verified(a, now, jobs);
                PublishIfExternal(a, jobs);
                if (a is { CaseNumber: { Length: > 0 } caseNumber, SourceQuestionNumber: { } question })
                {
                    jobs.Add(ArticleJobs.CaseNote(a, caseNumber, question, reused: false));
                }
                if (!Same(actor.Id, a.OwnerId))
                {
                    jobs.Add(ArticleJobs.Notify(a, OwnerNotice.Validated, $"{actor.Name} validated {a.Number}; it is now in the knowledge base."));
                }
            }
            return null;
        }, ct);

    /// <summary>"Discard": the draft is not worth keeping (it is archived, never searchable).</summary>
    public Task<ArticleOutcome> DiscardAsync(long id, int seenVersion, Actor actor, CancellationToken ct) =>
        ChangeAsync(id, seenVersion, (a, db, now, jobs) =>
        {
            if (a.Apply(ArticleEvent.Discard, now) is { } refused)
            {
                return refused;
            }
            a.ArchivedReason = $"Draft discarded by {actor.Name}";
            AddRevision(db, a, actor, "discarded", now);
            return null;
        }, ct);

    /// <summary>"Fix it": a new version of the text, with the editor credited; the owner is told when someone else fixed it.</summary>
    public Task<ArticleOutcome> FixAsync(long id, int seenVersion, Actor actor, ArticleEdit edit, CancellationToken ct) =>
        ChangeAsync(id, seenVersion, async (a, db, now, jobs) =>
        {
            var changed = Edit(a, edit, out var invalid);
            if (invalid is not null)
            {
                return invalid;
            }
            if (!changed)
            {
                return new Refusal("Nothing to fix", "The article's text is the same as before; nothing changed.");
            }
            if (a.Apply(ArticleEvent.Fix, now) is { } refused)
            {
                return refused;
            }
            AddRevision(db, a, actor, ArticleChanges.Fixed, now);
            Credit(db, a.Id, actor, "editor", true);
            await ResolveFlagsAsync(db, a.Id, now);
            if (a.State == ArticleState.Validated)
            {
                Verified(a, now, jobs);
                PublishIfExternal(a, jobs);
            }
            if (!Same(actor.Id, a.OwnerId))
            {
                jobs.Add(ArticleJobs.Notify(a, OwnerNotice.Fixed, $"{actor.Name} fixed {a.Number}."));
            }
            return null;
        }, ct);

    /// <summary>"Still correct": the owner (or a contributor) verified it; the next reminder is a full interval away.</summary>
    public Task<ArticleOutcome> VerifyAsync(long id, int seenVersion, Actor actor, CancellationToken ct) =>
        ChangeAsync(id, seenVersion, async (a, db, now, jobs) =>
        {
            if (a.Apply(ArticleEvent.Verify, now) is { } refused)
            {
                return refused;
            }
            Verified(a, now, jobs);
            await ResolveFlagsAsync(db, a.Id, now);
            AddRevision(db, a, actor, "verified", now);
            return null;
        }, ct);

    public Task<ArticleOutcome> ArchiveAsync(long id, int seenVersion, Actor actor, CancellationToken ct) =>
        ChangeAsync(id, seenVersion, (a, db, now, jobs) =>
        {
            if (a.Apply(ArticleEvent.Archive, now) is { } refused)
            {
                return refused;
            }
            a.ArchivedReason = $"Archived by {actor.Name}";
            a.VerifyDueAt = null;
            AddRevision(db, a, actor, "archived", now);
            return null;
        }, ct);

    /// <summary>"Flag it": wrong, outdated or unclear, with a comment; the owner gets it on a card. One open flag per person.</summary>
    public Task<ArticleOutcome> FlagAsync(long id, Actor actor, FlagReason reason, string? comment, CancellationToken ct) =>
        ChangeAsync(id, null, async (a, db, now, jobs) =>
        {
            if (a.State == ArticleState.Archived)
            {
                return new Refusal("That can't be done now", $"{a.Number} is archived; there is nothing to flag.");
            }
            if (await db.Set<ArticleFlag>().AnyAsync(f => f.ArticleId == a.Id && f.PersonId == actor.Id && f.ResolvedAt == null, ct))
            {
                return new Refusal("Already flagged", $"You flagged {a.Number} already; its owner has it. Nothing changed.");
            }
            db.Add(new ArticleFlag { ArticleId = a.Id, ArticleVersion = a.Version, PersonId = actor.Id, PersonName = actor.Name, Reason = reason, Comment = comment, At = now });
            var count = await db.Set<ArticleFlag>().CountAsync(f => f.ArticleId == a.Id, ct);
            jobs.Add(ArticleJobs.Notify(a, OwnerNotice.Flagged,
                $"{actor.Name} flagged {a.Number} as {Describe(reason)}" + (comment is null ? "." : $": \"{comment}\""), count + 1));
            return null;
        }, ct, changesArticle: false);

    /// <summary>Stars from anyone who read it (1 to 5; a second rating replaces the first).</summary>
    public Task<ArticleOutcome> RateAsync(long id, Actor actor, int stars, CancellationToken ct) =>
        ChangeAsync(id, null, async (a, db, now, jobs) =>
        {
            if (stars is < 1 or > 5)
            {
                return new Refusal("Can't rate that", "Ratings are 1 to 5 stars; nothing changed.");
            }
            var row = await db.Set<ArticleRating>().FirstOrDefaultAsync(r => r.ArticleId == a.Id && r.PersonId == actor.Id, ct);
            if (row is null)
            {
                db.Add(new ArticleRating { ArticleId = a.Id, PersonId = actor.Id, Stars = stars, At = now });
            }
            else
            {
                row.Stars = stars;
                row.At = now;
            }
            return null;
        }, ct, changesArticle: false);

    /// <summary>The owner adds a later answer's new part to the article (a new version, with the proposer credited).</summary>
    public Task<ArticleOutcome> ApplyUpdateAsync(long id, int seenVersion, long updateId, Actor actor, CancellationToken ct) =>
        ChangeAsync(id, seenVersion, async (a, db, now, jobs) =>
        {
            if (await db.Set<ArticleUpdate>().FirstOrDefaultAsync(u => u.Id == updateId && u.ArticleId == a.Id, ct) is not { State: UpdateState.Proposed } update)
            {
                return new Refusal("Already decided", "That update was added or set aside already; nothing changed.");
            }
            if (a.Apply(ArticleEvent.Fix, now) is { } refused)
            {
                return refused;
            }
            update.State = UpdateState.Applied;
            a.Resolution = ArticleDrafter.Clip($"{a.Resolution}\n\n{update.Text}", ArticleLimits.Part);
            AddRevision(db, a, actor, $"added what {update.QuestionNumber} taught", now);
            Credit(db, a.Id, new Actor(update.ProposedById, update.ProposedByName, actor.Chat), "expert", true);
            if (a.State == ArticleState.Validated)
            {
                PublishIfExternal(a, jobs);
            }
            return null;
        }, ct);

    /// <summary>The owner sets a proposed update aside: the article stays as it is.</summary>
    public Task<ArticleOutcome> DiscardUpdateAsync(long id, int seenVersion, long updateId, CancellationToken ct) =>
        ChangeAsync(id, seenVersion, async (a, db, now, jobs) =>
        {
            if (await db.Set<ArticleUpdate>().FirstOrDefaultAsync(u => u.Id == updateId && u.ArticleId == a.Id, ct) is not { State: UpdateState.Proposed } update)
            {
                return new Refusal("Already decided", "That update was added or set aside already; nothing changed.");
            }
            update.State = UpdateState.Discarded;
            return null;
        }, ct, changesArticle: false);

    /// <summary>Where a version was published to (or why it was not); the article's own version does not move.</summary>
    public Task RecordPublishingAsync(long id, int version, WrittenArticle? written, string? problem, CancellationToken ct) =>
        ChangeAsync(id, null, (a, db, now, jobs) =>
        {
            if (written is not null)
            {
                a.PublishedVersion = version;
                a.PublishedSystem = written.System;
                a.PublishedArticleId = written.ArticleId;
                a.PublishedUrl = written.Url?.ToString();
            }
            a.PublishProblem = problem;
            return (Refusal?)null;
        }, ct, changesArticle: false);

    public static string Describe(FlagReason reason) => reason switch
    {
        FlagReason.Wrong => "wrong",
        FlagReason.Outdated => "outdated",
        _ => "unclear",
    };

    /// <summary>Applies the card's edits; true when the text changed. Title and resolution cannot be emptied.</summary>
    private static bool Edit(Article a, ArticleEdit edit, out Refusal? invalid)
    {
        invalid = null;
        var title = edit.Title ?? a.Title;
        var resolution = edit.Resolution ?? a.Resolution;
        if (string.IsNullOrWhiteSpace(title) || string.IsNullOrWhiteSpace(resolution))
        {
            invalid = new Refusal("Title and resolution, please", "An article needs a title and a resolution; nothing changed.");
            return false;
        }
        var before = (a.Title, a.Issue, a.Environment, a.Cause, a.Resolution, a.Audience);
        a.Title = title;
        a.Issue = edit.Issue ?? a.Issue;
        a.Environment = edit.Environment ?? a.Environment;
        a.Cause = edit.Cause ?? a.Cause;
        a.Resolution = resolution;
        a.Audience = edit.Audience ?? a.Audience;
        return before != (a.Title, a.Issue, a.Environment, a.Cause, a.Resolution, a.Audience);
    }

    /// <summary>Verified now: the next verification is due a full interval away, and its timer is committed with the change.</summary>
    private void Verified(Article a, DateTimeOffset now, List<NewJob> jobs)
    {
        a.LastVerifiedAt = now;
        a.VerifyIntervalDays = Options.VerifyIntervalDays;
        a.VerifyDueAt = now.AddDays(a.VerifyIntervalDays);
        a.RemindersSent = 0;
        jobs.Add(ArticleJobs.Review(a, a.VerifyDueAt.Value, 1, a.VerifyDueAt.Value));
    }

    private void PublishIfExternal(Article a, List<NewJob> jobs)
    {
        if (Options.PublishToCrm && a.Audience == ArticleAudience.External)
        {
            jobs.Add(ArticleJobs.Publish(a));
        }
    }

    private static async Task ResolveFlagsAsync(ExpertBotDb db, long articleId, DateTimeOffset now)
    {
        foreach (var flag in await db.Set<ArticleFlag>().Where(f => f.ArticleId == articleId && f.ResolvedAt == null).ToListAsync())
        {
            flag.ResolvedAt = now;
        }
    }

    internal static void AddRevision(ExpertBotDb db, Article a, Actor actor, string change, DateTimeOffset now) =>
        db.Add(new ArticleRevision
        {
            ArticleId = a.Id,
            Version = a.Version,
            EditorId = actor.Id,
            EditorName = actor.Name,
            Change = change,
            At = now,
            Title = a.Title,
            Issue = a.Issue,
            Environment = a.Environment,
            Cause = a.Cause,
            Resolution = a.Resolution,
        });

    /// <summary>An editor whose change touched the text is credited (once).</summary>
    private static void Credit(ExpertBotDb db, long articleId, Actor actor, string role, bool touchedText)
    {
        if (touchedText && db.Set<ArticleContributor>().Local.All(c => !Same(c.PersonId, actor.Id))
            && !db.Set<ArticleContributor>().Any(c => c.ArticleId == articleId && c.PersonId == actor.Id))
        {
            db.Add(new ArticleContributor { ArticleId = articleId, PersonId = actor.Id, Name = actor.Name, Role = role });
        }
    }

    private Task<ArticleOutcome> ChangeAsync(long id, int? seenVersion, Func<Article, ExpertBotDb, DateTimeOffset, List<NewJob>, Refusal?> change,
        CancellationToken ct, bool changesArticle = true) =>
        ChangeAsync(id, seenVersion, (a, db, now, jobs) => Task.FromResult(change(a, db, now, jobs)), ct, changesArticle);

    private async Task<ArticleOutcome> ChangeAsync(long id, int? seenVersion, Func<Article, ExpertBotDb, DateTimeOffset, List<NewJob>, Task<Refusal?>> change,
        CancellationToken ct, bool changesArticle = true)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = database.CreateContext();
            var article = await db.Set<Article>().FirstOrDefaultAsync(a => a.Id == id, ct);
            if (article is null)
            {
                return ArticleOutcome.Refused(null, new Refusal("Unknown article", "This card points to an article that does not exist; nothing changed."));
            }
            if (seenVersion is { } seen && seen != article.Version)
            {
                // The card shows an older version: acting on it could undo someone else's change.
                return ArticleOutcome.Refused(article, new Refusal("This card is out of date",
                    $"{article.Number} changed since this card was sent (it is {ArticleLifecycle.Describe(article.State)} now); open it again with \"kb {article.Number}\". Nothing changed."));
            }
            var now = time.GetUtcNow();
            var jobs = new List<NewJob>();
            if (await change(article, db, now, jobs) is { } refusal)
            {
                return ArticleOutcome.Refused(article, refusal);
            }
            try
            {
                await db.SaveWithJobsAsync(jobs, now, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                continue; // Changed meanwhile: a versioned action is then refused as stale, others decide again.
            }
            catch (DbUpdateException) when (attempt < 3 && !changesArticle)
            {
                continue; // The same person's flag or rating raced with itself: reload and see.
            }
            if (jobs.Count > 0)
            {
                signal.Wake();
            }
            if (changesArticle)
            {
                await indexing.FollowAsync(article, ct);
            }
            return new ArticleOutcome(article, null, true);
        }
    }

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}

/// <summary>An article with what its cards show beside it.</summary>
internal sealed record ArticleDetails(
    Article Article, IReadOnlyList<ArticleContributor> Contributors, double? AverageRating, int Ratings, IReadOnlyList<ArticleFlag> OpenFlags, ArticleUpdate? ProposedUpdate)
{
    /// <summary>Whom the card offers to hand the article to: people in the directory, its contributors first (none when archived).</summary>
    public IReadOnlyList<OwnerChoice> NewOwners { get; init; } = [];
}
