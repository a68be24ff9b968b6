using System.Text.Json.Nodes;

// Not "...Conversation": the end-to-end tests have a helper of that name, which a namespace would hide.
namespace ExpertBot.Tests.Conversations;

/// <summary>Issue 14, item 7: the help card is written from the commands that exist, and every command it lists answers as one.</summary>
public sealed class HelpTests : IAsyncDisposable
{
    private readonly ChatHost _chat = new();

    [Fact]
    public async Task Help_lists_exactly_the_commands_that_exist_and_each_answers_as_a_command()
    {
        await _chat.SayAsync(Person.Alex, "help");

        var help = (await _chat.NextToAsync(Person.Alex, "What ExpertBot can do")).Body;
        var commands = Commands(help!);
        // In the local demo (auth off) "act as" exists too; see ActAsTests for the same with auth on.
        Assert.Equal(["your question", "ask", "idea", "my questions", "my contributions", "search <words>", "kb <number>", "my profile", "help", "act as <name>"], commands);
        Assert.DoesNotContain("being built", ChatHost.Words(help), StringComparison.OrdinalIgnoreCase);

        // Each command is answered by its own card, not by help for a message that did not look like a question.
        var answers = new Dictionary<string, string>
        {
            ["ask"] = "askQuestion",
            ["idea"] = "submitIdea",
            ["my questions"] = "Your questions",
            ["my contributions"] = "Your contributions, Alex Wilber",
            ["my profile"] = "saveProfile",
            ["help"] = "What ExpertBot can do",
        };
        foreach (var (command, shows) in answers)
        {
            await _chat.SayAsync(Person.Alex, command);
            var reply = await _chat.NextAsync(r => ChatHost.IsTo(r, Person.Alex.Chat));
            var words = ChatHost.Words(reply) + string.Join("\n", ChatHost.Verbs(reply.Body));
            Assert.DoesNotContain("doesn't look like a question", words, StringComparison.Ordinal);
            Assert.Contains(shows, words, StringComparison.Ordinal);
        }
        Assert.Empty(await _chat.QuestionsOfAsync(Person.Alex));
    }

    /// <summary>The command names of the help card's list, in order.</summary>
    internal static List<string> Commands(JsonNode card) =>
        [.. ChatHost.Find(card, o => o["type"]?.ToString() == "FactSet").SelectMany(f => f["facts"]!.AsArray()).Select(f => f!["title"]!.ToString())];

    public async ValueTask DisposeAsync() => await _chat.DisposeAsync();
}
