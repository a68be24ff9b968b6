using ExpertBot.CardActions;

namespace ExpertBot.Features.Questions.Actions;

/// <summary>"Not for me" on an invitation, with a reason; "someone else knows better" may name that colleague.</summary>
internal sealed record DeclineInvitation(long QuestionId, DeclineReason Reason, string? SuggestedExpert) : ICardVerb<DeclineInvitation>, IAboutSubject
{
    public static string Verb => "declineInvitation";

    public static Who Who => Who.InvitedExpert;

    /// <summary>The values of the card's reason choices (QuestionCards.DeclineChoices).</summary>
    public static readonly IReadOnlyDictionary<string, DeclineReason> Reasons = new Dictionary<string, DeclineReason>(StringComparer.Ordinal)
    {
        ["not-my-area"] = DeclineReason.NotMyArea, ["busy"] = DeclineReason.TooBusy, ["someone-else"] = DeclineReason.SomeoneElse,
    };

    public SubjectRef Subject => QuestionSubject.Of(QuestionId);

    public static DeclineInvitation Bind(CardData data)
    {
        var reason = data.Choice("declineReason", Reasons, DeclineReason.NotMyArea);
        // A name typed beside another reason is not a suggestion.
        var suggested = reason == DeclineReason.SomeoneElse ? data.Text("suggestedExpert", QuestionFlow.SuggestionLength) : null;
        return new DeclineInvitation(data.SignedId("questionId"), reason, suggested);
    }
}

internal sealed class DeclineInvitationHandler(QuestionService questions, QuestionFlow flow, QuestionRouting routing, QuestionCards cards)
    : ICardActionHandler<DeclineInvitation>
{
    public async Task<CardReply> HandleAsync(CardAction<DeclineInvitation> action, CancellationToken ct)
    {
        var decline = action.Data;
        // Only now, with the decliner known to be invited, is the directory asked who the suggestion means.
        var (suggested, unclear) = await flow.ResolveSuggestionAsync(decline.SuggestedExpert, action.Actor, ct);
        if (unclear is not null)
        {
            return cards.Reply(QuestionOutcome.Refused(null, unclear));
        }
        var outcome = await questions.DeclineAsync(decline.QuestionId, action.Actor, decline.Reason, suggested, ct);
        if (outcome.Refusal is null && outcome.Changed)
        {
            await routing.OnDeclinedAsync(decline.QuestionId, ct);
        }
        // The invitation stays what it was, now saying what they did (a decline used to replace it with the question card).
        return cards.Reply(outcome, q => cards.InvitationFor(q, action.Actor.Id, action.Activity.Conversation?.ConversationType == "channel"));
    }
}
