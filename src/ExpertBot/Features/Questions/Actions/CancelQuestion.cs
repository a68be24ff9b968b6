using ExpertBot.CardActions;

namespace ExpertBot.Features.Questions.Actions;

/// <summary>"Cancel question" with an optional reason; the experts and followers are told.</summary>
internal sealed record CancelQuestion(long QuestionId, string? Reason) : ICardVerb<CancelQuestion>, IAboutSubject
{
    public static string Verb => "cancelQuestion";

    public static Who Who => Who.Asker | Who.Supervisor;

    public SubjectRef Subject => QuestionSubject.Of(QuestionId);

    public static CancelQuestion Bind(CardData data) => new(data.SignedId("questionId"), data.Text("reason", 500));
}

internal sealed class CancelQuestionHandler(QuestionService questions, QuestionCards cards) : ICardActionHandler<CancelQuestion>
{
    public async Task<CardReply> HandleAsync(CardAction<CancelQuestion> action, CancellationToken ct) =>
        cards.Reply(await questions.CancelAsync(action.Data.QuestionId, action.Actor, action.Data.Reason, ct), cards.Status);
}
