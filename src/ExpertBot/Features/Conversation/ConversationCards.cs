namespace ExpertBot.Features.Conversation;

/// <summary>View data of cards/welcome.json.</summary>
internal sealed record WelcomeCard(string BotName, string UserName);

/// <summary>View data of cards/help.json: the commands that exist, written from what the conversation handler answers.</summary>
internal sealed record HelpCard(string BotName, IReadOnlyList<HelpCommand> Commands, string ChannelHint, string? Note = null)
{
    public static HelpCard Default { get; } = new("ExpertBot",
    [
        new("your question", "Write the customer's question as you would to a colleague. I look in the knowledge base first; if it has no answer I find the right experts, invite them and keep you posted here."),
        new("ask", "A form for the question, what was tried, the product, the urgency and the case."),
        new("idea", "Log a customer's feature idea: I show the similar ideas already raised first, so your customer's vote adds up; you hear back when product management decides."),
        new("my questions", "Your open and recent questions and where each stands."),
        new("my contributions", "What your help as an expert came to: accepted answers, ratings, invitations taken."),
        new("search <words>", "The knowledge base: validated articles and answers experts gave before, found by meaning as well as words."),
        new("kb <number>", "One knowledge article (KB-1001), to read, rate, flag or fix."),
        new("my profile", "Your expert profile as I see it, with your settings to change: topics, quiet hours, a daily limit, a pause."),
        new("help", "This list."),
    ], "In a channel or group chat, @mention me first. Replies in an experts' thread reach the asker without a mention.");

    /// <summary>The same list, for the local demo: with how to play the other people.</summary>
    public static HelpCard Demo { get; } = Default with
    {
        Commands = [.. Default.Commands, new("act as <name>", "Local demo only: act as someone of the demo company (an expert, a supervisor) until `act as me`.")],
    };
}

internal sealed record HelpCommand(string Name, string Description);
