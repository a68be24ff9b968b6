using ExpertBot.CardActions;
using ExpertBot.Hosting;
using ExpertBot.Teams;

namespace ExpertBot.Features.Ideas.Actions;

/// <summary>Ideas as the records card actions are about: their kind, and what a person is to one.</summary>
internal static class IdeaSubject
{
    public const string Kind = "idea";

    public static SubjectRef Of(long ideaId) => new(Kind, ideaId);

    public static IServiceCollection AddIdeaVerbs(this IServiceCollection services)
    {
        services.AddKeyedSingleton<ISubjectRoles, IdeaRoleFacts>(Kind);
        services.AddCardVerb<SubmitIdea, SubmitIdeaHandler>();
        services.AddCardVerb<CreateIdea, CreateIdeaHandler>();
        services.AddCardVerb<VoteForIdea, VoteForIdeaHandler>();
        services.AddCardVerb<SetIdeaStatus, SetIdeaStatusHandler>();
        services.AddCardVerb<RespondToIdea, RespondToIdeaHandler>();
        services.AddCardVerb<MergeIdea, MergeIdeaHandler>();
        return services;
    }
}

/// <summary>
/// What an actor is to an idea: a product manager (Roles:ProductManagers, by user id or Entra group), an agent who raised
/// or voted for it. An idea of another tenant is no idea at all for them.
/// </summary>
internal sealed class IdeaRoleFacts(IdeaService ideas, AppRoles roles) : ISubjectRoles
{
    public async Task<Who?> RolesAsync(long id, Actor actor, string? tenantId, CancellationToken ct)
    {
        var idea = await ideas.FindAsync(id, ct);
        if (idea is null || (idea.TenantId is { Length: > 0 } owner && tenantId is { Length: > 0 } && !string.Equals(owner, tenantId, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }
        Who held = 0;
        if (await roles.IsProductManagerAsync(actor.Id, tokenGroups: null, ct))
        {
            held |= Who.ProductManager;
        }
        if (idea.Supporters.Any(s => string.Equals(s.UserId, actor.Id, StringComparison.OrdinalIgnoreCase)))
        {
            held |= Who.IdeaSupporter;
        }
        return held;
    }
}

/// <summary>The draft fields every idea card carries (the form's inputs, or the draft a similar-ideas card kept).</summary>
internal static class DraftData
{
    public static IdeaDraft Bind(CardData data) => new(
        data.RequiredText("title", IdeaLimits.TitleLength, new Refusal("Nothing to log", "Name the idea first; nothing was logged.")),
        data.Text("details", IdeaLimits.TextLength),
        data.Text("product", 100),
        data.Text("customer", IdeaLimits.NameLength),
        data.Text("caseId", 100)?.ToUpperInvariant(),
        data.Choice("importance", ImportanceChoice.Choices, Importance.Important));
}
