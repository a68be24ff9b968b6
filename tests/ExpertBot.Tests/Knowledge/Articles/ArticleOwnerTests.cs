using System.Text.Json.Nodes;
using ExpertBot.Features.Experts;
using ExpertBot.Features.Knowledge.Articles;
using ExpertBot.Tests.Storage;
using Microsoft.EntityFrameworkCore;

namespace ExpertBot.Tests.Knowledge.Articles;

/// <summary>
/// Article owners through the real host on SQLite and PostgreSQL, with the demo directory: "Hand over" gives an article to
/// someone the directory knows (the new owner and the former one get cards, a revision records it, stale cards, outsiders
/// and people the directory does not know are refused and change nothing), and when an owner leaves the directory their
/// verification reminders go to a licensed contributor of the article, then to an admin.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class ArticleOwnerTests(PostgresServer server)
{
    // People of the demo directory (src/ExpertBot/Features/Experts/demo-directory.json).
    private const string Alex = "1a000000-0000-4000-8000-000000000000";
    private const string Megan = "1a000000-0000-4000-8000-000000000001";
    private const string Adele = "1a000000-0000-4000-8000-000000000002";
    private const string Isaiah = "1a000000-0000-4000-8000-000000000003";
    private const string Lynne = "1a000000-0000-4000-8000-000000000005";
    private const string Nestor = "901f2b3a-a9f0-59bc-b70d-466bdd5e039e"; // the demo's admin (Roles:Admins)

    [Theory, SqliteData, PostgresData]
    public async Task The_owner_hands_an_article_over_and_outsiders_strangers_and_stale_cards_change_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        // Lynne is the one licensed contributor: Isaiah is then nobody to the article.
        await using var host = KnowledgeBaseHost.Start(database, ("Knowledge:Articles:Licensing", "List"), ("Knowledge:Articles:LicensedContributors:0", Lynne));
        await host.ResolveAsync(host.Person(Alex, "Alex Wilber"), host.Person(Megan, "Megan Bowen"),
            "Handheld scanner beeps twice and drops the last digit of the barcode", "Update the scanner firmware to 4.2 and rescan the barcode.");
        await host.RunJobsAsync();
        var article = await host.QueryAsync(db => db.Set<Article>().AsNoTracking().SingleAsync(a => a.OwnerId == Megan));
        var draft = Assert.Single(host.Sent("validateArticle"));

        // The card offers directory people, its contributors first, never the owner.
        var choices = Choices(draft);
        Assert.Equal("Alex Wilber", choices[0]);
        Assert.DoesNotContain("Megan Bowen", choices);
        Assert.Contains("Adele Vance", choices);

        var before = await DigestAsync(host, article.Id);
        // An outsider (neither owner nor licensed) is refused before anything is read or changed.
        var outsider = await host.ClickAsync(Isaiah, "reassignArticle", With(draft, ("newOwner", Isaiah)));
        Assert.True(KnowledgeBaseHost.Has(outsider, "the article's owner or a licensed contributor"), outsider.ToJsonString());
        // Someone the directory does not know (a chosen id, a typed name) can't own it.
        var unknown = await host.ClickAsync(Megan, "reassignArticle", With(draft, ("newOwner", "0b000000-0000-4000-8000-0000000000ff")));
        Assert.True(KnowledgeBaseHost.Has(unknown, "not in the directory"), unknown.ToJsonString());
        var typo = await host.ClickAsync(Megan, "reassignArticle", With(draft, ("newOwnerName", "nobody@contoso.example")));
        Assert.True(KnowledgeBaseHost.Has(typo, "Nobody in the directory"), typo.ToJsonString());
        var nobody = await host.ClickAsync(Megan, "reassignArticle", KnowledgeBaseHost.ActionData(draft, "reassignArticle"));
        Assert.True(KnowledgeBaseHost.Has(nobody, "Who should own it?"), nobody.ToJsonString());
        var self = await host.ClickAsync(Megan, "reassignArticle", With(draft, ("newOwnerName", "Megan Bowen")));
        Assert.True(KnowledgeBaseHost.Has(self, "owns " + article.Number + " already"), self.ToJsonString());
        await host.RunJobsAsync();
        Assert.Equal(before, await DigestAsync(host, article.Id));

        // The owner hands the draft to Adele, picked from the list.
        var handed = await host.ClickAsync(Megan, "reassignArticle", With(draft, ("newOwner", Adele)));
        Assert.True(KnowledgeBaseHost.Has(handed, "Adele Vance owns " + article.Number + " now"), handed.ToJsonString());
        await host.RunJobsAsync();
        var now = await host.QueryAsync(db => db.Set<Article>().AsNoTracking().SingleAsync(a => a.Id == article.Id));
        Assert.Equal((Adele, "Adele Vance", article.Version + 1, ArticleState.WorkInProgress), (now.OwnerId, now.OwnerName, now.Version, now.State));
        Assert.Equal("owner Megan Bowen -> Adele Vance", await host.QueryAsync(db =>
            db.Set<ArticleRevision>().Where(r => r.ArticleId == article.Id).OrderByDescending(r => r.Version).Select(r => r.Change).FirstAsync()));
        Assert.True(await host.QueryAsync(db => db.Set<ArticleContributor>().AnyAsync(c => c.ArticleId == article.Id && c.PersonId == Megan)),
            "The former owner stays credited (and may still fix it).");
        // The new owner has the draft, to validate, in their own chat; the former owner saw the change on the card they clicked.
        var adeles = Assert.Single(host.SentTo(Adele, "handed " + article.Number + " to you"));
        Assert.True(KnowledgeBaseHost.Has(adeles, "validateArticle"), adeles.ToJsonString());
        Assert.Empty(host.SentTo(Megan, "which you owned"));

        // Megan's card is stale now: even a licensed contributor acting on it changes nothing.
        var stale = await host.ClickAsync(Lynne, "reassignArticle", With(draft, ("newOwner", Alex)));
        Assert.True(KnowledgeBaseHost.Has(stale, "out of date"), stale.ToJsonString());
        // And she is no longer the owner: Adele's card in her hands is refused before anything happens.
        var notHers = await host.ClickAsync(Megan, "reassignArticle", With(adeles, ("newOwner", Alex)));
        Assert.True(KnowledgeBaseHost.Has(notHers, "the article's owner or a licensed contributor"), notHers.ToJsonString());
        Assert.Equal(Adele, (await host.QueryAsync(db => db.Set<Article>().AsNoTracking().SingleAsync(a => a.Id == article.Id))).OwnerId);

        // A licensed contributor hands it on by typing an email: the former owner (Adele) is told, the new one gets it.
        var typed = await host.ClickAsync(Lynne, "reassignArticle", With(adeles, ("newOwnerName", "alexw@contoso.example")));
        Assert.True(KnowledgeBaseHost.Has(typed, "Alex Wilber owns"), typed.ToJsonString());
        await host.RunJobsAsync();
        var told = Assert.Single(host.SentTo(Adele, "which you owned"));
        Assert.True(KnowledgeBaseHost.Has(told, "to Alex Wilber"), told.ToJsonString());
        Assert.Single(host.SentTo(Alex, "handed " + article.Number + " to you"));
        Assert.Equal(2, await host.QueryAsync(db => db.Set<ArticleRevision>().CountAsync(r => r.ArticleId == article.Id && r.Change.StartsWith("owner "))));
    }

    [Theory, SqliteData, PostgresData]
    public async Task When_the_owner_leaves_the_directory_reminders_go_to_a_licensed_contributor_then_to_an_admin(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = KnowledgeBaseHost.Start(database, ("Knowledge:Articles:VerifyIntervalDays", "30"));
        await host.ResolveAsync(host.Person(Alex, "Alex Wilber"), host.Person(Megan, "Megan Bowen"),
            "Label printer in bay 4 prints every label twice", "Turn off 'duplicate print' in the printer's web page and restart it.");
        await host.RunJobsAsync();
        var validated = await host.ClickAsync(Megan, "validateArticle", KnowledgeBaseHost.ActionData(Assert.Single(host.Sent("validateArticle")), "validateArticle"));
        Assert.True(KnowledgeBaseHost.Has(validated, "Validated by"), validated.ToJsonString());

        // The directory sync removes Megan (as Graph's delta reports a deleted user).
        await RemoveFromDirectoryAsync(host, Megan);

        await host.PassAsync(TimeSpan.FromDays(30), TimeSpan.FromDays(1));
        Assert.Empty(host.SentTo(Megan, "is due for its check"));
        // Alex asked the question: a contributor, licensed (everyone is, by default), still in the directory.
        var reminder = Assert.Single(host.SentTo(Alex, "is due for its check"));
        Assert.True(KnowledgeBaseHost.Has(reminder, "Megan Bowen, its owner, has left"), reminder.ToJsonString());
        Assert.True(KnowledgeBaseHost.Has(reminder, "reassignArticle"), "The stand-in can hand it to a new owner from the reminder.");

        // Alex leaves too: the next reminder goes to the admin.
        await RemoveFromDirectoryAsync(host, Alex);
        await host.PassAsync(TimeSpan.FromDays(7), TimeSpan.FromDays(1));
        Assert.Single(host.SentTo(Alex, "is due for its check"));
        var admin = Assert.Single(host.SentTo(Nestor, "is due for its check"));
        Assert.True(KnowledgeBaseHost.Has(admin, "as an admin"), admin.ToJsonString());

        // The admin takes it over: the reminders are theirs from now on (and "Still correct" is theirs to give).
        var taken = await host.ClickAsync(Nestor, "reassignArticle", With(admin, ("newOwner", Nestor)));
        Assert.True(KnowledgeBaseHost.Has(taken, "Nestor Wilke owns"), taken.ToJsonString());
        await host.PassAsync(TimeSpan.FromDays(7), TimeSpan.FromDays(1));
        Assert.Equal(2, host.SentTo(Nestor, "is due for its check").Count);
        Assert.True(KnowledgeBaseHost.Has(host.SentTo(Nestor, "is due for its check")[^1], "Is it still correct?"), "The owner's own reminder, not a stand-in's.");
    }

    private static JsonObject With(JsonNode card, params (string Key, string Value)[] inputs)
    {
        var data = KnowledgeBaseHost.ActionData(card, "reassignArticle");
        foreach (var (key, value) in inputs)
        {
            data[key] = value;
        }
        return data;
    }

    /// <summary>The names the card's hand-over list offers, in order.</summary>
    private static List<string> Choices(JsonNode card)
    {
        var names = new List<string>();
        Walk(card);
        return names;

        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o when o["id"]?.GetValue<string>() == "newOwner" && o["choices"] is JsonArray choices:
                    names.AddRange(choices.Select(c => c!["title"]!.GetValue<string>()));
                    break;
                case JsonObject o:
                    foreach (var p in o)
                    {
                        Walk(p.Value);
                    }
                    break;
                case JsonArray a:
                    foreach (var n in a)
                    {
                        Walk(n);
                    }
                    break;
            }
        }
    }

    private static async Task RemoveFromDirectoryAsync(KnowledgeBaseHost host, string id)
    {
        var store = host.Get<IDirectoryStore>();
        var entry = (await store.FindAsync(id, default))!;
        await store.ApplyAsync([entry with { Person = entry.Person with { Removed = true } }], await store.GetSyncStateAsync(default), default);
    }

    /// <summary>What a refused hand-over must leave alone: owner, version, revisions, contributors and queued cards.</summary>
    private static Task<string> DigestAsync(KnowledgeBaseHost host, long id) => host.QueryAsync(async db =>
    {
        var a = await db.Set<Article>().AsNoTracking().SingleAsync(x => x.Id == id);
        var revisions = await db.Set<ArticleRevision>().CountAsync(r => r.ArticleId == id);
        var contributors = string.Join(",", await db.Set<ArticleContributor>().Where(c => c.ArticleId == id).OrderBy(c => c.PersonId).Select(c => c.PersonId).ToListAsync());
        return $"{a.OwnerId}|{a.OwnerName}|{a.Version}|{a.State}|{revisions}|{contributors}|{host.Connector.All.Count}";
    });
}
