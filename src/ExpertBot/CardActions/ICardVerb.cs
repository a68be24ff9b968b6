using ExpertBot.Protocol.Activities;
using ExpertBot.Teams;

namespace ExpertBot.CardActions;

/// <summary>
/// A card action's data: one record per verb, bound and validated from the card's data in one place (<see cref="Bind"/>),
/// and declaring who may use it. A verb cannot be added without its rule: <see cref="Who"/> has no default.
/// </summary>
internal interface ICardVerb<TSelf>
    where TSelf : class, ICardVerb<TSelf>
{
    /// <summary>The verb as the cards name it (Action.Execute's <c>verb</c>, or <c>verb</c> in an Action.Submit's data).</summary>
    static abstract string Verb { get; }

    /// <summary>Who may use it; checked before anything is read or changed.</summary>
    static abstract Who Who { get; }

    /// <summary>The record from the card's data; throws <see cref="CardDataException"/> when it cannot be one.</summary>
    static abstract TSelf Bind(CardData data);
}

/// <summary>A verb about a stored record: the dispatcher checks the actor's role on that record before the handler runs.</summary>
internal interface IAboutSubject
{
    SubjectRef Subject { get; }
}

/// <summary>A stored record a card points at: its kind ("question") and id.</summary>
internal readonly record struct SubjectRef(string Kind, long Id);

/// <summary>The one method that carries out a verb, found through the verb table.</summary>
internal interface ICardActionHandler<TVerb>
    where TVerb : class, ICardVerb<TVerb>
{
    Task<CardReply> HandleAsync(CardAction<TVerb> action, CancellationToken ct);
}

/// <summary>
/// A card action ready to run: its bound data, who acts (the authenticated sender), the activity it came in, and the key
/// of this click (the invoke's id, or one derived from the click), which anything it creates carries.
/// </summary>
internal sealed record CardAction<TVerb>(TVerb Data, Actor Actor, Activity Activity, string SourceKey);
