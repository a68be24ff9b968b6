using ExpertBot.CardActions;
using ExpertBot.Teams;
using Microsoft.EntityFrameworkCore;

namespace ExpertBot.Features.Knowledge.Articles;

/// <summary>A person the article card offers as its next owner.</summary>
internal sealed record OwnerChoice(string Id, string Name);

/// <summary>Someone who gets an article's cards in its owner's place (the owner left the directory).</summary>
internal sealed record StandIn(string Id, string Name, string Why);

/// <summary>Owners: handing an article to someone else, and reminders when its owner is gone.</summary>
internal sealed partial class KnowledgeBase
{
    /// <summary>How many people the hand-over list offers: a card stays well under Teams' 28 KB with the article's text.</summary>
    public const int MaxOwnerChoices = 60;

    /// <summary>
    /// Hands the article to <paramref name="newOwnerId"/> (someone the directory knows: the caller checked). A new version
    /// with a revision naming both owners; the new owner gets the article on a card, and so does the former owner when
    /// someone else did it; the former owner stays a contributor (they may still fix and verify it).
    /// </summary>
    public Task<ArticleOutcome> ReassignAsync(long id, int seenVersion, Actor actor, string newOwnerId, string newOwnerName, CancellationToken ct) =>
        ChangeAsync(id, seenVersion, (a, db, now, jobs) =>
        {
            if (Same(a.OwnerId, newOwnerId))
            {
                return new Refusal("Already theirs", $"{newOwnerName} owns {a.Number} already; nothing changed.");
            }
            var (formerId, formerName, formerChat) = (a.OwnerId, a.OwnerName, a.OwnerChat);
            if (a.Apply(ArticleEvent.Reassign, now) is { } refused)
            {
                return refused;
            }
            a.OwnerId = newOwnerId;
            a.OwnerName = newOwnerName;
            // Their 1:1 chat, opened by their id when the card is sent (as drafts reach experts); the bot and service from
            // the former owner's chat, or the sender's for content nobody owned (the demo articles).
            a.OwnerChat = (formerChat ?? actor.Chat) with { ConversationId = "", UserId = newOwnerId };
            AddRevision(db, a, actor, $"owner {formerName} -> {newOwnerName}", now);
            if (formerId != ArticleLoader.SystemOwner)
            {
                Credit(db, a.Id, new Actor(formerId, formerName, actor.Chat), "former owner", true);
            }
            jobs.Add(ArticleJobs.Notify(a, OwnerNotice.Reassigned,
                $"{actor.Name} handed {a.Number} to you: you are its owner now (flags, proposed updates and verification reminders come to you).", to: a.OwnerChat));
            if (!Same(actor.Id, formerId) && formerChat is not null)
            {
                jobs.Add(ArticleJobs.Notify(a, OwnerNotice.HandedOver, $"{actor.Name} handed {a.Number}, which you owned, to {newOwnerName}.", to: formerChat));
            }
            return null;
        }, ct);

    /// <summary>
    /// Reminder number <paramref name="reminder"/> for the due date <paramref name="dueTicks"/>, unless it moved or was sent:
    /// to the owner, or, when the owner left the directory, to <paramref name="standIn"/> (nobody when there is none).
    /// </summary>
    public async Task<ArticleOutcome> RemindAsync(long id, long dueTicks, int reminder, ArticleOptions settings, StandIn? standIn, bool ownerLeft, CancellationToken ct) =>
        await ChangeAsync(id, null, (a, db, now, jobs) =>
        {
            if (a.State != ArticleState.Validated || a.VerifyDueAt?.UtcTicks != dueTicks || a.RemindersSent >= reminder || a.OwnerChat is null)
            {
                return new Refusal("Not due", "Verified, changed or archived since.");
            }
            if (ownerLeft && standIn is null)
            {
                return new Refusal("Nobody to remind", $"{a.OwnerName}, the owner of {a.Number}, left the directory, and no licensed contributor or admin is there.");
            }
            a.RemindersSent = reminder;
            jobs.Add(ownerLeft
                ? ArticleJobs.Notify(a, OwnerNotice.Reminder,
                    $"{a.Number} is due for its check (last verified {a.LastVerifiedAt:yyyy-MM-dd}), and {a.OwnerName}, its owner, has left. You get it as {standIn!.Why}: "
                    + "choose \"Still correct\", fix it, archive it, or hand it to a new owner.", reminder, a.OwnerChat with { ConversationId = "", UserId = standIn.Id })
                : ArticleJobs.Notify(a, OwnerNotice.Reminder, null, reminder));
            if (reminder < settings.MaxReminders)
            {
                jobs.Add(ArticleJobs.Review(a, a.VerifyDueAt.Value, reminder + 1, now + settings.ReminderRepeat));
            }
            return null;
        }, ct, changesArticle: false);

    /// <summary>The newest editors of the article, newest first (for choosing a stand-in who knows it).</summary>
    public async Task<IReadOnlyList<string>> RecentEditorsAsync(long id, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        return await db.Set<ArticleRevision>().Where(r => r.ArticleId == id).OrderByDescending(r => r.Version).Select(r => r.EditorId).Take(50).ToListAsync(ct);
    }

    private async Task<IReadOnlyList<OwnerChoice>> NewOwnerChoicesAsync(Article article, IReadOnlyList<ArticleContributor> contributors, CancellationToken ct)
    {
        var people = await directory.GetCandidatesAsync(ct);
        var credited = new HashSet<string>(contributors.Select(c => c.PersonId), StringComparer.OrdinalIgnoreCase);
        return [.. people
            .Where(p => !Same(p.Id, article.OwnerId))
            .OrderBy(p => credited.Contains(p.Id) ? 0 : 1).ThenBy(p => p.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .Take(MaxOwnerChoices)
            .Select(p => new OwnerChoice(p.Id, p.DisplayName))];
    }
}
