using System.Text.Json.Nodes;
using ExpertBot.Features.Knowledge;
using ExpertBot.Features.Knowledge.Articles;
using ExpertBot.Features.Questions;
using ExpertBot.Tests.Storage;
using Microsoft.EntityFrameworkCore;

namespace ExpertBot.Tests.Knowledge.Articles;

/// <summary>
/// The knowledge base's lifecycle through the real host, on SQLite and PostgreSQL: resolving a question drafts an article
/// whose owner gets a card; validating it (with edits) makes it what the search offers for a differently worded question;
/// flags reach the owner; fixes make versions; stale cards are refused; discarding and archiving take articles out of the
/// search; every resolved question counts in the link rate and reuse.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class KnowledgeBaseLifecycleTests(PostgresServer server)
{
    private const string Asker = "0c4a1f0e-aaaa-4bbb-8ccc-000000000001";
    private const string Expert = "0c4a1f0e-aaaa-4bbb-8ccc-000000000002";
    private const string Colleague = "0c4a1f0e-aaaa-4bbb-8ccc-000000000003";
    private const string Other = "0c4a1f0e-aaaa-4bbb-8ccc-000000000004";

    [Theory, SqliteData, PostgresData]
    public async Task A_resolved_question_becomes_a_validated_article_that_a_differently_worded_question_finds(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = KnowledgeBaseHost.Start(database);
        var asker = host.Person(Asker, "Alex Wilber");
        var expert = host.Person(Expert, "Megan Bowen");

        var q = await host.ResolveAsync(asker, expert, "Printing labels from the warehouse app shows a blank page on Zebra printers",
            "Hi Alex! The Zebra driver ignores the PDF page size. Because of that the label is rendered off the page. Set the label size to 4x6 in the printer preferences and print again. Thanks!");
        await host.RunJobsAsync();

        // Drafted from the question, owned by the expert whose answer was accepted, numbered after the demo articles.
        var article = await host.QueryAsync(db => db.Set<Article>().AsNoTracking().SingleAsync(a => a.SourceQuestionId == q.Id));
        Assert.Equal(ArticleState.WorkInProgress, article.State);
        Assert.Equal(Expert, article.OwnerId);
        Assert.True(article.Id > 6002, $"New articles are numbered after the demo ones: {article.Number}");
        Assert.Contains("Zebra", article.Issue, StringComparison.Ordinal);
        Assert.Contains("4x6", article.Resolution, StringComparison.Ordinal);
        Assert.Contains("Because", article.Cause, StringComparison.Ordinal);
        Assert.DoesNotContain("Thanks", article.Resolution, StringComparison.Ordinal);
        // Not searchable while a draft.
        var index = host.Get<KnowledgeIndex>();
        Assert.Null(index.Find(article.Number));

        // The owner's card, in a 1:1 chat opened by their id.
        var draftCard = Assert.Single(host.Sent("validateArticle"));
        Assert.True(KnowledgeBaseHost.Has(draftCard, article.Number));
        Assert.Contains(host.Connector.All, r => r.RawPath.EndsWith("/v3/conversations", StringComparison.Ordinal) && KnowledgeBaseHost.Has(r.Body, Expert));

        // The owner validates, with an edit made on the card.
        var data = KnowledgeBaseHost.ActionData(draftCard, "validateArticle");
        data["title"] = "Zebra label printers print a blank page from the warehouse app";
        data["resolution"] = article.Resolution;
        data["audience"] = "internal";
        var validated = await host.ClickAsync(Expert, "validateArticle", data);
        Assert.True(KnowledgeBaseHost.Has(validated, "Validated by"), validated.ToJsonString());

        article = await host.QueryAsync(db => db.Set<Article>().AsNoTracking().SingleAsync(a => a.Id == article.Id));
        Assert.Equal(ArticleState.Validated, article.State);
        Assert.Equal("Zebra label printers print a blank page from the warehouse app", article.Title);
        Assert.Equal(host.Clock.GetUtcNow().AddDays(180), article.VerifyDueAt);
        Assert.Equal(2, await host.QueryAsync(db => db.Set<ArticleRevision>().CountAsync(r => r.ArticleId == article.Id)));

        // The same card again (stale: the article moved on) changes nothing.
        var stale = await host.ClickAsync(Expert, "discardArticle", KnowledgeBaseHost.ActionData(draftCard, "discardArticle"));
        Assert.True(KnowledgeBaseHost.Has(stale, "out of date"), stale.ToJsonString());
        Assert.Equal(ArticleState.Validated, (await host.QueryAsync(db => db.Set<Article>().AsNoTracking().SingleAsync(a => a.Id == article.Id))).State);

        // The next agent's question, in other words, is offered the article (and no longer the question it came from).
        var hits = await index.SearchAsync("Zebra printer gives an empty sheet when I print a shipping label", 3);
        Assert.Equal(article.Number, hits[0].Article.Id);
        Assert.Null(index.Find(q.Number));

        // "search" in chat finds it too, with a button to open it.
        var replies = await host.SayAsync(Colleague, "search zebra blank label");
        var results = Assert.Single(replies, r => KnowledgeBaseHost.Has(r, "showArticle"));
        Assert.True(KnowledgeBaseHost.Has(results, article.Number));
        var opened = await host.ClickAsync(Colleague, "showArticle", KnowledgeBaseHost.ActionData(results, "showArticle"));
        Assert.True(KnowledgeBaseHost.Has(opened, "4x6"), opened.ToJsonString());

        // Flag it: a colleague who used it says it is outdated; the owner gets the flag on a card.
        var flagData = KnowledgeBaseHost.ActionData(opened, "flagArticle");
        flagData["reason"] = "outdated";
        flagData["comment"] = "The new driver has a Label size setting instead";
        var flagged = await host.ClickAsync(Colleague, "flagArticle", flagData);
        Assert.True(KnowledgeBaseHost.Has(flagged, "has your flag"), flagged.ToJsonString());
        await host.RunJobsAsync();
        Assert.Single(host.Sent("The new driver has a Label size setting instead"));
        Assert.Equal(1, await host.QueryAsync(db => db.Set<ArticleFlag>().CountAsync(f => f.ArticleId == article.Id && f.ResolvedAt == null)));

        // Rate it.
        var rateData = KnowledgeBaseHost.ActionData(opened, "rateArticle");
        rateData["stars"] = "4";
        await host.ClickAsync(Colleague, "rateArticle", rateData);
        Assert.Equal(4, await host.QueryAsync(db => db.Set<ArticleRating>().Where(r => r.ArticleId == article.Id).Select(r => r.Stars).SingleAsync()));

        // Fix it: a licensed contributor (everyone, by default) fixes it directly: a new version, the flag dealt with, the owner told.
        var fixData = KnowledgeBaseHost.ActionData(opened, "fixArticle");
        fixData["resolution"] = "In the new Zebra driver open Label size and choose 4x6; older drivers: printer preferences > 4x6.";
        var fixedCard = await host.ClickAsync(Colleague, "fixArticle", fixData);
        Assert.True(KnowledgeBaseHost.Has(fixedCard, "Fixed by"), fixedCard.ToJsonString());
        await host.RunJobsAsync();
        article = await host.QueryAsync(db => db.Set<Article>().AsNoTracking().SingleAsync(a => a.Id == article.Id));
        Assert.StartsWith("In the new Zebra driver", article.Resolution, StringComparison.Ordinal);
        Assert.Equal(0, await host.QueryAsync(db => db.Set<ArticleFlag>().CountAsync(f => f.ArticleId == article.Id && f.ResolvedAt == null)));
        Assert.True(await host.QueryAsync(db => db.Set<ArticleContributor>().AnyAsync(c => c.ArticleId == article.Id && c.PersonId == Colleague)));
        Assert.Single(host.Sent("fixed " + article.Number));
        Assert.Contains("Label size", (await index.SearchAsync("Zebra label size setting", 1))[0].Article.Resolution, StringComparison.Ordinal);

        // A second answer to the same problem, via the article: reuse is a known link, not a new draft.
        var again = await host.Get<QuestionService>().AskAsync(new NewQuestion(host.Person(Colleague, "Adele Vance"), "Blank Zebra labels again", null, null, null, null, null), default);
        Assert.Null((await host.Get<QuestionService>().AnsweredByKnowledgeBaseAsync(again.Id, host.Person(Colleague, "Adele Vance"), article.Number, article.Resolution, default)).Refusal);
        await host.RunJobsAsync();
        Assert.Equal(1, await host.QueryAsync(db => db.Set<Article>().CountAsync(a => a.SourceQuestionId != null)));

        // A draft nobody wants is discarded: archived, never searchable.
        var other = await host.ResolveAsync(asker, expert, "Customer asks whether we have a dark mode", "Not yet, it is planned for the spring release.");
        await host.RunJobsAsync();
        var otherDraft = Assert.Single(host.Sent("validateArticle"), c => KnowledgeBaseHost.Has(c, "dark mode"));
        var discarded = await host.ClickAsync(Expert, "discardArticle", KnowledgeBaseHost.ActionData(otherDraft, "discardArticle"));
        Assert.True(KnowledgeBaseHost.Has(discarded, "Discarded by"), discarded.ToJsonString());
        Assert.Equal(ArticleState.Archived, await host.QueryAsync(db => db.Set<Article>().Where(a => a.SourceQuestionId == other.Id).Select(a => a.State).SingleAsync()));

        // The figures: three closed questions, all linked (two new, one known): link rate 1, reuse 1/3.
        var report = await host.Get<KnowledgeFigures>().ReportAsync(null, default);
        Assert.Equal(3, report.ClosedQuestions);
        Assert.Equal(3, report.LinkedQuestions);
        Assert.Equal(1.0, report.LinkRate);
        Assert.Equal(1.0 / 3, report.Reuse!.Value, 3);

        // Archive: the search stops offering it.
        var current = await host.SayAsync(Colleague, $"kb {article.Number}");
        var archived = await host.ClickAsync(Expert, "archiveArticle", KnowledgeBaseHost.ActionData(Assert.Single(current), "archiveArticle"));
        Assert.True(KnowledgeBaseHost.Has(archived, "Archived by"), archived.ToJsonString());
        Assert.Null(index.Find(article.Number));
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_owner_is_reminded_to_verify_when_due_three_times_a_week_apart_and_not_after_verifying(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = KnowledgeBaseHost.Start(database, ("Knowledge:Articles:VerifyIntervalDays", "30"));
        await host.ResolveAsync(host.Person(Asker, "Alex Wilber"), host.Person(Expert, "Megan Bowen"),
            "VPN client drops every ten minutes on hotel wifi", "Switch the VPN protocol to TCP 443 in the client settings.");
        await host.RunJobsAsync();
        var validated = await host.ClickAsync(Expert, "validateArticle", KnowledgeBaseHost.ActionData(Assert.Single(host.Sent("validateArticle")), "validateArticle"));
        Assert.True(KnowledgeBaseHost.Has(validated, "Validated by"), validated.ToJsonString());

        await host.PassAsync(TimeSpan.FromDays(29), TimeSpan.FromDays(1));
        Assert.Empty(host.Sent("is due for its check"));
        await host.PassAsync(TimeSpan.FromDays(1), TimeSpan.FromHours(6));
        Assert.Single(host.Sent("is due for its check"));
        await host.PassAsync(TimeSpan.FromDays(30), TimeSpan.FromDays(1));
        var reminders = host.Sent("is due for its check");
        Assert.Equal(3, reminders.Count);

        // "Still correct" on the last reminder: the next check is a full interval away, and the count starts again.
        var verified = await host.ClickAsync(Expert, "verifyArticle", KnowledgeBaseHost.ActionData(reminders[^1], "verifyArticle"));
        Assert.True(KnowledgeBaseHost.Has(verified, "Verified by"), verified.ToJsonString());
        await host.PassAsync(TimeSpan.FromDays(29), TimeSpan.FromDays(1));
        Assert.Equal(3, host.Sent("is due for its check").Count);
        await host.PassAsync(TimeSpan.FromDays(2), TimeSpan.FromDays(1));
        Assert.Equal(4, host.Sent("is due for its check").Count);
    }

    [Theory, SqliteData]
    public async Task With_a_licence_list_an_unlicensed_owner_confirms_and_a_licensed_contributor_validates(string provider)
    {
        const string Licensed = "0c4a1f0e-aaaa-4bbb-8ccc-000000000009";
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = KnowledgeBaseHost.Start(database, ("Knowledge:Articles:Licensing", "List"), ("Knowledge:Articles:LicensedContributors:0", Licensed));
        await host.ResolveAsync(host.Person(Asker, "Alex Wilber"), host.Person(Expert, "Megan Bowen"),
            "Warehouse scanner rejects barcodes that start with a zero", "Turn off 'strip leading zeros' in the scanner profile and scan again.");
        await host.RunJobsAsync();
        var card = Assert.Single(host.Sent("validateArticle"));

        // A stranger (neither owner nor licensed) is refused and nothing changes.
        var refused = await host.ClickAsync(Colleague, "validateArticle", KnowledgeBaseHost.ActionData(card, "validateArticle"));
        Assert.True(KnowledgeBaseHost.Has(refused, "the article's owner or a licensed contributor"), refused.ToJsonString());

        var confirmed = await host.ClickAsync(Expert, "validateArticle", KnowledgeBaseHost.ActionData(card, "validateArticle"));
        Assert.True(KnowledgeBaseHost.Has(confirmed, "Confirmed by"), confirmed.ToJsonString());
        var article = await host.QueryAsync(db => db.Set<Article>().AsNoTracking().SingleAsync(a => a.OwnerId == Expert));
        Assert.Equal(ArticleState.NotValidated, article.State);
        Assert.Null(host.Get<KnowledgeIndex>().Find(article.Number));

        var validated = await host.ClickAsync(Licensed, "validateArticle", KnowledgeBaseHost.ActionData(confirmed, "validateArticle"));
        Assert.True(KnowledgeBaseHost.Has(validated, "Validated by"), validated.ToJsonString());
        Assert.NotNull(host.Get<KnowledgeIndex>().Find(article.Number));
        await host.RunJobsAsync();
        Assert.Single(host.Sent($"validated {article.Number}"));
    }

    [Theory, SqliteData]
    public async Task A_later_answer_to_the_same_problem_links_the_article_and_proposes_what_it_adds_to_its_owner(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = KnowledgeBaseHost.Start(database);
        var asker = host.Person(Asker, "Alex Wilber");
        var expert = host.Person(Expert, "Megan Bowen");
        await host.ResolveAsync(asker, expert, "Printing labels from the warehouse app shows a blank page on Zebra printers",
            "Set the label size to 4x6 in the printer preferences and print again.");
        await host.RunJobsAsync();
        await host.ClickAsync(Expert, "validateArticle", KnowledgeBaseHost.ActionData(Assert.Single(host.Sent("validateArticle")), "validateArticle"));
        var article = await host.QueryAsync(db => db.Set<Article>().AsNoTracking().SingleAsync(a => a.OwnerId == Expert));

        var later = await host.ResolveAsync(host.Person(Colleague, "Adele Vance"), host.Person(Other, "Diego Siciliani"),
            "Zebra printer prints blank labels from the warehouse app",
            "Set the label size to 4x6. On firmware older than V84 also upgrade the printer firmware, because older firmware ignores the driver's page size.");
        await host.RunJobsAsync();

        // No duplicate: one article, a known link, and the new part proposed to the owner on a card.
        Assert.Equal(1, await host.QueryAsync(db => db.Set<Article>().CountAsync(a => a.SourceQuestionId != null)));
        Assert.Equal(LinkKind.Known, await host.QueryAsync(db => db.Set<ArticleLinkRow>().Where(l => l.QuestionId == later.Id).Select(l => l.Kind).SingleAsync()));
        var proposal = Assert.Single(host.Sent("applyArticleUpdate"));
        Assert.True(KnowledgeBaseHost.Has(proposal, "V84"), proposal.ToJsonString());

        var applied = await host.ClickAsync(Expert, "applyArticleUpdate", KnowledgeBaseHost.ActionData(proposal, "applyArticleUpdate"));
        Assert.True(KnowledgeBaseHost.Has(applied, "Added to"), applied.ToJsonString());
        var updated = await host.QueryAsync(db => db.Set<Article>().AsNoTracking().SingleAsync(a => a.Id == article.Id));
        Assert.Contains("V84", updated.Resolution, StringComparison.Ordinal);
        Assert.True(await host.QueryAsync(db => db.Set<ArticleContributor>().AnyAsync(c => c.ArticleId == article.Id && c.PersonId == Other)),
            "The expert whose answer added the part is credited on the article.");
        // Deciding twice is refused (the card is stale now).
        var again = await host.ClickAsync(Expert, "discardArticleUpdate", KnowledgeBaseHost.ActionData(proposal, "discardArticleUpdate"));
        Assert.True(KnowledgeBaseHost.Has(again, "out of date"), again.ToJsonString());
    }
}
