using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ExpertBot.Integrations.Crm;
using ExpertBot.Integrations.Crm.Salesforce;

namespace ExpertBot.Tests.Integrations.Crm;

/// <summary>Salesforce (REST API, OAuth client credentials) against <see cref="SalesforceFake"/>.</summary>
public sealed class SalesforceTests : CaseSystemContract
{
    private const string CaseId = "5005g00000ABCDEAA1";
    private readonly SalesforceFake _salesforce = new();

    private protected override CrmFake Fake => _salesforce;
    protected override string KnownCase => "00001026";
    protected override string MissingCase => "00099999";
    protected override bool WritesRepeatInCall => false;
    protected override bool RefreshesToken => true;
    protected override int TokensIssued => _salesforce.TokensIssued;
    protected override int NotesOnKnownCase() => _salesforce.Records("CaseComment").Count(c => c["ParentId"]!.GetValue<string>() == CaseId);
    protected override int ArticleCount() => _salesforce.Records("Knowledge__kav").Count;

    private protected override bool IsCaseRead(FakeRequest r) => r.Method == "GET" && r.Query["q"]?.Contains("FROM Case WHERE", StringComparison.Ordinal) == true;
    private protected override bool IsNoteWrite(FakeRequest r) => r.Method == "POST" && r.Path == $"{SalesforceFake.Api}sobjects/CaseComment";
    private protected override bool IsArticleWrite(FakeRequest r) => r.Method == "POST" && r.Path == $"{SalesforceFake.Api}sobjects/Knowledge__kav";

    private protected override Task<CrmHarness> StartAsync()
    {
        _salesforce.Add("Case", new JsonObject
        {
            ["Id"] = CaseId, ["CaseNumber"] = KnownCase, ["Subject"] = "AADSTS50011 after the EU move", ["Status"] = "Working", ["Priority"] = "High",
            ["Product__c"] = "Identity",
            ["Account"] = new JsonObject { ["Name"] = "Contoso Pharmaceuticals", ["AnnualRevenue"] = 12500000 },
            ["Contact"] = new JsonObject { ["Name"] = "Nestor Wilke" },
        });
        return Task.FromResult(new CrmHarness("Salesforce", SalesforceOptions.Section, new Dictionary<string, string?>
        {
            ["InstanceUrl"] = _salesforce.BaseUrl.ToString(),
            ["ClientId"] = SalesforceFake.ClientId,
            ["ClientSecret"] = SalesforceFake.ClientSecret,
            ["ProductField"] = "Product__c",
            ["ArticleBodyField"] = "Answer__c",
        }));
    }

    private protected override ValueTask StopFakesAsync() => _salesforce.DisposeAsync();

    private protected override void AssertKnownCase(CrmCase found)
    {
        Assert.Equal(CaseId, found.Id);
        Assert.Equal(KnownCase, found.Number);
        Assert.Equal("AADSTS50011 after the EU move", found.Title);
        Assert.Equal("Working", found.Status);
        Assert.Equal("High", found.Priority);
        Assert.Equal("Contoso Pharmaceuticals", found.Customer);
        Assert.Equal("Nestor Wilke", found.Contact);
        Assert.Equal("Identity", found.Product);
        Assert.Equal(12_500_000m, found.AccountValue);
        Assert.Equal($"{_salesforce.BaseUrl}lightning/r/Case/{CaseId}/view", found.Url?.ToString());
    }

    [Fact]
    public async Task The_note_is_an_unpublished_case_comment_with_the_marker()
    {
        var key = Key();
        var written = await Crm.AddInternalNoteAsync(Note(key), default);

        var comment = Assert.Single(_salesforce.Records("CaseComment"));
        Assert.False(comment["IsPublished"]!.GetValue<bool>());
        Assert.Equal(comment["Id"]!.GetValue<string>(), written.NoteId);
        Assert.EndsWith($"[expertbot:{key}]", comment["CommentBody"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, written.Parts);
    }

    [Fact]
    public async Task A_long_note_is_split_in_marked_parts_of_at_most_4000_bytes_and_a_retry_writes_only_the_missing_ones()
    {
        _salesforce.BatchSize = 1; // the marker search follows nextRecordsUrl
        var key = Key();
        var text = string.Concat(Enumerable.Repeat("Die Antwort enthält Umlaute: ä ö ü ß – und Emoji 🔐. ", 200));
        var note = Note(key) with { Text = text };
        var commentPosts = 0;
        _salesforce.Inject(r => IsNoteWrite(r) && ++commentPosts == 2, Fault.Crash());

        await Assert.ThrowsAsync<CrmTransientException>(() => Crm.AddInternalNoteAsync(note, default));
        Assert.Equal(2, NotesOnKnownCase());
        var written = await Crm.AddInternalNoteAsync(note, default);

        var bodies = _salesforce.Records("CaseComment").Select(c => c["CommentBody"]!.GetValue<string>()).ToList();
        Assert.Equal(written.Parts, bodies.Count);
        Assert.True(written.Parts >= 3);
        Assert.False(written.AlreadyWritten);
        for (var i = 1; i <= written.Parts; i++)
        {
            var part = Assert.Single(bodies, b => b.EndsWith($"[expertbot:{key} part {i}/{written.Parts}]", StringComparison.Ordinal));
            Assert.StartsWith($"(part {i}/{written.Parts})", part, StringComparison.Ordinal);
            Assert.True(Encoding.UTF8.GetByteCount(part) <= 4000);
        }
        var again = await Crm.AddInternalNoteAsync(note, default);
        Assert.True(again.AlreadyWritten);
        Assert.Equal(written.Parts, NotesOnKnownCase());
    }

    [Fact]
    public async Task The_daily_API_limit_is_retriable_not_permanent()
    {
        _salesforce.Inject(IsNoteWrite, Fault.Answer(403, code: "REQUEST_LIMIT_EXCEEDED"));

        var e = await Assert.ThrowsAsync<CrmTransientException>(() => Crm.AddInternalNoteAsync(Note(Key()), default));

        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
        Assert.Equal("REQUEST_LIMIT_EXCEEDED", e.ErrorCode);
    }

    [Fact]
    public async Task An_article_is_a_knowledge_draft_named_by_the_key_and_links_to_the_case_once()
    {
        var key = Key();
        var article = await Crm.CreateArticleDraftAsync(Draft(key, ArticleAudience.External), default);
        var link = await Crm.LinkArticleAsync(KnownCase, article.ArticleId, default);
        var again = await Crm.LinkArticleAsync(KnownCase, article.ArticleId, default);

        var stored = Assert.Single(_salesforce.Records("Knowledge__kav"));
        Assert.Equal(stored["KnowledgeArticleId"]!.GetValue<string>(), article.ArticleId);
        Assert.Equal("Draft", stored["PublishStatus"]!.GetValue<string>());
        Assert.Equal($"aadsts50011-after-moving-the-tenant-to-the-eu-{key.Replace("-", "")[..16]}", stored["UrlName"]!.GetValue<string>());
        Assert.True(stored["IsVisibleInPkb"]!.GetValue<bool>());
        Assert.Contains("<h2>Cause</h2>", stored["Answer__c"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("000001001", article.Number);
        Assert.False(link.AlreadyLinked);
        Assert.True(again.AlreadyLinked);
        var row = Assert.Single(_salesforce.Records("CaseArticle"));
        Assert.Equal(CaseId, row["CaseId"]!.GetValue<string>());
        Assert.Equal(article.ArticleId, row["KnowledgeArticleId"]!.GetValue<string>());
    }
}
