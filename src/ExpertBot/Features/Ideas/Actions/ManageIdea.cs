using ExpertBot.CardActions;

namespace ExpertBot.Features.Ideas.Actions;

/// <summary>A product manager's new status for an idea (with the response written beside it, if any).</summary>
internal sealed record SetIdeaStatus(long IdeaId, IdeaStatus Status, string? Response) : ICardVerb<SetIdeaStatus>, IAboutSubject
{
    public static string Verb => "setIdeaStatus";

    public static Who Who => Who.ProductManager;

    public SubjectRef Subject => IdeaSubject.Of(IdeaId);

    private static readonly IReadOnlyDictionary<string, IdeaStatus?> Choices =
        Enum.GetValues<IdeaStatus>().Where(s => s != IdeaStatus.Merged).ToDictionary(s => s.ToString(), s => (IdeaStatus?)s, StringComparer.Ordinal);

    public static SetIdeaStatus Bind(CardData data) => new(
        data.SignedId("ideaId"),
        data.Choice<IdeaStatus?>("status", Choices, null) ?? throw new CardDataException(new Refusal("Pick a status", "Choose the idea's new status; nothing changed.")),
        data.Text("response", IdeaLimits.TextLength));
}

internal sealed class SetIdeaStatusHandler(IdeaService ideas, IdeaFlow flow) : ICardActionHandler<SetIdeaStatus>
{
    public async Task<CardReply> HandleAsync(CardAction<SetIdeaStatus> action, CancellationToken ct) =>
        flow.Reply(await ideas.SetStatusAsync(action.Data.IdeaId, action.Data.Status, action.Data.Response, action.Actor, ct),
            $"{action.Actor.Name} set the status to {Idea.Describe(action.Data.Status)}; the agents who raised it are told.", manage: true);
}

/// <summary>A product manager's public response to an idea, for the agents and their customers.</summary>
internal sealed record RespondToIdea(long IdeaId, string Response) : ICardVerb<RespondToIdea>, IAboutSubject
{
    public static string Verb => "respondToIdea";

    public static Who Who => Who.ProductManager;

    public SubjectRef Subject => IdeaSubject.Of(IdeaId);

    public static RespondToIdea Bind(CardData data) => new(
        data.SignedId("ideaId"),
        data.RequiredText("response", IdeaLimits.TextLength, new Refusal("Nothing to send", "Write the response first; nothing was sent.")));
}

internal sealed class RespondToIdeaHandler(IdeaService ideas, IdeaFlow flow) : ICardActionHandler<RespondToIdea>
{
    public async Task<CardReply> HandleAsync(CardAction<RespondToIdea> action, CancellationToken ct) =>
        flow.Reply(await ideas.RespondAsync(action.Data.IdeaId, action.Data.Response, action.Actor, ct),
            $"{action.Actor.Name} responded; the agents who raised it are told.", manage: true);
}

/// <summary>A product manager merges this idea (signed) into another one they name.</summary>
internal sealed record MergeIdea(long IdeaId, long IntoId) : ICardVerb<MergeIdea>, IAboutSubject
{
    public static string Verb => "mergeIdea";

    public static Who Who => Who.ProductManager;

    public SubjectRef Subject => IdeaSubject.Of(IdeaId);

    public static MergeIdea Bind(CardData data) => new(
        data.SignedId("ideaId"),
        IdeaNumber.Parse(data.Text("mergeInto", 40))
            ?? throw new CardDataException(new Refusal("Which idea?", "Write the number of the idea to merge this one into, e.g. IDEA-12; nothing changed.")));
}

internal sealed class MergeIdeaHandler(IdeaService ideas, IdeaFlow flow) : ICardActionHandler<MergeIdea>
{
    public async Task<CardReply> HandleAsync(CardAction<MergeIdea> action, CancellationToken ct)
    {
        var merged = await ideas.MergeAsync(action.Data.IdeaId, action.Data.IntoId, action.Actor, action.Activity.TenantId, ct);
        return flow.Reply(merged, $"{IdeaNumber.Of(action.Data.IdeaId)} was merged into this idea by {action.Actor.Name}; its agents are told.", manage: true);
    }
}
