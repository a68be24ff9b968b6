using ExpertBot.CardActions;

namespace ExpertBot.Features.Questions.Actions;

/// <summary>"I'll take it" on an invitation.</summary>
internal sealed record TakeInvitation(long QuestionId) : ICardVerb<TakeInvitation>, IAboutSubject
{
    public static string Verb => "acceptInvitation";

    public static Who Who => Who.InvitedExpert;

    public SubjectRef Subject => QuestionSubject.Of(QuestionId);

    public static TakeInvitation Bind(CardData data) => new(data.SignedId("questionId"));
}

internal sealed class TakeInvitationHandler(QuestionService questions, QuestionCards cards) : ICardActionHandler<TakeInvitation>
{
    public async Task<CardReply> HandleAsync(CardAction<TakeInvitation> action, CancellationToken ct) =>
        cards.Reply(await questions.TakeAsync(action.Data.QuestionId, action.Actor, ct),
            q => cards.InvitationFor(q, action.Actor.Id, action.Activity.Conversation?.ConversationType == "channel"));
}
