using System.Text.Json.Nodes;
using ExpertBot.Features.Knowledge.Articles;
using ExpertBot.Storage;
using ExpertBot.Storage.Jobs;
using ExpertBot.Tests.Integrations.Crm;
using ExpertBot.Tests.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ExpertBot.Tests.Knowledge.Articles;

/// <summary>
/// Publishing validated external articles to the CRM's knowledge base through the outbox, against the webhook connector's
/// signature-verifying receiver: once per version, redacted, with the receiver's refusal kept on the article.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class ArticlePublishingTests(PostgresServer server)
{
    private const string Secret = "kb-publishing-test-secret-0123456789";
    private const string Asker = "0c4a1f0e-aaaa-4bbb-8ccc-000000000011";
    private const string Expert = "0c4a1f0e-aaaa-4bbb-8ccc-000000000012";

    [Theory, SqliteData]
    public async Task A_validated_external_article_is_written_once_per_version_and_redacted_an_internal_one_never(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        KnowledgeBaseHost? started = null;
        await using var receiver = new WebhookReceiver(Secret, () => started!.Clock.GetUtcNow());
        await using var host = started = KnowledgeBaseHost.Start(database,
            ("Crm:Provider", "Webhook"), ("Crm:Webhook:Url", $"{receiver.BaseUrl}hooks/expertbot"), ("Crm:Webhook:Secret", Secret),
            ("Knowledge:Articles:PublishToCrm", "true"));

        await host.ResolveAsync(host.Person(Asker, "Alex Wilber"), host.Person(Expert, "Megan Bowen"),
            "Label printer on dock 4 prints blank labels, customer jane.doe@fabrikam.example called from +44 20 7946 0958",
            "Set the label size to 4x6 in the printer preferences.");
        await host.RunJobsAsync();
        var card = Assert.Single(host.Sent("validateArticle"));
        var data = KnowledgeBaseHost.ActionData(card, "validateArticle");
        data["audience"] = "external";
        await host.ClickAsync(Expert, "validateArticle", data);
        await host.RunJobsAsync();

        var drafts = receiver.Processed.Values.Where(p => p["event"]?.GetValue<string>() == "knowledge.draft").ToList();
        var published = Assert.Single(drafts);
        var text = published.ToJsonString();
        Assert.Contains("4x6", text, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe", text, StringComparison.Ordinal);
        Assert.DoesNotContain("7946", text, StringComparison.Ordinal);
        Assert.Equal("external", published["article"]!["audience"]!.GetValue<string>());
        var article = await host.QueryAsync(db => db.Set<Article>().AsNoTracking().SingleAsync(a => a.OwnerId == Expert));
        Assert.Equal(article.Version, article.PublishedVersion);
        Assert.Equal("Webhook", article.PublishedSystem);

        // A crash after the CRM wrote it but before the article recorded it: the job runs again with the same key, and
        // the receiver sees the same delivery (it answers "duplicate"), so nothing is written twice.
        await using (var db = host.Get<ExpertBotDatabase>().CreateContext())
        {
            var row = await db.Set<Article>().SingleAsync(a => a.Id == article.Id);
            row.PublishedVersion = null;
            await db.SaveChangesAsync();
        }
        using (var scope = host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<PublishArticleHandler>().HandleAsync(
                new PublishArticle(article.Id, article.Version), new JobContext(1, PublishArticle.Kind, "rerun", "{}", null, 2), default);
        }
        Assert.Single(receiver.Processed.Values, p => p["event"]?.GetValue<string>() == "knowledge.draft");
        Assert.Equal(article.Version, (await host.QueryAsync(db => db.Set<Article>().AsNoTracking().SingleAsync(a => a.Id == article.Id))).PublishedVersion);

        // A fix is a new version: written again, once.
        var opened = Assert.Single(await host.SayAsync(Asker, $"kb {article.Number}"));
        var fix = KnowledgeBaseHost.ActionData(opened, "fixArticle");
        fix["resolution"] = "Set the label size to 4x6 in the printer preferences, then restart the print spooler.";
        await host.ClickAsync(Asker, "fixArticle", fix);
        await host.RunJobsAsync();
        Assert.Equal(2, receiver.Processed.Values.Count(p => p["event"]?.GetValue<string>() == "knowledge.draft"));

        // An internal article is never published.
        await host.ResolveAsync(host.Person(Asker, "Alex Wilber"), host.Person(Expert, "Megan Bowen"),
            "Conveyor scanner skips every tenth parcel", "Lower the belt speed to 0.8 m/s in the conveyor settings.");
        await host.RunJobsAsync();
        var second = Assert.Single(host.Sent("validateArticle"), c => KnowledgeBaseHost.Has(c, "Conveyor"));
        await host.ClickAsync(Expert, "validateArticle", KnowledgeBaseHost.ActionData(second, "validateArticle"));
        await host.RunJobsAsync();
        Assert.Equal(2, receiver.Processed.Values.Count(p => p["event"]?.GetValue<string>() == "knowledge.draft"));
    }

    /// <summary>
    /// Where the CRM links articles to cases (here Salesforce's CaseArticle, against its local fake): the published article
    /// is linked to the case it was written from, and, when a later question on another case is answered with it, to
    /// that case too, next to the note naming it; once each, whatever runs again.
    /// </summary>
    [Theory, SqliteData]
    public async Task A_published_article_is_linked_to_its_case_and_to_a_later_case_it_answers_once_each(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var salesforce = new SalesforceFake();
        salesforce.Add("Case", new JsonObject { ["Id"] = "5005g00000AAAA1AAA", ["CaseNumber"] = "00001026", ["Subject"] = "Blank labels", ["Status"] = "Working" });
        salesforce.Add("Case", new JsonObject { ["Id"] = "5005g00000AAAA2AAA", ["CaseNumber"] = "00001027", ["Subject"] = "Labels empty", ["Status"] = "New" });
        await using var host = KnowledgeBaseHost.Start(database,
            ("Crm:Provider", "Salesforce"), ("Crm:Salesforce:InstanceUrl", salesforce.BaseUrl.ToString()),
            ("Crm:Salesforce:ClientId", SalesforceFake.ClientId), ("Crm:Salesforce:ClientSecret", SalesforceFake.ClientSecret),
            ("Knowledge:Articles:PublishToCrm", "true"));
        const string Colleague = "0c4a1f0e-aaaa-4bbb-8ccc-000000000013";
        const string Other = "0c4a1f0e-aaaa-4bbb-8ccc-000000000014";

        var first = await host.ResolveAsync(host.Person(Asker, "Alex Wilber"), host.Person(Expert, "Megan Bowen"),
            "Printing labels from the warehouse app shows a blank page on Zebra printers",
            "Set the label size to 4x6 in the printer preferences and print again.", "00001026");
        await host.RunJobsAsync();
        var data = KnowledgeBaseHost.ActionData(Assert.Single(host.Sent("validateArticle")), "validateArticle");
        data["audience"] = "external";
        await host.ClickAsync(Expert, "validateArticle", data);
        await host.RunJobsAsync();

        var article = await host.QueryAsync(db => db.Set<Article>().AsNoTracking().SingleAsync(a => a.SourceQuestionId == first.Id));
        var draft = Assert.Single(salesforce.Records("Knowledge__kav"));
        var knowledgeArticleId = draft["KnowledgeArticleId"]!.GetValue<string>();
        Assert.Equal(knowledgeArticleId, article.PublishedArticleId);
        var link = Assert.Single(salesforce.Records("CaseArticle"));
        Assert.Equal("5005g00000AAAA1AAA", link["CaseId"]!.GetValue<string>());
        Assert.Equal(knowledgeArticleId, link["KnowledgeArticleId"]!.GetValue<string>());

        // A later question on the other case, in other words, answered with the article: that case gets the note and the link.
        var later = await host.ResolveAsync(host.Person(Colleague, "Adele Vance"), host.Person(Other, "Diego Siciliani"),
            "Zebra printer prints blank labels from the warehouse app", "Set the label size to 4x6 and print again.", "00001027");
        await host.RunJobsAsync();
        Assert.Equal(LinkKind.Known, await host.QueryAsync(db => db.Set<ArticleLinkRow>().Where(l => l.QuestionId == later.Id).Select(l => l.Kind).SingleAsync()));
        var links = salesforce.Records("CaseArticle");
        Assert.Equal(2, links.Count);
        Assert.Single(links, l => l["CaseId"]!.GetValue<string>() == "5005g00000AAAA2AAA" && l["KnowledgeArticleId"]!.GetValue<string>() == knowledgeArticleId);
        Assert.Single(salesforce.Records("CaseComment"), c =>
            c["ParentId"]!.GetValue<string>() == "5005g00000AAAA2AAA" && c["CommentBody"]!.GetValue<string>().Contains($"answered with knowledge article {article.Number}", StringComparison.Ordinal));

        // The case-note job again (a retry after a lost acknowledgement): no second link, no second note.
        using (var scope = host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<NoteArticleOnCaseHandler>().HandleAsync(
                new NoteArticleOnCase(article.Id, "00001027", later.Number, Reused: true), new JobContext(1, NoteArticleOnCase.Kind, "rerun", "{}", null, 2), default);
        }
        Assert.Equal(2, salesforce.Records("CaseArticle").Count);
        Assert.Single(salesforce.Records("CaseComment"), c => c["CommentBody"]!.GetValue<string>().Contains($"answered with knowledge article {article.Number}", StringComparison.Ordinal));
    }
}
