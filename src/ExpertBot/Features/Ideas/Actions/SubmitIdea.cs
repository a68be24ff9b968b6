using ExpertBot.CardActions;

namespace ExpertBot.Features.Ideas.Actions;

/// <summary>The idea form sent: similar ideas are offered first; a new idea only when there is none.</summary>
internal sealed record SubmitIdea(IdeaDraft Draft) : ICardVerb<SubmitIdea>
{
    public static string Verb => "submitIdea";

    public static Who Who => Who.AnyoneInTenant;

    public static SubmitIdea Bind(CardData data) => new(DraftData.Bind(data));
}

internal sealed class SubmitIdeaHandler(IdeaFlow flow) : ICardActionHandler<SubmitIdea>
{
    public Task<CardReply> HandleAsync(CardAction<SubmitIdea> action, CancellationToken ct) =>
        flow.SubmitAsync(action.Data.Draft, action.Actor, action.Activity, action.SourceKey, ct);
}

/// <summary>"No, log a new idea" on the similar-ideas card: the agent says theirs is different.</summary>
internal sealed record CreateIdea(IdeaDraft Draft) : ICardVerb<CreateIdea>
{
    public static string Verb => "createIdea";

    public static Who Who => Who.AnyoneInTenant;

    public static CreateIdea Bind(CardData data) => new(DraftData.Bind(data));
}

internal sealed class CreateIdeaHandler(IdeaFlow flow) : ICardActionHandler<CreateIdea>
{
    public Task<CardReply> HandleAsync(CardAction<CreateIdea> action, CancellationToken ct) =>
        flow.CreateAsync(action.Data.Draft, action.Actor, action.Activity, action.SourceKey, ct);
}

/// <summary>
/// "Add my customer's vote" on a similar idea: anyone in the tenant may vote, but only for an idea a card showed them
/// (its id is signed).
/// </summary>
internal sealed record VoteForIdea(long IdeaId, IdeaDraft Draft) : ICardVerb<VoteForIdea>
{
    public static string Verb => "voteForIdea";

    public static Who Who => Who.AnyoneInTenant;

    public static VoteForIdea Bind(CardData data) => new(data.SignedId("ideaId"), DraftData.Bind(data));
}

internal sealed class VoteForIdeaHandler(IdeaFlow flow) : ICardActionHandler<VoteForIdea>
{
    public Task<CardReply> HandleAsync(CardAction<VoteForIdea> action, CancellationToken ct) =>
        flow.VoteAsync(action.Data.IdeaId, action.Data.Draft, action.Actor, action.Activity, ct);
}
