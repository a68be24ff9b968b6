using ExpertBot.CardActions;

namespace ExpertBot.Features.Questions.Actions;

/// <summary>The question form ("ask"): a new question with its parts. Anyone in the tenant may ask.</summary>
internal sealed record AskQuestion(string Title, string? Details, string? Tried, string? Product, string Urgency, string? CaseId)
    : ICardVerb<AskQuestion>
{
    public static string Verb => "askQuestion";

    public static Who Who => Who.AnyoneInTenant;

    public static readonly IReadOnlyDictionary<string, string> Urgencies =
        new Dictionary<string, string>(StringComparer.Ordinal) { ["low"] = "low", ["normal"] = "normal", ["high"] = "high", ["critical"] = "critical" };

    public static AskQuestion Bind(CardData data) => new(
        data.RequiredText("title", QuestionLimits.TitleLength, new Refusal("Nothing to ask", "Write the question first; nothing was asked.")),
        data.Text("details", QuestionLimits.TextLength),
        data.Text("tried", QuestionLimits.TextLength),
        data.Text("product", 100),
        data.Choice("urgency", Urgencies, "normal"),
        data.Text("caseId", 100));
}

internal sealed class AskQuestionHandler(QuestionFlow flow) : ICardActionHandler<AskQuestion>
{
    public async Task<CardReply> HandleAsync(CardAction<AskQuestion> action, CancellationToken ct)
    {
        var ask = action.Data;
        var started = await flow.StartAsync(action.Actor, ask.Title, ask.Details,
            new FormExtras(ask.Tried, ask.Product, ask.Urgency, ask.CaseId), action.SourceKey, ct);
        // The form card the person clicked is replaced by the question's card: that copy is the one kept up to date.
        await flow.AttachAskerCardAsync(started, action.Activity.ReplyToId, ct);
        return new CardReply(started.Card, started.Refusal);
    }
}
