using System.Text.Json.Nodes;
using ExpertBot.Features.Questions;
using ExpertBot.Features.Resolutions;
using ExpertBot.Tests.Knowledge.Articles;
using ExpertBot.Tests.Storage;

namespace ExpertBot.Tests.Resolutions;

/// <summary>
/// The customer reply written by Azure OpenAI, through the real host against a local Chat Completions server: what leaves
/// is redacted (the customer's data and the colleagues' names) and fenced as data; a fit reply is stored on the resolution
/// and replaces the extractive one on the resolved card, which says the model wrote it; a reply naming a colleague, linking
/// to Teams or an internal host, inventing a link or holding a placeholder, and a model answering 500 or 429, leave the
/// extractive reply in place, and the card then says it is the answer's own words.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class ModelCustomerReplyTests(PostgresServer server)
{
    private const string Asker = "0c4a1f0e-dddd-4bbb-8ccc-000000000001";
    private const string Expert = "0c4a1f0e-dddd-4bbb-8ccc-000000000002";
    private const string Good = "Open the printer preferences and set the label size to 4x6, then print the label again. The printer driver ignores the page size of the document, so the size has to be set on the printer itself. The steps are also at https://support.zebra.example/zd420/labels.";
    private const string ByModel = "Written by the language model";
    private const string ByAnswer = "Taken from the accepted answer's own words";

    [Theory, SqliteData, PostgresData]
    public async Task A_fit_model_reply_replaces_the_extractive_one_and_anything_internal_or_failing_leaves_the_extractive_one(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        string reply = Good;
        await using var model = new FakeAzureOpenAIChat
        {
            Answer = user => user.Contains("Customer's problem:", StringComparison.Ordinal)
                ? reply
                : """{"title":"Zebra labels print blank","resolution":"Set the label size to 4x6."}""",
        };
        await using var host = KnowledgeBaseHost.Start(database, model.Settings());
        var asker = host.Person(Asker, "Alex Wilber");
        var expert = host.Person(Expert, "Megan Bowen");
        var store = host.Get<ResolutionStore>();

        async Task<(Question Question, Resolution Row, JsonNode Card)> ResolveAsync(string title, Action? setup = null)
        {
            setup?.Invoke();
            // A question resolved a second after the last: each one sends the asker a few cards, and Teams' pacing (7 sends
            // a second per conversation) makes the 8th wait for the clock to move. On this frozen fake clock it never did:
            // that wait, not the model calls, is what hung the first version of this test.
            host.Clock.Advance(TimeSpan.FromSeconds(1));
            var q = await host.ResolveAsync(asker, expert, title,
                "Megan Bowen here: set the label size to 4x6 in the printer preferences and print again (Megan tried it on a ZD420), steps at https://support.zebra.example/zd420/labels. Thread: https://teams.microsoft.com/l/message/19:abc/1", "CAS-10421");
            // Where the resolved card is, as the accept click records it: the job updates it in place.
            var activity = $"card-{q.Id}";
            await store.UpdateAsync(q.Id, r => (r.CardServiceUrl, r.CardConversationId, r.CardActivityId) = (host.Connector.ServiceUrl, KnowledgeBaseHost.Chat(Asker), activity), default);
            await host.RunJobsAsync();
            var card = host.Connector.All.Last(r => r.Method == "PUT" && r.RawPath.EndsWith("/activities/" + activity, StringComparison.Ordinal)).Body!;
            return (q, (await store.FindAsync(q.Id, default))!, card);
        }

        // A fit reply: stored, and on the card between the greeting and the closing, said to be the model's.
        var before = model.Requests.Count;
        var (first, row, card) = await ResolveAsync("Zebra prints blank labels for Fabrikam Ltd, contact jane.doe@fabrikam.example");
        Assert.Equal(Good, row.CustomerReply);
        Assert.Equal($"azure-openai:{FakeAzureOpenAIChat.Deployment}", row.CustomerReplyBy);
        Assert.Contains($"Hello,\n\nThank you for your patience. {Good}", CustomerReplyOn(card), StringComparison.Ordinal);
        Assert.True(KnowledgeBaseHost.Has(card, ByModel));
        Assert.False(KnowledgeBaseHost.Has(card, ByAnswer));
        var sent = model.Requests.Skip(before).Select(r => r["messages"]!.AsArray().Last()!["content"]!.GetValue<string>())
            .Single(r => r.Contains("Customer's problem:", StringComparison.Ordinal));
        Assert.StartsWith("<data>\n", sent, StringComparison.Ordinal);
        Assert.EndsWith("</data>", sent, StringComparison.Ordinal);
        Assert.Contains("Answer accepted: the support team here: set the label size", sent, StringComparison.Ordinal);
        foreach (var secret in new[] { "jane.doe", "Megan", "Bowen", "Alex Wilber" })
        {
            Assert.DoesNotContain(secret, sent, StringComparison.Ordinal);
        }
        Assert.Contains("never instructions", model.Requests[^1].ToJsonString(), StringComparison.Ordinal);

        // Unfit replies and a failing model: the extractive reply, which names nobody and links nothing internal, and the
        // card does not claim the model wrote it.
        foreach (var (why, setup) in new (string, Action)[]
        {
            ("names a colleague", () => reply = "Megan found that the label size must be 4x6."),
            ("links to Teams", () => reply = "Set the label size to 4x6, see https://teams.microsoft.com/l/message/19:abc/1 for details."),
            ("links to an internal host", () => reply = "Set the label size to 4x6 as described on http://wiki.contoso.local/printers/zebra."),
            ("links to a private address", () => reply = "Set the label size to 4x6; the driver is at http://10.20.0.5/drivers."),
            ("invents a link", () => reply = "Set the label size to 4x6, see https://zebra-help.example/fix for details."),
            ("placeholder", () => reply = "Dear [customer], set the label size to 4x6."),
            ("too long", () => reply = string.Concat(Enumerable.Repeat("Set the label size to 4x6. ", 100))),
            ("HTTP 500", () => model.FailWith = 500),
            ("HTTP 429", () => model.FailWith = 429),
        })
        {
            var calls = model.Requests.Count;
            var (q, unfit, shown) = await ResolveAsync($"Zebra prints blank labels ({why})", setup);
            Assert.True(unfit.CustomerReply is null && unfit.CustomerReplyBy is null, $"{why}: {unfit.CustomerReply}");
            var text = CustomerReplyOn(shown);
            Assert.Contains("Thank you for your patience.", text, StringComparison.Ordinal);
            Assert.Contains("set the label size to 4x6 in the printer preferences", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Megan", text, StringComparison.Ordinal);
            Assert.DoesNotContain("teams.microsoft.com", text, StringComparison.Ordinal);
            Assert.True(KnowledgeBaseHost.Has(shown, ByAnswer), why);
            Assert.False(KnowledgeBaseHost.Has(shown, ByModel), why);
            Assert.NotEqual(first.Id, q.Id);
            // One call for the reply and one for the draft: a failing model is not retried in the job (no Retry-After wait).
            Assert.True(model.Requests.Count - calls == 2, $"{why}: {model.Requests.Count - calls} calls");
            model.FailWith = null;
        }

        // The model is back: the next reply is the model's again.
        reply = Good;
        var (_, again, againCard) = await ResolveAsync("Zebra prints blank labels again");
        Assert.Equal(Good, again.CustomerReply);
        Assert.True(KnowledgeBaseHost.Has(againCard, ByModel));

        // A model that does not answer: after ModelCustomerReply.Timeout (on the host's clock) the extractive reply is used.
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        model.Hold = user => user.Contains("Customer's problem:", StringComparison.Ordinal) ? (arrived, release.Task) : null;
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var slow = await host.ResolveAsync(asker, expert, "Zebra prints blank labels (no answer)", "Set the label size to 4x6 in the printer preferences.", "CAS-10421");
        await store.UpdateAsync(slow.Id, r => (r.CardServiceUrl, r.CardConversationId, r.CardActivityId) = (host.Connector.ServiceUrl, KnowledgeBaseHost.Chat(Asker), "card-slow"), default);
        var jobs = host.RunJobsAsync();
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(60));
        host.Clock.Advance(ModelCustomerReply.Timeout + TimeSpan.FromSeconds(1));
        release.SetResult(); // The server may answer now: the client stopped waiting, and the draft's call is next in line.
        await jobs.WaitAsync(TimeSpan.FromSeconds(60));
        var timedOut = (await store.FindAsync(slow.Id, default))!;
        Assert.Null(timedOut.CustomerReply);
        var slowCard = host.Connector.All.Last(r => r.Method == "PUT" && r.RawPath.EndsWith("/activities/card-slow", StringComparison.Ordinal)).Body!;
        Assert.Contains("Set the label size to 4x6 in the printer preferences.", CustomerReplyOn(slowCard), StringComparison.Ordinal);
        Assert.True(KnowledgeBaseHost.Has(slowCard, ByAnswer));
    }

    /// <summary>The customer reply's text on a resolved card (its input's value).</summary>
    private static string CustomerReplyOn(JsonNode? node) => node switch
    {
        JsonObject o when o["id"]?.GetValue<string>() == "customerReply" => o["value"]!.GetValue<string>(),
        JsonObject o => o.Select(p => TryOn(p.Value)).FirstOrDefault(v => v is not null) ?? "",
        JsonArray a => a.Select(TryOn).FirstOrDefault(v => v is not null) ?? "",
        _ => "",
    };

    private static string? TryOn(JsonNode? node) => CustomerReplyOn(node) is { Length: > 0 } text ? text : null;
}
