using ExpertBot.CardActions;
using ExpertBot.Teams;

namespace ExpertBot.Features.Conversation;

/// <summary>"Help" on the welcome card: the help card. Anyone may ask for it.</summary>
internal sealed record ShowHelp : ICardVerb<ShowHelp>
{
    private static readonly ShowHelp Instance = new();

    public static string Verb => "showHelp";

    public static Who Who => Who.AnyoneInTenant;

    public static ShowHelp Bind(CardData data) => Instance;
}

internal sealed class ShowHelpHandler(CardLibrary cards) : ICardActionHandler<ShowHelp>
{
    public Task<CardReply> HandleAsync(CardAction<ShowHelp> action, CancellationToken ct) =>
        Task.FromResult(new CardReply(cards.FixedMessage("help", HelpCard.Default)));
}
