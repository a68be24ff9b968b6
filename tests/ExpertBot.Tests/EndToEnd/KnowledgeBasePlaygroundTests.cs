using System.Text.RegularExpressions;
using static ExpertBot.Tests.EndToEnd.Contoso;
using static ExpertBot.Tests.EndToEnd.PlaygroundDriver;
using static ExpertBot.Tests.EndToEnd.QuestionSteps;

namespace ExpertBot.Tests.EndToEnd;

/// <summary>
/// The knowledge base's loop through the Agents Playground: a question nobody had answered is resolved, its draft article
/// reaches the asker (its owner) on a card, he validates it there, and a later question in other words is offered that
/// article before any expert is bothered.
/// </summary>
public sealed partial class KnowledgeBasePlaygroundTests(PlaygroundFixture playground) : IClassFixture<PlaygroundFixture>
{
    [PlaygroundFact]
    public async Task A_resolved_question_becomes_a_validated_article_that_a_later_differently_worded_question_is_offered()
    {
        using var teams = await ConnectAsync(playground.PlaygroundUrl);
        var token = Token();

        await teams.SayAsync(AlexChat, Alex.Id, $"Why does the handheld scanner on dock 4 append an asterisk to every barcode it reads, ref {token}?");
        var card = await teams.NextAsync(m => Conversation(m) == AlexChat && Has(m, token) && (Has(m, "resolveQuestion") || Has(m, "kbNotAnswered")));
        if (Has(card, "kbNotAnswered"))
        {
            await teams.ExecuteAsync(AlexChat, MessageId(card), Alex, "kbNotAnswered", ActionData(card, "kbNotAnswered"));
            card = await teams.NextAsync(m => Conversation(m) == AlexChat && Has(m, token) && Has(m, "resolveQuestion"));
        }

        // Alex found the answer himself: he resolves with it, and owns the draft it becomes.
        var resolve = ActionData(card, "resolveQuestion");
        resolve["finalAnswer"] = "Turn off 'transmit check character' in the scanner's profile, then scan the barcode again.";
        var resolved = await teams.ExecuteAsync(AlexChat, MessageId(card), Alex, "resolveQuestion", resolve);
        Assert.Contains("Resolved", resolved.ToJsonString(), StringComparison.Ordinal);

        var draft = await teams.NextAsync(m => Conversation(m) == AlexChat && Has(m, token) && Has(m, "validateArticle"), TimeSpan.FromSeconds(60));
        Assert.Contains("transmit check character", Card(draft), StringComparison.Ordinal);
        var number = Number().Match(Card(draft)).Value;

        var validated = await teams.ExecuteAsync(AlexChat, MessageId(draft), Alex, "validateArticle", ActionData(draft, "validateArticle"));
        Assert.Contains("Validated by", validated.ToJsonString(), StringComparison.Ordinal);

        // The next agent, in other words: the knowledge base answers first, with the new article.
        var later = Token();
        await teams.SayAsync(AlexChat, Alex.Id, $"Barcode reader at the loading dock adds a star character at the end of each code, how to stop it ({later})?");
        var suggestion = await teams.NextAsync(m => Conversation(m) == AlexChat && Has(m, later) && (Has(m, "kbAnswered") || Has(m, "resolveQuestion")));
        Assert.True(Has(suggestion, "kbAnswered") && Has(suggestion, number), $"{number} was not offered: {Card(suggestion)}");
    }

    [GeneratedRegex(@"KB-\d+")]
    private static partial Regex Number();
}
