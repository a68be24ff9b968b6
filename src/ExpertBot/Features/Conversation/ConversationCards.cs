namespace ExpertBot.Features.Conversation;

/// <summary>View data of cards/welcome.json.</summary>
internal sealed record WelcomeCard(string BotName, string UserName);

/// <summary>View data of cards/help.json.</summary>
internal sealed record HelpCard(string BotName, IReadOnlyList<HelpCommand> Commands, string ChannelHint)
{
    public static HelpCard Default { get; } = new("ExpertBot",
    [
        new("help", "Show this list."),
        new("my profile", "Your expert profile as I see it. Then: ask me about / never ask me about <topic>, forget <topic>, quiet hours 18:00-08:00, max 3 per day, pause 5 days, resume."),
        new("any question", "I acknowledge it; knowledge-base search and expert routing are being built."),
    ], "In a channel or group chat, @mention me first.");
}

internal sealed record HelpCommand(string Name, string Description);
