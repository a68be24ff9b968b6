using ExpertBot.CardActions;
using ExpertBot.Protocol.Activities;
using ExpertBot.Protocol.Connector;

namespace ExpertBot.Features.Questions.Actions;

/// <summary>
/// "Show the full question" on a card that had to shorten it: the whole question, posted as a new message below, so the
/// card the person clicked (an invitation with its buttons) stays as it is.
/// </summary>
internal sealed record ShowQuestion(long QuestionId) : ICardVerb<ShowQuestion>, IAboutSubject
{
    public static string Verb => "showQuestion";

    public static Who Who => QuestionSubject.Participants;

    public SubjectRef Subject => QuestionSubject.Of(QuestionId);

    public static ShowQuestion Bind(CardData data) => new(data.SignedId("questionId"));
}

internal sealed class ShowQuestionHandler(QuestionService questions, QuestionCards cards, BotConnectorClient connector) : ICardActionHandler<ShowQuestion>
{
    public async Task<CardReply> HandleAsync(CardAction<ShowQuestion> action, CancellationToken ct)
    {
        var full = cards.FullQuestion((await questions.FindAsync(action.Data.QuestionId, ct))!);
        if (action.Activity.Type != ActivityTypes.Invoke)
        {
            return new CardReply(full); // An Action.Submit is answered with a new message anyway.
        }
        await connector.SendToConversationAsync(action.Activity.ServiceUrl!, action.Activity.Conversation!.Id!, full, ct);
        return CardReply.Notice("The whole question is in the message below.");
    }
}
