using ExpertBot.CardActions;

namespace ExpertBot.Features.Questions.Actions;

/// <summary>The asker answers the experts from a relayed reply; it goes to the experts' thread, labelled as the asker's.</summary>
internal sealed record ReplyToExperts(long QuestionId, string Reply) : ICardVerb<ReplyToExperts>, IAboutSubject
{
    public static string Verb => "replyToExpert";

    // Only the asker: the thread shows the message as theirs.
    public static Who Who => Who.Asker;

    public SubjectRef Subject => QuestionSubject.Of(QuestionId);

    public static ReplyToExperts Bind(CardData data) => new(data.SignedId("questionId"),
        data.RequiredText("reply", QuestionLimits.TextLength, new Refusal("Nothing to send", "Write your reply to the experts first; nothing was sent.")));
}

internal sealed class ReplyToExpertsHandler(QuestionService questions, QuestionCards cards) : ICardActionHandler<ReplyToExperts>
{
    // The click's key identifies the message: a redelivered invoke is stored, and relayed, once.
    public async Task<CardReply> HandleAsync(CardAction<ReplyToExperts> action, CancellationToken ct) =>
        cards.Reply(await questions.RecordReplyAsync(action.Data.QuestionId, action.Actor, action.Data.Reply, action.SourceKey, fromAsker: true, ct), cards.Status);
}
