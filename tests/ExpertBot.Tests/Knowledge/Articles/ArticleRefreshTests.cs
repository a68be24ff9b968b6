using ExpertBot.Features.Knowledge;
using ExpertBot.Features.Knowledge.Articles;
using ExpertBot.Tests.Storage;
using Microsoft.EntityFrameworkCore;

namespace ExpertBot.Tests.Knowledge.Articles;

/// <summary>
/// Two instances of the real host on one PostgreSQL database, each with its own search in memory and its own fake clock:
/// an article validated, fixed or archived through one is searchable (with its new text), or no longer searchable, on the
/// other after one tick of the other's refresh timer (Knowledge:Articles:RefreshInterval), and not before it.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class ArticleRefreshTests(PostgresServer server)
{
    private const string Alex = "1a000000-0000-4000-8000-000000000000";
    private const string Megan = "1a000000-0000-4000-8000-000000000001";
    private const string Adele = "1a000000-0000-4000-8000-000000000002";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Theory, PostgresData]
    public async Task A_change_on_one_instance_reaches_the_other_instances_search_within_one_refresh(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var one = KnowledgeBaseHost.Start(database, ("Knowledge:Articles:RefreshInterval", "00:00:05"));
        await using var two = KnowledgeBaseHost.Start(database, ("Knowledge:Articles:RefreshInterval", "00:00:05"));
        var search = two.Get<KnowledgeIndex>();

        await one.ResolveAsync(one.Person(Alex, "Alex Wilber"), one.Person(Megan, "Megan Bowen"),
            "Cold-storage thermometer shows minus 40 after a power cut", "Hold the reset button for ten seconds so the probe recalibrates.");
        await one.RunJobsAsync();
        var validated = await one.ClickAsync(Megan, "validateArticle", KnowledgeBaseHost.ActionData(Assert.Single(one.Sent("validateArticle")), "validateArticle"));
        Assert.True(KnowledgeBaseHost.Has(validated, "Validated by"), validated.ToJsonString());
        var article = await one.QueryAsync(db => db.Set<Article>().AsNoTracking().SingleAsync(a => a.OwnerId == Megan));
        Assert.NotNull(one.Get<KnowledgeIndex>().Find(article.Number));

        // The other instance has not looked yet; after one tick of its timer it finds the article, in other words too.
        Assert.Null(search.Find(article.Number));
        await TickAsync(two);
        Assert.NotNull(search.Find(article.Number));
        Assert.Equal(article.Number, (await search.SearchAsync("freezer temperature sensor reads -40 once the electricity came back", 3))[0].Article.Id);

        // Fixed on the second instance: the first one has the new text after its own tick.
        var card = Assert.Single(await two.SayAsync(Adele, $"kb {article.Number}"));
        var fix = KnowledgeBaseHost.ActionData(card, "fixArticle");
        fix["resolution"] = "Unplug the probe, hold the reset button for ten seconds, plug it back in.";
        Assert.True(KnowledgeBaseHost.Has(await two.ClickAsync(Adele, "fixArticle", fix), "Fixed by"));
        Assert.StartsWith("Hold the reset", one.Get<KnowledgeIndex>().Find(article.Number)!.Resolution, StringComparison.Ordinal);
        await TickAsync(one);
        Assert.StartsWith("Unplug the probe", one.Get<KnowledgeIndex>().Find(article.Number)!.Resolution, StringComparison.Ordinal);

        // Archived on the first instance: the second one stops offering it after its tick.
        // (Megan's chat also gets the owner's notice of Adele's fix when the jobs run: any of the two cards is the current version.)
        var current = (await one.SayAsync(Megan, $"kb {article.Number}")).First(r => KnowledgeBaseHost.Has(r, "archiveArticle"));
        Assert.True(KnowledgeBaseHost.Has(await one.ClickAsync(Megan, "archiveArticle", KnowledgeBaseHost.ActionData(current, "archiveArticle")), "Archived by"));
        Assert.NotNull(search.Find(article.Number));
        await TickAsync(two);
        Assert.Null(search.Find(article.Number));
        Assert.DoesNotContain((await search.SearchAsync("thermometer shows minus 40 after a power cut", 5)), m => m.Article.Id == article.Number);
    }

    /// <summary>Moves the instance's clock one refresh interval on and waits (bounded) for the round its timer then runs.</summary>
    private static async Task TickAsync(KnowledgeBaseHost host)
    {
        var round = host.Get<ArticleRefresh>().NextRoundAsync();
        host.Clock.Advance(Interval);
        await round.WaitAsync(TimeSpan.FromSeconds(60));
    }
}
