using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ExpertBot.Protocol.Activities;
using ExpertBot.Storage.Jobs;
using ExpertBot.Teams;

namespace ExpertBot.CardActions;

/// <summary>
/// The one path of every card action, Action.Execute invoke or Action.Submit fallback alike: find the verb in the table,
/// know who acts (the authenticated sender), bind and verify the card's data, answer a repeated click with its first
/// answer, check the verb's rule on the record it is about, and only then run its handler. Each step refuses with a
/// card that says why, and a refusal changes nothing.
/// </summary>
internal sealed partial class CardActionDispatcher(
    CardVerbs verbs, CardSeal seal, ActionLedger ledger, IServiceProvider services, CardLibrary cards, ILogger<CardActionDispatcher> logger)
{
    public bool Knows(string verb) => verbs.TryGet(verb, out _);

    public async Task<CardReply> DispatchAsync(Activity activity, string verb, JsonElement data, CancellationToken ct)
    {
        if (!verbs.TryGet(verb, out var registration))
        {
            return Refused(verb, new Refusal("Unknown action", "This card asks for something I don't know how to do; nothing changed."));
        }
        if (TeamsAddress.Actor(activity) is not { } actor)
        {
            return Refused(verb, new Refusal("Who are you?", "This action came without a user; nothing changed."));
        }
        var cardData = new CardData(data, seal);
        object bound;
        try
        {
            bound = registration.Bind(cardData);
        }
        catch (CardDataException ex)
        {
            return Refused(verb, ex.Refusal);
        }
        var key = SourceKey(activity, actor, verb, cardData);
        if (await ledger.FindReplyAsync(key, actor.Id, ct) is { } earlier)
        {
            // The same click again (Teams redelivers an invoke it did not see answered): the first answer, nothing redone.
            return new CardReply(CardLibrary.MessageOf(earlier));
        }
        if (!registration.Who.HasFlag(Who.AnyoneInTenant))
        {
            var subject = ((IAboutSubject)bound).Subject;
            var roles = await services.GetRequiredKeyedService<ISubjectRoles>(subject.Kind).RolesAsync(subject.Id, actor, activity.TenantId, ct);
            if (roles is not { } held || (held & registration.Who) == 0)
            {
                // The same words whether the record exists or not: a refusal must not tell an outsider what there is.
                return Refused(verb, RoleRefusal(registration.Who));
            }
        }
        var reply = await registration.Run(services, bound, actor, activity, key, ct);
        if (reply.Refused is null)
        {
            await ledger.RecordReplyAsync(key, actor.Id, verb, reply.Card, ct);
        }
        return reply;
    }

    /// <summary>
    /// The click's key: the activity id within its channel and tenant (Teams sends the same id when it redelivers); without
    /// one, a hash of who clicked what with which data, so the same click on the same card is still recognised.
    /// </summary>
    public static string SourceKey(Activity activity, Actor actor, string verb, CardData data) =>
        activity.Id is { Length: > 0 } id
            ? NewJob.Key("click", activity.ChannelId, activity.TenantId, id)
            : "click-derived:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
                string.Join('\n', activity.ChannelId, activity.TenantId, actor.Id, verb, data.Canonical()))));

    private static Refusal RoleRefusal(Who who) => who switch
    {
        Who.InvitedExpert => new Refusal("You're not invited", "Only the experts invited to this question can take or decline it; nothing changed."),
        Who.Asker or (Who.Asker | Who.Supervisor) => new Refusal("Only the asker can do that", $"Only {WhoText.Describe(who)} can do that; nothing changed."),
        _ => new Refusal("You can't do that here", $"Only {WhoText.Describe(who)} can do that; nothing changed."),
    };

    private CardReply Refused(string verb, Refusal refusal)
    {
        Log.ActionRefused(logger, verb, refusal.Title);
        return new CardReply(cards.Message("refusal", new { title = refusal.Title, reason = refusal.Reason }), refusal);
    }
}
