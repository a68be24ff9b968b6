using System.Diagnostics;
using System.Text.Json;
using ExpertBot.Tests.Packaging;

namespace ExpertBot.Tests.EndToEnd;

/// <summary>
/// The bot used through a second, independent client: Bot Framework Web Chat in a real headless
/// Chromium, talking to offline-directline. Its activities are not Teams-shaped (channelId
/// "emulator", no recipient, no timestamp, replies acknowledged with an empty 200).
/// </summary>
public sealed class WebChatTests(WebChatFixture webChat) : IClassFixture<WebChatFixture>
{
    [WebChatFact]
    public async Task Typed_message_is_answered_in_a_bot_bubble()
    {
        var question = $"How do I reset SSO for Contoso {Guid.NewGuid():N}?";

        var seen = await SayAsync(question, "message");

        var reply = seen.BotItemsAfter(question).First();
        // A question is answered with a card about it (a knowledge suggestion or its status), rendered by Web Chat.
        Assert.True(reply.AdaptiveCard, $"Web Chat did not render an Adaptive Card: {reply.Text}");
        Assert.Contains(question, reply.Text, StringComparison.Ordinal);
    }

    [WebChatFact]
    public async Task Help_shows_the_help_card_rendered_by_web_chat()
    {
        var seen = await SayAsync("help", "help-card");

        var card = seen.BotItemsAfter("help").First();
        Assert.True(card.AdaptiveCard, $"Web Chat did not render an Adaptive Card: {card.Text}");
        Assert.Contains("What ExpertBot can do", card.Text, StringComparison.Ordinal);
        Assert.Contains("This list.", card.Text, StringComparison.Ordinal);
    }

    [WebChatFact]
    public async Task Conversation_start_adds_no_member_so_the_first_bot_activity_is_the_reply()
    {
        // offline-directline starts each conversation with a conversationUpdate whose membersAdded is
        // empty (and that has no recipient): nobody joined, so the bot must not welcome anyone. The
        // update reaches the bot before the message, so a welcome would be shown before the reply.
        var question = $"Is there a known outage in EMEA {Guid.NewGuid():N}?";

        var seen = await SayAsync(question, "conversation-start");

        var bot = seen.Transcript.Where(i => !i.FromUser).ToList();
        Assert.Single(bot);
        Assert.Contains(question, bot[0].Text, StringComparison.Ordinal);
        Assert.True(seen.Transcript.FindIndex(i => i.FromUser) < seen.Transcript.IndexOf(bot[0]));
    }

    /// <summary>Opens a fresh Web Chat conversation, types <paramref name="text"/> and waits for the bot's answer.</summary>
    private async Task<WebChatRun> SayAsync(string text, string screenshotName)
    {
        var artifacts = Path.Combine(PlaygroundFixture.RepoRoot, "artifacts", "webchat");
        Directory.CreateDirectory(artifacts);
        var start = new ProcessStartInfo("node",
            ["drive.js", "--url", webChat.PageUrl.ToString(), "--screenshot", Path.Combine(artifacts, $"{screenshotName}.png"), "--say", text])
        {
            WorkingDirectory = WebChatFixture.WebChatFolder,
        };
        ToolRun result;
        try
        {
            result = await ToolRun.RunAsync(start, TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{webChat.Output}", e);
        }
        var line = result.Output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        Assert.True(result.ExitCode == 0 && line is not null, $"drive.js failed ({result.ExitCode}):\n{result.Output}\n{webChat.Output}");

        var run = JsonSerializer.Deserialize<WebChatRun>(line["RESULT ".Length..], JsonSerializerOptions.Web)!;
        Assert.Empty(run.BlockedRequests); // Nothing may reach the network.
        Assert.Empty(run.PageErrors);
        return run;
    }
}

/// <summary>What drive.js saw: the transcript in display order, plus requests it had to block.</summary>
internal sealed record WebChatRun(List<TranscriptItem> Transcript, List<string> BlockedRequests, List<string> PageErrors)
{
    /// <summary>The bot's items shown after the user's last message with exactly this text.</summary>
    public IEnumerable<TranscriptItem> BotItemsAfter(string userText)
    {
        var mine = Transcript.FindLastIndex(i => i.FromUser && i.Text == userText);
        Assert.True(mine >= 0, $"The user's message '{userText}' is not in the transcript");
        return Transcript.Skip(mine + 1).Where(i => !i.FromUser);
    }
}

internal sealed record TranscriptItem(bool FromUser, string Text, bool AdaptiveCard);
