using System.Text.Json.Nodes;
using ExpertBot.Features.Knowledge.Articles;
using ExpertBot.Tests.Storage;
using Microsoft.EntityFrameworkCore;

namespace ExpertBot.Tests.Knowledge.Articles;

/// <summary>
/// Generated hostile clicks on every article verb (the hand-over among them) against the real host: forged, missing or
/// moved signatures, ids of another article, data that is not an object or of the wrong JSON kind, absurdly long text,
/// new owners the directory does not know, people outside the verb's rule, another tenant. None gets an error answer,
/// and nothing stored about articles changes (versions, states, owners, text, revisions, contributors, flags, ratings).
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class ArticleHostileInputTests(PostgresServer server)
{
    private const string Alex = "1a000000-0000-4000-8000-000000000000";
    private const string Megan = "1a000000-0000-4000-8000-000000000001";
    private const string Lynne = "1a000000-0000-4000-8000-000000000005";
    private const string Isaiah = "1a000000-0000-4000-8000-000000000003";

    private static readonly string[] Verbs =
    [
        "validateArticle", "discardArticle", "archiveArticle", "fixArticle", "verifyArticle", "flagArticle", "rateArticle", "showArticle",
        "applyArticleUpdate", "discardArticleUpdate", "reassignArticle",
    ];

    [Theory, SqliteData]
    public async Task Hostile_article_clicks_are_refused_and_change_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        // With a licence list, Isaiah is nobody to these articles: outside every rule but "anyone in the tenant".
        await using var host = KnowledgeBaseHost.Start(database, ("Knowledge:Articles:Licensing", "List"), ("Knowledge:Articles:LicensedContributors:0", Lynne));
        await host.ResolveAsync(host.Person(Alex, "Alex Wilber"), host.Person(Megan, "Megan Bowen"),
            "Receipt printer cuts the paper in the middle of the receipt", "Set the cut position to 'after feed' in the printer utility.");
        await host.ResolveAsync(host.Person(Alex, "Alex Wilber"), host.Person(Megan, "Megan Bowen"),
            "Cash drawer does not open after a card payment", "Enable 'open drawer on card tender' in the till settings.");
        await host.RunJobsAsync();
        var cards = host.Sent("validateArticle");
        Assert.Equal(2, cards.Count);
        var (genuine, other) = (cards[0], cards[1]);
        var before = await DigestAsync(host);

        var r = new Random(20261204);
        for (var i = 0; i < 300; i++)
        {
            var verb = Verbs[r.Next(Verbs.Length)];
            var (user, data) = Hostile(r, verb, genuine, other);
            // ClickAsync fails the test on any answer but 200; what it says must be a refusal or a card, never an error.
            var answer = await host.ClickAsync(user, verb, data);
            Assert.True(answer["statusCode"]?.GetValue<int>() is 200 or null, $"#{i} {verb} {data.ToJsonString()}: {answer.ToJsonString()}");
        }
        await host.RunJobsAsync();

        Assert.Equal(before, await DigestAsync(host));
    }

    /// <summary>One hostile click: who sends it and its data. It never carries both a genuine signature and a person the verb admits.</summary>
    private static (string User, JsonObject Data) Hostile(Random r, string verb, JsonNode genuine, JsonNode other)
    {
        var data = KnowledgeBaseHost.ActionData(genuine, verb is "showArticle" or "flagArticle" or "rateArticle" or "verifyArticle" or "archiveArticle" or "fixArticle"
            or "applyArticleUpdate" or "discardArticleUpdate" ? "validateArticle" : verb);
        var otherData = KnowledgeBaseHost.ActionData(other, "validateArticle");
        // The owner or the licensed contributor: with a damaged signature; Isaiah: with a genuine one.
        var user = r.Next(2) == 0 ? Megan : Lynne;
        switch (r.Next(8))
        {
            case 0: // the signature of one article over another article's id
                data["articleId"] = otherData["articleId"]!.DeepClone();
                break;
            case 1: // no signature, or a damaged one
                data["sig"] = r.Next(2) == 0 ? null : "articleId.version." + new string('A', 22);
                break;
            case 2: // absurd ids and versions
                data["articleId"] = new[] { "-1", "0", "99999999999999999999", "1e9", "KB-1001", "" }[r.Next(6)];
                data["version"] = new[] { "0", "-3", "x", "" }[r.Next(4)];
                break;
            case 3: // wrong JSON kinds where text or ids belong
                data["articleId"] = new JsonArray(1, 2);
                data["newOwner"] = new JsonObject { ["$when"] = "${true}" };
                data["stars"] = 7;
                break;
            case 4: // the version moved on (a stale card), with the signature of the real one
                data["version"] = "2";
                break;
            default: // someone outside the rule, with the genuine card and inputs that would otherwise act
                user = Isaiah;
                data["newOwner"] = Isaiah;
                data["title"] = "**bold** <script>alert(1)</script> ${title}";
                data["resolution"] = new string('y', 5_000);
                data["reason"] = "wrong";
                data["stars"] = "5";
                break;
        }
        // Isaiah may flag, rate and open any article ("anyone in the tenant"): for those verbs his data stays damaged.
        if (user == Isaiah && verb is "flagArticle" or "rateArticle" or "showArticle")
        {
            data["sig"] = "articleId.version." + new string('B', 22);
        }
        // Someone the directory does not know, far too long, or an unknown typed address, as the new owner.
        if (verb == "reassignArticle" && user != Isaiah)
        {
            switch (r.Next(3))
            {
                case 0:
                    data["newOwner"] = "0b000000-0000-4000-8000-0000000000ff";
                    break;
                case 1:
                    data["newOwnerName"] = new string('z', 300);
                    break;
                default:
                    data["newOwnerName"] = "nobody@contoso.example";
                    break;
            }
        }
        return (user, data);
    }

    private static Task<string> DigestAsync(KnowledgeBaseHost host) => host.QueryAsync(async db =>
    {
        var articles = await db.Set<Article>().AsNoTracking().OrderBy(a => a.Id)
            .Select(a => a.Id + ":" + a.Version + ":" + a.State + ":" + a.OwnerId + ":" + a.Title + ":" + a.Resolution).ToListAsync();
        return string.Join("\n", articles) + $"\nrevisions {await db.Set<ArticleRevision>().CountAsync()}, contributors {await db.Set<ArticleContributor>().CountAsync()}, "
            + $"flags {await db.Set<ArticleFlag>().CountAsync()}, ratings {await db.Set<ArticleRating>().CountAsync()}, updates {await db.Set<ArticleUpdate>().CountAsync()}";
    });
}
