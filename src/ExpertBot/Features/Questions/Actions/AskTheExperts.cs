using ExpertBot.CardActions;

namespace ExpertBot.Features.Questions.Actions;

/// <summary>"No, ask the experts" on a knowledge suggestion: the question goes to its pool's experts.</summary>
internal sealed record AskTheExperts(long QuestionId) : ICardVerb<AskTheExperts>, IAboutSubject
{
    public static string Verb => "kbNotAnswered";

    public static Who Who => Who.Asker;

    public SubjectRef Subject => QuestionSubject.Of(QuestionId);

    public static AskTheExperts Bind(CardData data) => new(data.SignedId("questionId"));
}

internal sealed class AskTheExpertsHandler(QuestionService questions, QuestionFlow flow, QuestionCards cards) : ICardActionHandler<AskTheExperts>
{
    public async Task<CardReply> HandleAsync(CardAction<AskTheExperts> action, CancellationToken ct)
    {
        var question = (await questions.FindAsync(action.Data.QuestionId, ct))!;
        var outcome = await flow.RouteAsync(question, action.Actor, ct);
        if (outcome.Refusal is null)
        {
            // The status card replaces the suggestion card the asker clicked: that copy is kept up to date.
            await questions.AttachCardsAsync(question.Id, null, null, action.Activity.ReplyToId, ct);
        }
        return cards.Reply(outcome, cards.Status);
    }
}
