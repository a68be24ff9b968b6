using System.Net;
using System.Text.Json.Nodes;
using ExpertBot.Features.Ideas;
using ExpertBot.Tests.Storage;

namespace ExpertBot.Tests.Ideas;

/// <summary>
/// Generated hostile clicks on every idea verb against the real host: damaged, oversized and wrongly typed fields, forged
/// or missing signatures, ids that point elsewhere, another tenant, people without the role. None gets a 5xx, and
/// nothing stored about ideas changes (rows, statuses, versions, customers, votes).
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class IdeaHostileInputTests(PostgresServer server)
{
    private const string Agent = "0a000000-0000-4000-8000-0000000000c1";
    private static readonly string[] Verbs = ["submitIdea", "createIdea", "voteForIdea", "setIdeaStatus", "respondToIdea", "mergeIdea"];

    [Theory, SqliteData]
    public async Task Hostile_idea_clicks_get_no_5xx_and_change_nothing(string provider)
    {
        await using var host = await IdeaHost.StartAsync(provider, server);
        await host.ClickAsync(Agent, "createIdea", new JsonObject { ["title"] = "Bulk edit of contacts", ["customer"] = "Fabrikam", ["importance"] = "critical" });
        var genuine = await host.ChannelCardAsync("Bulk edit of contacts");
        await host.ClickAsync(Agent, "createIdea", new JsonObject { ["title"] = "Archive old tickets", ["customer"] = "Contoso" });
        var other = await host.ChannelCardAsync("Archive old tickets");
        var before = await DigestAsync(host, IdeaHost.IdOf(genuine), IdeaHost.IdOf(other));

        var r = new Random(20261204);
        var failures = new List<string>();
        for (var i = 0; i < 400; i++)
        {
            var verb = Verbs[r.Next(Verbs.Length)];
            var (user, data, tenant) = Hostile(r, verb, genuine, other);
            var body = host.Activity(user, "invoke", null, null, new JsonObject
            {
                ["name"] = "adaptiveCard/action",
                ["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data } },
            });
            if (tenant is not null)
            {
                body = body.Replace(IdeaHost.Tenant, tenant, StringComparison.Ordinal);
            }
            var (status, answer) = await host.PostAsync(body);
            if ((int)status >= 500)
            {
                failures.Add($"#{i} {verb} {data?.ToJsonString()}: {(int)status} {answer}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} server errors; first: {string.Join("\n", failures.Take(3))}");
        Assert.Equal(before, await DigestAsync(host, IdeaHost.IdOf(genuine), IdeaHost.IdOf(other)));
    }

    /// <summary>One hostile click: who sends it, its data (possibly not even an object), and another tenant or none.</summary>
    private static (string User, JsonNode? Data, string? Tenant) Hostile(Random r, string verb, JsonObject genuine, JsonObject other)
    {
        var data = (JsonObject)genuine.DeepClone();
        var user = r.Next(3) == 0 ? IdeaHost.Pm : Agent;
        string? tenant = null;
        switch (r.Next(10))
        {
            case 0: // the signature of one idea over another idea's id
                data["ideaId"] = other["ideaId"]!.DeepClone();
                break;
            case 1: // no signature, or a damaged one
                data["sig"] = r.Next(2) == 0 ? null : "ideaId." + new string('A', 22);
                break;
            case 2: // absurd ids and numbers
                data["ideaId"] = new[] { "-1", "0", "99999999999999999999", "1e9", "IDEA-1", "" }[r.Next(6)];
                break;
            case 3: // required text missing, blank or far too long
                data["title"] = new[] { "", "   ", new string('x', 5_000) }[r.Next(3)];
                data["response"] = new string('y', 5_000);
                break;
            case 4: // choices that are not choices
                data["importance"] = "extremely";
                data["status"] = new[] { "Merged", "Done", "7", "planned ", "" }[r.Next(5)];
                break;
            case 5: // wrong JSON types
                data["title"] = new JsonArray(1, 2);
                data["customer"] = new JsonObject { ["$when"] = "${true}" };
                data["mergeInto"] = 12;
                break;
            case 6: // merging into itself, into nothing, into something unreadable
                data["mergeInto"] = new[] { $"IDEA-{genuine["ideaId"]}", "IDEA-999999", "the other one", "IDEA--3" }[r.Next(4)];
                user = IdeaHost.Pm;
                break;
            case 7: // another tenant
                tenant = "t-fabrikam-evil";
                user = IdeaHost.Pm;
                break;
            case 8: // not an object at all
                return (user, new[] { (JsonNode?)null, JsonValue.Create("x"), new JsonArray() }[r.Next(3)], null);
            default: // a non-PM with genuine data for the PM verbs; text full of markup for the others
                user = Agent;
                data["title"] = "**bold** <script>alert(1)</script> ${title}";
                data["status"] = "Shipped";
                data["response"] = "x";
                data["mergeInto"] = $"IDEA-{other["ideaId"]}";
                break;
        }
        // The agent's own verbs with valid data would (rightly) create ideas or votes: keep them damaged.
        if (verb is "submitIdea" or "createIdea" or "voteForIdea" && data["title"] is JsonValue t && t.ToString().Trim().Length is > 0 and <= 300)
        {
            data["importance"] = "extremely";
        }
        return (user, data, tenant);
    }

    private static async Task<string> DigestAsync(IdeaHost host, params long[] ids)
    {
        var parts = new List<string>();
        foreach (var id in ids)
        {
            var idea = (await host.Ideas.FindAsync(id, default))!;
            parts.Add($"{idea.Id}|{idea.Status}|{idea.Version}|{idea.Response}|{idea.OwnerId}|{idea.Supporters.Count}|{idea.Customers.Count}|{idea.Events.Count}|"
                + string.Join(",", idea.Customers.Select(c => $"{c.Key}:{c.Importance}")));
        }
        parts.Add($"agent ideas {(await host.Ideas.ForSupporterAsync(Agent, 100, default)).Count}, pm ideas {(await host.Ideas.ForSupporterAsync(IdeaHost.Pm, 100, default)).Count}");
        return string.Join("\n", parts);
    }
}
