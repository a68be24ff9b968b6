using ExpertBot.Storage.Jobs;
using ExpertBot.Teams;

namespace ExpertBot.Features.Questions.Jobs;

/// <summary>A one-line notice about a question to one person (the asker, or a follower).</summary>
internal sealed record NotifyPerson(long QuestionId, string UserId, ConversationRef Chat, string Text) : IJob<NotifyPerson>
{
    public static string Kind => "questions.notify";
}

internal sealed class NotifyPersonHandler(QuestionService questions, QuestionCards cards, PersonalChats chats, JobEffects effects) : IJobHandler<NotifyPerson>
{
    public async Task HandleAsync(NotifyPerson job, JobContext context, CancellationToken ct)
    {
        var about = await questions.FindAsync(job.QuestionId, ct);
        // The asker gets the line in their chat beside the question's card; a follower gets a short card naming the
        // question, with a way to stop following.
        var notice = about is not null && QuestionService.IsFollowerNotice(about, job.UserId) ? cards.FollowUpdate(about, job.Text) : cards.Text(job.Text);
        // Recorded once sent: a run after a crash does not send it again.
        await effects.OnceAsync(context, "send", async c =>
        {
            await chats.SendToAsync(job.Chat, notice, c);
            return new EffectResult(null, null);
        }, ct);
    }
}
