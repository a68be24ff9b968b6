using ExpertBot.CardActions;
using ExpertBot.Features.Cases;
using ExpertBot.Features.Routing;
using ExpertBot.Protocol.Activities;
using ExpertBot.Teams;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Ideas;

/// <summary>
/// Raising an idea in chat: the form (from the <c>idea</c> command, a message that reads like one, or the message action),
/// then duplicates first: the most similar existing ideas are offered before a new one is created.
/// </summary>
internal sealed class IdeaFlow(IdeaService ideas, IdeaIndex index, IdeaCards cards, CaseLookup cases, ExpertPools pools, IOptions<IdeaOptions> options)
{
    /// <summary>The products an idea can be for: those of the ideas channels and of the expert pools.</summary>
    public IEnumerable<string> Products =>
        options.Value.Channels.SelectMany(c => c.Products).Concat(pools.All.SelectMany(p => p.Products)).Select(p => p.Trim()).Where(p => p.Length > 0);

    /// <summary>The form, filled in from <paramref name="text"/> (its first line the idea, the rest why) and the case it names.</summary>
    public Activity Form(string? text, string? note)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return cards.Form(Products, null, note);
        }
        var lines = text.Trim().Split('\n', 2);
        var caseNumber = cases.NumberIn(text);
        var draft = new IdeaDraft(TextClip.Clip(IdeaIntent.Title(lines[0]), IdeaLimits.TitleLength) ?? "", lines.Length > 1 ? TextClip.Clip(lines[1], IdeaLimits.TextLength) : null,
            null, null, caseNumber, Importance.Important);
        return cards.Form(Products, draft, note);
    }

    /// <summary>The form sent: similar ideas first when there are any; otherwise the new idea.</summary>
    public async Task<CardReply> SubmitAsync(IdeaDraft draft, Actor agent, Activity activity, string sourceKey, CancellationToken ct)
    {
        var o = options.Value;
        var similar = await index.SimilarAsync(draft.Title, draft.Details, o.SimilarShown, o.SimilarMinConfidence, null, ct);
        var shown = new List<(SimilarIdea, Idea)>();
        foreach (var match in similar)
        {
            if (await ideas.FindAsync(match.Id, ct) is { Status: not IdeaStatus.Merged } idea && SameTenant(idea, activity.TenantId))
            {
                shown.Add((match, idea));
            }
        }
        return shown.Count > 0 ? new CardReply(cards.Similar(draft, shown)) : await CreateAsync(draft, agent, activity, sourceKey, ct);
    }

    /// <summary>A new idea (no similar one, or the agent said theirs is different).</summary>
    public async Task<CardReply> CreateAsync(IdeaDraft draft, Actor agent, Activity activity, string sourceKey, CancellationToken ct)
    {
        var facts = await FactsAsync(draft, ct);
        var created = await ideas.CreateAsync(draft, facts, agent, TeamsAddress.PersonalChat(activity), sourceKey, ct);
        return Reply(created, $"Logged as {created.Idea?.Number}. Product management will see it; I'll tell you here when it moves.");
    }

    /// <summary>The agent's customer added to an existing idea.</summary>
    public async Task<CardReply> VoteAsync(long ideaId, IdeaDraft draft, Actor agent, Activity activity, CancellationToken ct)
    {
        var facts = await FactsAsync(draft, ct);
        var voted = await ideas.VoteAsync(ideaId, draft, facts, agent, TeamsAddress.PersonalChat(activity), ct);
        return Reply(voted, $"Your customer's vote is on {voted.Idea?.Number}. I'll tell you here when it moves.");
    }

    public CardReply Reply(IdeaOutcome outcome, string heading, bool manage = false) => outcome switch
    {
        { Refusal: { } refusal } => new CardReply(CardReply.Notice($"{refusal.Title}: {refusal.Reason}").Message, refusal),
        { Idea: { } idea } => new CardReply(cards.Card(idea, manage, heading)),
        _ => CardReply.Notice("Nothing changed."),
    };

    /// <summary>Customer, account value and product from the case system when the draft names a case; else what the agent wrote.</summary>
    private async Task<CustomerFacts> FactsAsync(IdeaDraft draft, CancellationToken ct) =>
        await cases.FindAsync(draft.CaseNumber, ct) is { } found ? new CustomerFacts(found.Customer, found.AccountValue is { } v ? (long)decimal.Round(v) : null, found.Product) : CustomerFacts.None;

    private static bool SameTenant(Idea idea, string? tenantId) =>
        idea.TenantId is not { Length: > 0 } owner || tenantId is not { Length: > 0 } || string.Equals(owner, tenantId, StringComparison.OrdinalIgnoreCase);
}
