using ExpertBot.Features.Experts;
using ExpertBot.Hosting;
using ExpertBot.Teams;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Knowledge.Articles;

/// <summary>
/// Sends the owner their card: the draft to validate, or the article with what happened (a flag, a fix by someone else,
/// a proposed update, a reminder to verify, a hand-over). A job naming its chat goes there (the new and the former owner
/// of a hand-over, an absent owner's stand-in). An article with no owner to reach (the demo content) sends nothing.
/// </summary>
internal sealed class NotifyOwnerHandler(KnowledgeBase articles, ArticleCards cards, PersonalChats chats, Storage.Jobs.JobEffects effects)
    : Storage.Jobs.IJobHandler<NotifyOwner>
{
    public async Task HandleAsync(NotifyOwner job, Storage.Jobs.JobContext context, CancellationToken ct)
    {
        if (await articles.DetailsAsync(job.ArticleId, ct) is not { } details || (job.To ?? details.Article.OwnerChat) is not { } chat
            || details.Article.State == ArticleState.Archived)
        {
            return;
        }
        var note = job.What switch
        {
            OwnerNotice.Draft => $"Drafted from {details.Article.SourceQuestionNumber}, resolved just now. You are its owner: check it, edit what needs it, and validate it so the next agent finds it.",
            OwnerNotice.Reminder when job.Text is null => $"{details.Article.Number} is due for its check (last verified {details.Article.LastVerifiedAt:yyyy-MM-dd}). Is it still correct? Choose \"Still correct\", fix it, or archive it.",
            _ => job.Text,
        };
        // The former owner sees the article as it now is (its new owner named), not a draft form that is no longer theirs.
        var card = job.What == OwnerNotice.HandedOver ? cards.Article(details, note) : cards.ForOwner(details, note);
        // Recorded once sent: a run after a crash does not send it again.
        await effects.OnceAsync(context, "send", async c =>
        {
            await chats.SendToAsync(chat, card, c);
            return new Storage.Jobs.EffectResult(null, null);
        }, ct);
    }
}

/// <summary>
/// The verification timer: when a validated article is due, its owner is reminded, again every
/// <see cref="ArticleOptions.ReminderRepeat"/> up to <see cref="ArticleOptions.MaxReminders"/> times. A verification, fix or
/// archive meanwhile moves or clears the due date, and this run then does nothing. An owner who left the directory (a sync
/// removed or disabled them) is not reminded; a stand-in is (<see cref="OwnerStandIns"/>).
/// </summary>
internal sealed partial class ReviewDueHandler(KnowledgeBase articles, OwnerStandIns standIns, IOptions<ArticleOptions> options, ILogger<ReviewDueHandler> logger)
    : Storage.Jobs.IJobHandler<ReviewDue>
{
    public async Task HandleAsync(ReviewDue job, Storage.Jobs.JobContext context, CancellationToken ct)
    {
        if (await articles.FindAsync(job.ArticleId, ct) is not { } article)
        {
            return;
        }
        var left = await standIns.OwnerLeftAsync(article, ct);
        var standIn = left ? await standIns.FindAsync(article, ct) : null;
        var outcome = await articles.RemindAsync(job.ArticleId, job.DueTicks, job.Reminder, options.Value, standIn, left, ct);
        if (left && outcome.Refusal is null)
        {
            ReminderToStandIn(logger, article.Number, article.OwnerName, standIn!.Name);
        }
        else if (left && standIn is null)
        {
            NobodyToRemind(logger, article.Number, article.OwnerName);
        }
    }

    [LoggerMessage(EventId = 717, Level = LogLevel.Information, Message = "{Number}: its owner {Owner} left the directory; the verification reminder went to {StandIn}")]
    private static partial void ReminderToStandIn(ILogger logger, string number, string owner, string standIn);

    [LoggerMessage(EventId = 718, Level = LogLevel.Warning, Message = "{Number}: its owner {Owner} left the directory and no licensed contributor or admin is in it; nobody was reminded to verify it")]
    private static partial void NobodyToRemind(ILogger logger, string number, string owner);
}

/// <summary>
/// Who answers for an article whose owner left: the newest editor of it who is still in the directory and licensed, else
/// another of its contributors who is, else the first admin (Roles:Admins) still in the directory. They know the article
/// best in that order; the admins are the last resort so a reminder is never sent to nobody while someone could act.
/// </summary>
internal sealed class OwnerStandIns(KnowledgeBase articles, ExpertDirectory directory, IOptions<ArticleOptions> options, IOptions<RoleOptions> roles)
{
    /// <summary>The owner is in the directory but no longer routable (removed or disabled). Someone it never knew (an id from
    /// another source) is not taken for gone: reminders to them go on as before.</summary>
    public async Task<bool> OwnerLeftAsync(Article article, CancellationToken ct) =>
        article.OwnerId != ArticleLoader.SystemOwner && await directory.FindAsync(article.OwnerId, ct) is { IsRoutable: false };

    public async Task<StandIn?> FindAsync(Article article, CancellationToken ct)
    {
        var contributors = await articles.ContributorsAsync(article.Id, ct);
        var editors = await articles.RecentEditorsAsync(article.Id, ct);
        var ordered = editors.Concat(contributors.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => c.PersonId))
            .Where(id => !string.Equals(id, article.OwnerId, StringComparison.OrdinalIgnoreCase) && options.Value.IsLicensed(id))
            .Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var id in ordered)
        {
            if (await directory.FindAsync(id, ct) is { IsRoutable: true } person)
            {
                return new StandIn(person.Id, person.DisplayName, "a licensed contributor of it");
            }
        }
        foreach (var id in roles.Value.Admins)
        {
            if (await directory.FindAsync(id.Trim(), ct) is { IsRoutable: true } admin)
            {
                return new StandIn(admin.Id, admin.DisplayName, "an admin");
            }
        }
        return null;
    }
}
