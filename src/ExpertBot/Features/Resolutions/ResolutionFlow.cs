using ExpertBot.CardActions;
using ExpertBot.Features.Cases;
using ExpertBot.Features.Questions;
using ExpertBot.Protocol.Activities;

namespace ExpertBot.Features.Resolutions;

/// <summary>What every way of resolving a question shares: teach routing and the knowledge search, remember the resolved card, answer with it.</summary>
internal sealed class ResolutionFlow(QuestionRouting routing, ResolvedAnswers answers, ResolutionStore store, ResolutionCards cards, CaseLookup cases)
{
    /// <summary>
    /// The card after an accept (an expert's reply, the asker's own answer, a knowledge article). The resolved question is
    /// evidence for the next ranking, and an answer for the next agent, at once; once, not again on a repeated click. The
    /// card the person clicked (an invoke replaces it) is remembered, so it can say when the case note is written.
    /// </summary>
    public async Task<CardReply> ResolvedAsync(QuestionOutcome outcome, Activity clicked, CancellationToken ct)
    {
        if (outcome.Refusal is not null)
        {
            return cards.Reply(outcome, null);
        }
        var question = outcome.Question!;
        if (outcome.Changed)
        {
            await routing.OnResolvedAsync(question.Id, ct);
            answers.Add(question);
        }
        var resolution = clicked is { Type: ActivityTypes.Invoke, ReplyToId: { Length: > 0 } card, ServiceUrl: { } url, Conversation.Id: { } conversation }
            ? await store.UpdateAsync(question.Id, r => (r.CardServiceUrl, r.CardConversationId, r.CardActivityId) = (url, conversation, card), ct)
            : await store.FindAsync(question.Id, ct);
        return cards.Reply(outcome, resolution, (await cases.FindAsync(question.CaseNumber, ct))?.Contact);
    }

    /// <summary>The resolved card as the question and its resolution are now (after a rating).</summary>
    public async Task<CardReply> CurrentAsync(QuestionOutcome outcome, CancellationToken ct) => outcome.Refusal is not null
        ? cards.Reply(outcome, null)
        : cards.Reply(outcome, await store.FindAsync(outcome.Question!.Id, ct), (await cases.FindAsync(outcome.Question.CaseNumber, ct))?.Contact);
}
