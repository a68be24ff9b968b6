using System.Net;
using System.Text.Json.Nodes;

namespace ExpertBot.Tests.CardActions;

/// <summary>
/// Thousands of generated hostile activities and card actions against the real host and the stand-in connector: no 5xx,
/// no unhandled exception in the log, nothing stored changes. The short form runs with the suite; the full count with
/// <c>HOSTILE_COUNT=10000 dotnet test --filter HostileInputTests</c> (HOSTILE_SEED repeats a run).
/// </summary>
public sealed class HostileInputTests
{
    private const string Asker = "0a000000-0000-4000-8000-000000000001";

    private static int Count => int.TryParse(Environment.GetEnvironmentVariable("HOSTILE_COUNT"), out var n) && n > 0 ? n : 1_500;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("HOSTILE_SEED"), out var s) ? s : 20261204;

    [Fact]
    public async Task Generated_hostile_input_gets_no_5xx_no_unhandled_exception_and_changes_nothing()
    {
        await using var host = CardActionHost.Start();
        var token = Guid.NewGuid().ToString("N")[..8];
        // Real questions with real cards: the signed data every verb of theirs carries, for tampering and outsiders.
        var clicks = await GenuineClicksAsync(host, token);
        var before = await DigestAsync(host);
        var inputs = new HostileInputs(host, new Random(Seed));
        var failures = new List<string>();
        var turns = 0;

        for (var i = 0; i < Count; i++)
        {
            var input = inputs.Next(clicks);
            var (status, body) = await host.PostAsync(input.Body);
            if ((int)status >= 500)
            {
                failures.Add($"#{i} {input.Category}: {(int)status} {body}");
            }
            if (status == HttpStatusCode.OK && input.IsTurn)
            {
                turns++;
            }
        }
        // Every stored turn is answered (a help card: their text is empty); once they are, the log is complete.
        for (var i = 0; i < turns; i++)
        {
            await host.Connector.NextAsync(r => r.RawPath.EndsWith("/activities", StringComparison.Ordinal) || r.RawPath.Contains("/activities/", StringComparison.Ordinal), within: 5 * turns + 50);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} server errors (seed {Seed}); first: {string.Join("\n", failures.Take(5))}");
        var errors = host.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)
            || l.Contains("Exception", StringComparison.Ordinal) && !l.StartsWith("Information", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, $"{errors.Count} errors logged (seed {Seed}); first: {string.Join("\n", errors.Take(3))}");
        Assert.Equal(before, await DigestAsync(host));
        var cards = host.Connector.All.SelectMany(r => r.Body?["attachments"]?.AsArray() ?? []).Select(a => a?["content"]).OfType<JsonNode>().ToList();
        Assert.True(cards.Count >= 4, $"Only {cards.Count} cards were sent.");
        var misplaced = cards.SelectMany(c => Cards.CardTextTests.MisplacedPeoplesText(c, "**bold**")).ToList();
        Assert.True(misplaced.Count == 0, "People's text was sent where Teams reads it as markup: " + string.Join("; ", misplaced.Take(3)));
        // Template syntax in people's text comes out literally, never evaluated (shortened titles keep their start).
        var asText = new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var showingTitle = cards.Select(c => c.ToJsonString(asText)).Where(c => c.Contains($"for tenant {token}: {PeoplesText}", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(showingTitle);
    }

    /// <summary>Markdown, a link, HTML and template syntax: what an asker may type, and must see back as typed.</summary>
    private const string PeoplesText = "**bold** [link](http://evil.example) <b>x</b> ${title}";

    [Fact]
    public async Task Replayed_clicks_answer_the_same_and_change_nothing_more()
    {
        await using var host = CardActionHost.Start();
        var token = Guid.NewGuid().ToString("N")[..8];
        var card = await host.AskAsync(Asker, $"Quarterly export drops the last column for tenant {token}?");
        var invited = await InvitedAsync(host, card);

        // Each verb once for real, then the same activity again (Teams redelivers an invoke it saw no answer to).
        var done = new List<(string User, string Verb, JsonObject Data, string Id, string Answer)>();
        foreach (var (user, verb, data) in new[]
                 {
                     (Asker, "follow", card.Data()),
                     (invited, "acceptInvitation", card.Data()),
                     (Asker, "replyToExpert", card.Data(("reply", $"Only EU {token}"))),
                     (Asker, "resolveQuestion", card.Data(("finalAnswer", $"Quote the header {token}"))),
                 })
        {
            var id = $"replay-{verb}";
            done.Add((user, verb, data, id, (await host.ClickAsync(user, verb, data, activityId: id)).ToJsonString()));
        }
        var before = await DigestAsync(host);

        foreach (var (user, verb, data, id, answer) in done)
        {
            Assert.Equal(answer, (await host.ClickAsync(user, verb, data, activityId: id)).ToJsonString());
        }
        Assert.Equal(before, await DigestAsync(host));
    }

    /// <summary>Two routed questions, and for each verb the data its card carries and someone allowed to use it.</summary>
    private static async Task<List<(string User, string Verb, JsonObject Data)>> GenuineClicksAsync(CardActionHost host, string token)
    {
        var clicks = new List<(string, string, JsonObject)>();
        foreach (var n in new[] { 1, 2 })
        {
            // Its text is markup and template syntax, as a careless or hostile asker might type: every card must show it as text.
            var card = await host.AskAsync(Asker, $"Quarterly export drops column {n} for tenant {token}: {PeoplesText}?");
            var invited = await InvitedAsync(host, card);
            clicks.AddRange(
            [
                (Asker, "follow", card.Data()), (Asker, "unfollow", card.Data()), (Asker, "showQuestion", card.Data()),
                (Asker, "cancelQuestion", card.Data(("reason", "x"))), (Asker, "resolveQuestion", card.Data(("finalAnswer", "x"))),
                (Asker, "rateAnswer", card.Data(("rating-1", "5"))), (Asker, "replyToExpert", card.Data(("reply", "x"))),
                (Asker, "kbNotAnswered", card.Data()), (Asker, "kbAnswered", card.Data()),
                (invited, "acceptInvitation", card.Data()), (invited, "declineInvitation", card.Data(("declineReason", "busy"))),
            ]);
        }
        return clicks;
    }

    private static async Task<string> InvitedAsync(CardActionHost host, QuestionCard card) =>
        (string)(await host.ScalarAsync("SELECT ExpertId FROM invitations WHERE QuestionId = $q ORDER BY Id LIMIT 1", ("$q", card.Id)))!;

    /// <summary>Everything people's actions can change, as one text: questions, invitations, replies, followers, preferences.</summary>
    private static async Task<string> DigestAsync(CardActionHost host)
    {
        var parts = new List<string>();
        foreach (var sql in new[]
                 {
                     "SELECT group_concat(Id || ':' || Status || ':' || Version || ':' || coalesce(Resolution, '') || ':' || coalesce(CancelReason, ''), ';') FROM (SELECT * FROM questions ORDER BY Id)",
                     "SELECT group_concat(Id || ':' || Status || ':' || ExpertId, ';') FROM (SELECT * FROM invitations ORDER BY Id)",
                     "SELECT group_concat(Id || ':' || AuthorId || ':' || Text || ':' || coalesce(Rating, ''), ';') FROM (SELECT * FROM contributions ORDER BY Id)",
                     "SELECT group_concat(QuestionId || ':' || UserId, ';') FROM (SELECT * FROM followers ORDER BY Id)",
                     "SELECT COUNT(*) FROM questions",
                 })
        {
            parts.Add((await host.ScalarAsync(sql))?.ToString() ?? "");
        }
        return string.Join("\n", parts);
    }
}
