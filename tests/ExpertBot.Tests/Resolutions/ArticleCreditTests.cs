using ExpertBot.Features.Knowledge.Articles;
using ExpertBot.Features.Questions;
using ExpertBot.Features.Resolutions;
using ExpertBot.Tests.Knowledge.Articles;
using ExpertBot.Tests.Storage;
using Microsoft.EntityFrameworkCore;

namespace ExpertBot.Tests.Resolutions;

/// <summary>
/// Credit on outcomes for knowledge work, through the real host on SQLite and PostgreSQL: an article counts as written
/// once it reached the knowledge base (a discarded draft does not), a fix counts on someone else's article only (once per
/// article), reuse is every later question answered with the article, and its readers' stars are the author's rating.
/// "my contributions" in chat shows each figure.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class ArticleCreditTests(PostgresServer server)
{
    private const string Asker = "0c4a1f0e-bbbb-4bbb-8ccc-000000000001";
    private const string Expert = "0c4a1f0e-bbbb-4bbb-8ccc-000000000002";
    private const string Colleague = "0c4a1f0e-bbbb-4bbb-8ccc-000000000003";
    private const string Reader = "0c4a1f0e-bbbb-4bbb-8ccc-000000000004";

    [Theory, SqliteData, PostgresData]
    public async Task Articles_written_fixed_reused_and_rated_are_credited_to_the_right_person(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = KnowledgeBaseHost.Start(database);
        var asker = host.Person(Asker, "Alex Wilber");
        var expert = host.Person(Expert, "Megan Bowen");
        var colleague = host.Person(Colleague, "Adele Vance");
        var credits = host.Get<Credits>();

        // Two answers accepted: two drafts owned by the expert. One is validated, the other discarded.
        await host.ResolveAsync(asker, expert, "Printing labels from the warehouse app shows a blank page on Zebra printers",
            "Set the label size to 4x6 in the printer preferences and print again.");
        await host.ResolveAsync(asker, expert, "Customer asks whether we have a dark mode", "Not yet, it is planned for the spring release.");
        await host.RunJobsAsync();
        var drafts = host.Sent("validateArticle");
        Assert.Equal(2, drafts.Count);
        Assert.Equal(ArticleCredit.None, (await credits.ForAsync(Expert, default)).Articles);
        var zebra = Assert.Single(drafts, c => KnowledgeBaseHost.Has(c, "Zebra"));
        var validated = await host.ClickAsync(Expert, "validateArticle", KnowledgeBaseHost.ActionData(zebra, "validateArticle"));
        Assert.True(KnowledgeBaseHost.Has(validated, "Validated by"), validated.ToJsonString());
        await host.ClickAsync(Expert, "discardArticle", KnowledgeBaseHost.ActionData(Assert.Single(drafts, c => KnowledgeBaseHost.Has(c, "dark mode")), "discardArticle"));
        var article = await host.QueryAsync(db => db.Set<Article>().AsNoTracking().SingleAsync(a => a.State == ArticleState.Validated && a.OwnerId == Expert));
        Assert.Equal(new ArticleCredit(1, 0, 0, null, 0), (await credits.ForAsync(Expert, default)).Articles);

        // The colleague fixes it twice (one article fixed), the owner fixes it once (their own: no fix credit).
        var opened = Assert.Single(await host.SayAsync(Colleague, $"kb {article.Number}"));
        var fix = KnowledgeBaseHost.ActionData(opened, "fixArticle");
        fix["resolution"] = "In the new Zebra driver open Label size and choose 4x6.";
        var fixedCard = await host.ClickAsync(Colleague, "fixArticle", fix);
        Assert.True(KnowledgeBaseHost.Has(fixedCard, "Fixed by"), fixedCard.ToJsonString());
        fix = KnowledgeBaseHost.ActionData(fixedCard, "fixArticle");
        fix["resolution"] = "In the new Zebra driver open Label size and choose 4x6; older drivers: printer preferences.";
        Assert.True(KnowledgeBaseHost.Has(await host.ClickAsync(Colleague, "fixArticle", fix), "Fixed by"));
        await host.RunJobsAsync(); // The owner's notices of the colleague's fixes, so that the next reply is the article alone.
        fix = KnowledgeBaseHost.ActionData(Assert.Single(await host.SayAsync(Expert, $"kb {article.Number}")), "fixArticle");
        fix["cause"] = "The driver ignores the PDF page size.";
        Assert.True(KnowledgeBaseHost.Has(await host.ClickAsync(Expert, "fixArticle", fix), "Fixed by"));

        // Two later questions answered with the article (reuse), one with a demo article (not the expert's).
        var questions = host.Get<QuestionService>();
        foreach (var (title, used) in new[] { ("Blank Zebra labels again", article.Number), ("Zebra prints empty labels", article.Number), ("Password reset link expired", "KB-1001") })
        {
            var q = await questions.AskAsync(new NewQuestion(colleague, title, null, null, null, null, null), default);
            Assert.Null((await questions.AnsweredByKnowledgeBaseAsync(q.Id, colleague, used, "as the article says", default)).Refusal);
        }
        await host.RunJobsAsync();

        // Stars from two readers; the expert's own figures do not count stars on the demo article.
        foreach (var (reader, stars) in new[] { (Colleague, "4"), (Reader, "5") })
        {
            var rate = KnowledgeBaseHost.ActionData(Assert.Single(await host.SayAsync(reader, $"kb {article.Number}")), "rateArticle");
            rate["stars"] = stars;
            await host.ClickAsync(reader, "rateArticle", rate);
        }
        var rateDemo = KnowledgeBaseHost.ActionData(Assert.Single(await host.SayAsync(Reader, "kb KB-1001")), "rateArticle");
        rateDemo["stars"] = "1";
        await host.ClickAsync(Reader, "rateArticle", rateDemo);

        Assert.Equal(new ArticleCredit(1, 0, 2, 4.5, 2), (await credits.ForAsync(Expert, default)).Articles);
        Assert.Equal(new ArticleCredit(0, 1, 0, null, 0), (await credits.ForAsync(Colleague, default)).Articles);
        Assert.Equal(ArticleCredit.None, (await credits.ForAsync(Asker, default)).Articles);

        // What each person sees in chat.
        await host.RunJobsAsync();
        var mine = Assert.Single(await host.SayAsync(Expert, "my contributions"));
        foreach (var shown in new[] { "1 article in the knowledge base", "0 articles of others", "answered 2 later questions or cases", "4.5 of 5 from 2 ratings" })
        {
            Assert.True(KnowledgeBaseHost.Has(mine, shown), $"\"{shown}\" is not on: {mine.ToJsonString()}");
        }
        var theirs = Assert.Single(await host.SayAsync(Colleague, "my contributions"));
        Assert.True(KnowledgeBaseHost.Has(theirs, "1 article of others"), theirs.ToJsonString());
        Assert.True(KnowledgeBaseHost.Has(theirs, "0 articles in the knowledge base"), theirs.ToJsonString());
    }
}
