using ExpertBot.Features.Cases;
using ExpertBot.Features.Knowledge.Articles;
using ExpertBot.Tests.Integrations.Crm;
using ExpertBot.Tests.Storage;
using Microsoft.EntityFrameworkCore;

namespace ExpertBot.Tests.Knowledge.Articles;

/// <summary>
/// The case gets the article: a draft written from a resolution is named on its case only once it is validated (a
/// discarded draft never), an existing article the search found for a later question is named on that question's case,
/// each once whatever the retries; on the built-in case log (SQLite and PostgreSQL) and through the webhook connector.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class ArticleCaseNoteTests(PostgresServer server)
{
    private const string Asker = "0c4a1f0e-cccc-4bbb-8ccc-000000000001";
    private const string Expert = "0c4a1f0e-cccc-4bbb-8ccc-000000000002";
    private const string Colleague = "0c4a1f0e-cccc-4bbb-8ccc-000000000003";
    private const string Other = "0c4a1f0e-cccc-4bbb-8ccc-000000000004";
    private const string Secret = "kb-case-note-test-secret-0123456789";

    [Theory, SqliteData, PostgresData]
    public async Task The_case_log_names_an_article_when_it_is_validated_or_reused_and_never_a_discarded_draft(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var host = KnowledgeBaseHost.Start(database);
        var asker = host.Person(Asker, "Alex Wilber");
        var expert = host.Person(Expert, "Megan Bowen");

        var q = await host.ResolveAsync(asker, expert, "Printing labels from the warehouse app shows a blank page on Zebra printers",
            "Set the label size to 4x6 in the printer preferences and print again.", "CAS-10421");
        var discarded = await host.ResolveAsync(asker, expert, "Customer asks whether we have a dark mode", "Not yet, it is planned for the spring release.", "CAS-10423");
        await host.RunJobsAsync();

        // The resolutions' notes are written at once; no article is named while it is only a draft.
        Assert.Equal(1, await NotesAsync(host, "CAS-10421"));
        Assert.Equal(0, await NotesAsync(host, "CAS-10421", "KB-"));
        var drafts = host.Sent("validateArticle");
        await host.ClickAsync(Expert, "discardArticle", KnowledgeBaseHost.ActionData(Assert.Single(drafts, c => KnowledgeBaseHost.Has(c, "dark mode")), "discardArticle"));
        await host.ClickAsync(Expert, "validateArticle", KnowledgeBaseHost.ActionData(Assert.Single(drafts, c => KnowledgeBaseHost.Has(c, "Zebra")), "validateArticle"));
        await host.RunJobsAsync();
        await host.RunJobsAsync();

        var article = await host.QueryAsync(db => db.Set<Article>().AsNoTracking().SingleAsync(a => a.SourceQuestionId == q.Id));
        var named = await host.QueryAsync(db => db.Set<CaseNote>().AsNoTracking().Where(n => n.CaseNumber == "CAS-10421" && n.Text.Contains(article.Number)).ToListAsync());
        var note = Assert.Single(named);
        Assert.Contains($"Knowledge article {article.Number} was written from the resolution of {q.Number} and validated", note.Text, StringComparison.Ordinal);
        Assert.Equal(2, await NotesAsync(host, "CAS-10421"));
        Assert.Equal(1, await NotesAsync(host, "CAS-10423"));
        Assert.Equal(0, await NotesAsync(host, "CAS-10423", "KB-"));
        Assert.Equal(ArticleState.Archived, await host.QueryAsync(db => db.Set<Article>().Where(a => a.SourceQuestionId == discarded.Id).Select(a => a.State).SingleAsync()));

        // A later question on another case, answered in other words; the search finds the article: that case is told too.
        var later = await host.ResolveAsync(host.Person(Colleague, "Adele Vance"), host.Person(Other, "Diego Siciliani"),
            "Zebra printer prints blank labels from the warehouse app", "Set the label size to 4x6 and print again.", "CAS-10422");
        await host.RunJobsAsync();
        Assert.Equal(LinkKind.Known, await host.QueryAsync(db => db.Set<ArticleLinkRow>().Where(l => l.QuestionId == later.Id).Select(l => l.Kind).SingleAsync()));
        var reused = await host.QueryAsync(db => db.Set<CaseNote>().AsNoTracking().Where(n => n.CaseNumber == "CAS-10422" && n.Text.Contains(article.Number)).ToListAsync());
        Assert.Contains($"{later.Number} on this case was answered with knowledge article {article.Number}", Assert.Single(reused).Text, StringComparison.Ordinal);

        // Validating again after a fix is no new note (one per article and case).
        var opened = Assert.Single(await host.SayAsync(Colleague, $"kb {article.Number}"));
        var fix = KnowledgeBaseHost.ActionData(opened, "fixArticle");
        fix["resolution"] = "Set the label size to 4x6 in the printer preferences, then restart the print spooler.";
        await host.ClickAsync(Colleague, "fixArticle", fix);
        await host.RunJobsAsync();
        Assert.Equal(1, await NotesAsync(host, "CAS-10421", article.Number));
    }

    [Theory, SqliteData]
    public async Task A_crm_gets_the_validated_article_named_on_the_case_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        KnowledgeBaseHost? started = null;
        await using var receiver = new WebhookReceiver(Secret, () => started!.Clock.GetUtcNow());
        await using var host = started = KnowledgeBaseHost.Start(database,
            ("Crm:Provider", "Webhook"), ("Crm:Webhook:Url", $"{receiver.BaseUrl}hooks/expertbot"), ("Crm:Webhook:Secret", Secret));

        var q = await host.ResolveAsync(host.Person(Asker, "Alex Wilber"), host.Person(Expert, "Megan Bowen"),
            "Conveyor scanner skips every tenth parcel", "Lower the belt speed to 0.8 m/s in the conveyor settings.", "4521");
        await host.RunJobsAsync();
        Assert.Single(CaseNotes(receiver));
        Assert.DoesNotContain(CaseNotes(receiver), n => n.Contains("KB-", StringComparison.Ordinal));

        await host.ClickAsync(Expert, "validateArticle", KnowledgeBaseHost.ActionData(Assert.Single(host.Sent("validateArticle")), "validateArticle"));
        await host.RunJobsAsync();
        var article = await host.QueryAsync(db => db.Set<Article>().AsNoTracking().SingleAsync(a => a.SourceQuestionId == q.Id));
        var notes = CaseNotes(receiver);
        Assert.Equal(2, notes.Count);
        Assert.Single(notes, n => n.Contains($"Knowledge article {article.Number} was written from the resolution of {q.Number}", StringComparison.Ordinal));
        Assert.All(receiver.Processed.Values.Where(p => p["event"]?.GetValue<string>() == "case.note"), p => Assert.Equal("4521", p["case"]!["reference"]!.GetValue<string>()));
    }

    private static List<string> CaseNotes(WebhookReceiver receiver) =>
        [.. receiver.Processed.Values.Where(p => p["event"]?.GetValue<string>() == "case.note").Select(p => p["note"]!["text"]!.GetValue<string>())];

    private static Task<int> NotesAsync(KnowledgeBaseHost host, string caseNumber, string? containing = null) =>
        host.QueryAsync(db => db.Set<CaseNote>().AsNoTracking().CountAsync(n => n.CaseNumber == caseNumber && (containing == null || n.Text.Contains(containing))));
}
