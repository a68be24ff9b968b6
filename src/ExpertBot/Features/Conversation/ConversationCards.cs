namespace ExpertBot.Features.Conversation;

/// <summary>View data of cards/welcome.json.</summary>
internal sealed record WelcomeCard(string BotName, string UserName);

/// <summary>View data of cards/help.json.</summary>
internal sealed record HelpCard(string BotName, IReadOnlyList<HelpCommand> Commands, string ChannelHint)
{
    public static HelpCard Default { get; } = new("ExpertBot",
    [
        new("help", "Show this list."),
        new("any question", "I acknowledge it; knowledge-base search and expert routing are being built."),
    ], "In a channel or group chat, @mention me first.");
}

internal sealed record HelpCommand(string Name, string Description);
