using ExpertBot.Protocol.Activities;
using ExpertBot.Teams;

namespace ExpertBot.CardActions;

/// <summary>One verb as the table holds it: its name and rule, how its data binds, and how its handler runs.</summary>
internal sealed record CardVerbRegistration(
    string Verb,
    Who Who,
    Type DataType,
    Func<CardData, object> Bind,
    Func<IServiceProvider, object, Actor, Activity, string, CancellationToken, Task<CardReply>> Run);

/// <summary>
/// The verb table: every card verb the app answers, from <see cref="CardVerbsServiceCollectionExtensions.AddCardVerb{TVerb, THandler}"/>.
/// Action.Execute invokes and Action.Submit fallbacks both find their handler here.
/// </summary>
internal sealed class CardVerbs
{
    private readonly Dictionary<string, CardVerbRegistration> _verbs = new(StringComparer.Ordinal);

    public CardVerbs(IEnumerable<CardVerbRegistration> registrations)
    {
        foreach (var registration in registrations)
        {
            if (!_verbs.TryAdd(registration.Verb, registration))
            {
                throw new InvalidOperationException($"Card verb '{registration.Verb}' is registered twice.");
            }
            if (registration.Who == 0)
            {
                throw new InvalidOperationException($"Card verb '{registration.Verb}' admits nobody: declare who may use it.");
            }
            if (!registration.Who.HasFlag(Who.AnyoneInTenant) && !typeof(IAboutSubject).IsAssignableFrom(registration.DataType))
            {
                // A role such as "the asker" means nothing without the record the card is about.
                throw new InvalidOperationException($"Card verb '{registration.Verb}' limits who may use it, so its data must say what it is about (IAboutSubject).");
            }
        }
    }

    public IReadOnlyCollection<CardVerbRegistration> All => _verbs.Values;

    public bool TryGet(string verb, out CardVerbRegistration registration) => _verbs.TryGetValue(verb, out registration!);
}

internal static class CardVerbsServiceCollectionExtensions
{
    /// <summary>Adds a verb: its data record (with its rule) and its one handler.</summary>
    public static IServiceCollection AddCardVerb<TVerb, THandler>(this IServiceCollection services)
        where TVerb : class, ICardVerb<TVerb>
        where THandler : class, ICardActionHandler<TVerb>
    {
        services.AddSingleton<THandler>();
        services.AddSingleton(new CardVerbRegistration(TVerb.Verb, TVerb.Who, typeof(TVerb), static data => TVerb.Bind(data),
            static (provider, data, actor, activity, key, ct) =>
                provider.GetRequiredService<THandler>().HandleAsync(new CardAction<TVerb>((TVerb)data, actor, activity, key), ct)));
        return services;
    }
}
