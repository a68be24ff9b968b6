using System.Text.Json.Nodes;
using ExpertBot.Integrations.Crm;
using ExpertBot.Integrations.Crm.ServiceNow;

namespace ExpertBot.Tests.Integrations.Crm;

/// <summary>ServiceNow (Table API, OAuth client credentials) against <see cref="ServiceNowFake"/>.</summary>
public sealed class ServiceNowTests : CaseSystemContract
{
    private const string Table = "sn_customerservice_case";
    private static readonly string CaseId = ServiceNowFake.SysId(1);
    private static readonly string KnowledgeBase = ServiceNowFake.SysId(77);

    private readonly ServiceNowFake _now = new();

    private protected override CrmFake Fake => _now;
    protected override string KnownCase => "CS0010421";
    protected override bool WritesRepeatInCall => false;
    protected override bool RefreshesToken => true;
    protected override int TokensIssued => _now.TokensIssued;
    protected override int NotesOnKnownCase() => _now.WorkNotes(CaseId).Count;
    protected override int ArticleCount() => _now.Rows("kb_knowledge").Count;

    private protected override bool IsCaseRead(FakeRequest r) => r.Method == "GET" && r.Path == $"/api/now/table/{Table}";
    private protected override bool IsNoteWrite(FakeRequest r) => r.Method == "PATCH" && r.Path == $"/api/now/table/{Table}/{CaseId}";
    private protected override bool IsArticleWrite(FakeRequest r) => r.Method == "POST" && r.Path == "/api/now/table/kb_knowledge";

    private protected override Task<CrmHarness> StartAsync() => Task.FromResult(Start(ServiceNowAuth.OAuth));

    private CrmHarness Start(ServiceNowAuth auth)
    {
        _now.Add(Table, new JsonObject
        {
            ["sys_id"] = CaseId,
            ["number"] = KnownCase,
            ["short_description"] = "AADSTS50011 after the EU move",
            ["state"] = "10",
            ["priority"] = "2",
            ["account"] = ServiceNowFake.SysId(2),
            ["contact"] = ServiceNowFake.SysId(3),
            ["product"] = ServiceNowFake.SysId(4),
        }, new JsonObject { ["state"] = "Open", ["priority"] = "2 - High", ["account"] = "Contoso Pharmaceuticals", ["contact"] = "Nestor Wilke", ["product"] = "Identity" });
        return new CrmHarness("ServiceNow", ServiceNowOptions.Section, new Dictionary<string, string?>
        {
            ["InstanceUrl"] = _now.BaseUrl.ToString(),
            ["Auth"] = auth.ToString(),
            ["Username"] = ServiceNowFake.User,
            ["Password"] = ServiceNowFake.Password,
            ["ClientId"] = ServiceNowFake.ClientId,
            ["ClientSecret"] = ServiceNowFake.ClientSecret,
            ["KnowledgeBaseSysId"] = KnowledgeBase,
        });
    }

    private protected override ValueTask StopFakesAsync() => _now.DisposeAsync();

    private protected override void AssertKnownCase(CrmCase found)
    {
        Assert.Equal(CaseId, found.Id);
        Assert.Equal(KnownCase, found.Number);
        Assert.Equal("AADSTS50011 after the EU move", found.Title);
        Assert.Equal("Open", found.Status);
        Assert.Equal("2 - High", found.Priority);
        Assert.Equal("Contoso Pharmaceuticals", found.Customer);
        Assert.Equal("Nestor Wilke", found.Contact);
        Assert.Equal("Identity", found.Product);
        Assert.Null(found.AccountValue);
        Assert.Equal($"{_now.BaseUrl}{Table}.do?sys_id={CaseId}", found.Url?.ToString());
    }

    [Fact]
    public async Task The_note_is_a_work_note_with_the_marker_looked_for_in_the_journal_first()
    {
        var key = Key();
        var written = await Crm.AddInternalNoteAsync(Note(key), default);

        var entry = Assert.Single(_now.WorkNotes(CaseId));
        Assert.Equal(entry["sys_id"]!.GetValue<string>(), written.NoteId);
        Assert.EndsWith($"[expertbot:{key}]", entry["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(_now.Rows("sys_journal_field"), j => j["element"]!.GetValue<string>() == "comments");
        var lookups = _now.Requests.Where(r => r.Path == "/api/now/table/sys_journal_field").ToList();
        Assert.Equal(2, lookups.Count); // before writing, and to name the entry after
        Assert.Equal($"name={Table}^element=work_notes^element_id={CaseId}^valueLIKE[expertbot:{key}]", lookups[0].Query["sysparm_query"]);
    }

    [Fact]
    public async Task Basic_credentials_are_sent_and_a_401_with_them_is_permanent()
    {
        await using var basic = Start(ServiceNowAuth.Basic);
        var found = await basic.Crm.FindCaseAsync(KnownCase, default);
        Assert.Equal(CaseId, found?.Id);
        Assert.StartsWith("Basic ", _now.Requests.Last().Header("Authorization"), StringComparison.Ordinal);

        _now.Inject(IsNoteWrite, Fault.Answer(401));
        var e = await Assert.ThrowsAsync<CrmPermanentException>(() => basic.Crm.AddInternalNoteAsync(Note(Key()), default));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.Equal(0, _now.TokensIssued);
    }

    [Fact]
    public async Task An_article_is_a_draft_in_the_knowledge_base_and_links_to_the_case_once()
    {
        var key = Key();
        var article = await Crm.CreateArticleDraftAsync(Draft(key), default);
        var link = await Crm.LinkArticleAsync(KnownCase, article.ArticleId, default);
        var again = await Crm.LinkArticleAsync(KnownCase, article.ArticleId, default);

        var stored = Assert.Single(_now.Rows("kb_knowledge"));
        Assert.Equal("draft", stored["workflow_state"]!.GetValue<string>());
        Assert.Equal(KnowledgeBase, stored["kb_knowledge_base"]!.GetValue<string>());
        Assert.Equal($"[expertbot:{key}]", stored["meta"]!.GetValue<string>());
        Assert.StartsWith("KB00", article.Number, StringComparison.Ordinal);
        Assert.False(link.AlreadyLinked);
        Assert.True(again.AlreadyLinked);
        var row = Assert.Single(_now.Rows("m2m_kb_task"));
        Assert.Equal(CaseId, row["task"]!.GetValue<string>());
        Assert.Equal(article.ArticleId, row["kb_knowledge"]!.GetValue<string>());
    }
}
