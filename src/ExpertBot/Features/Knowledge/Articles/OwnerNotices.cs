using ExpertBot.Teams;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Knowledge.Articles;

/// <summary>
/// Sends the owner their card: the draft to validate, or the article with what happened (a flag, a fix by someone else,
/// a proposed update, a reminder to verify). An article with no owner to reach (the demo content) sends nothing.
/// </summary>
internal sealed class NotifyOwnerHandler(KnowledgeBase articles, ArticleCards cards, PersonalChats chats) : Storage.Jobs.IJobHandler<NotifyOwner>
{
    public async Task HandleAsync(NotifyOwner job, Storage.Jobs.JobContext context, CancellationToken ct)
    {
        if (await articles.DetailsAsync(job.ArticleId, ct) is not { Article.OwnerChat: { } chat } details || details.Article.State == ArticleState.Archived)
        {
            return;
        }
        var note = job.What switch
        {
            OwnerNotice.Draft => $"Drafted from {details.Article.SourceQuestionNumber}, resolved just now. You are its owner: check it, edit what needs it, and validate it so the next agent finds it.",
            OwnerNotice.Reminder => $"{details.Article.Number} is due for its check (last verified {details.Article.LastVerifiedAt:yyyy-MM-dd}). Is it still correct? Choose \"Still correct\", fix it, or archive it.",
            _ => job.Text,
        };
        await chats.SendToAsync(chat, cards.ForOwner(details, note), ct);
    }
}

/// <summary>
/// The verification timer: when a validated article is due, its owner is reminded, again every
/// <see cref="ArticleOptions.ReminderRepeat"/> up to <see cref="ArticleOptions.MaxReminders"/> times. A verification, fix or
/// archive meanwhile moves or clears the due date, and this run then does nothing.
/// </summary>
internal sealed class ReviewDueHandler(KnowledgeBase articles, IOptions<ArticleOptions> options) : Storage.Jobs.IJobHandler<ReviewDue>
{
    public Task HandleAsync(ReviewDue job, Storage.Jobs.JobContext context, CancellationToken ct) =>
        articles.RemindAsync(job.ArticleId, job.DueTicks, job.Reminder, options.Value, ct);
}
