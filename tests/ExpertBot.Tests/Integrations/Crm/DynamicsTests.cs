using ExpertBot.Integrations.Crm;
using ExpertBot.Integrations.Crm.Dynamics;
using ExpertBot.Tests.Connector;
using Microsoft.Extensions.DependencyInjection;

namespace ExpertBot.Tests.Integrations.Crm;

/// <summary>Dynamics 365 (Dataverse Web API) against <see cref="DynamicsFake"/>, tokens from <see cref="FakeEntra"/>.</summary>
public sealed class DynamicsTests : CaseSystemContract
{
    private const string AuthorityHost = "login.crm-test.example";
    private const string TenantId = "7d0e4c1a-5b2f-4e8a-9c3d-1f2e3a4b5c6d";
    private static readonly Guid IncidentId = Guid.Parse("1f0c0b7e-5d1a-4c3b-9e2f-0a1b2c3d4e5f");

    private readonly DynamicsFake _dataverse = new();
    private readonly FakeEntra _entra = new();

    private protected override CrmFake Fake => _dataverse;
    protected override string KnownCase => "CAS-10421-X7Y8Z9";
    protected override bool WritesRepeatInCall => true;
    protected override bool RefreshesToken => true;
    protected override int TokensIssued => _entra.Requests.Count;
    protected override int NotesOnKnownCase() => _dataverse.NotesOn(IncidentId).Count;
    protected override int ArticleCount() => _dataverse.Articles.Count;

    private protected override bool IsCaseRead(FakeRequest r) => r.Method == "GET" && r.Path.EndsWith("/incidents", StringComparison.Ordinal);
    private protected override bool IsNoteWrite(FakeRequest r) => r.Method == "PATCH" && r.Path.Contains("/annotations(", StringComparison.Ordinal);
    private protected override bool IsArticleWrite(FakeRequest r) => r.Method == "PATCH" && r.Path.Contains("/knowledgearticles(", StringComparison.Ordinal);

    private protected override Task<CrmHarness> StartAsync()
    {
        _dataverse.Add(new DataverseIncident(IncidentId, KnownCase, "AADSTS50011 after the EU move", "In Progress", "High", "Contoso Pharmaceuticals", 4_500_000m, "Nestor Wilke", "Identity"));
        var routes = new Dictionary<string, Uri> { [AuthorityHost] = _entra.BaseUrl };
        return Task.FromResult(new CrmHarness("Dynamics", DynamicsOptions.Section, new Dictionary<string, string?>
        {
            ["EnvironmentUrl"] = _dataverse.BaseUrl.ToString(),
            ["TenantId"] = TenantId,
            ["ClientId"] = "5e3c1a2b-0000-4000-8000-00000000d365",
            ["ClientSecret"] = "test-only-secret",
            ["AuthorityHost"] = $"https://{AuthorityHost}",
        }, services => services.AddHttpClient(DynamicsCredential.LoginClient).AddHttpMessageHandler(() => new RouteToLoopback(routes))));
    }

    private protected override async ValueTask StopFakesAsync()
    {
        await _dataverse.DisposeAsync();
        await _entra.DisposeAsync();
    }

    private protected override void AssertKnownCase(CrmCase found)
    {
        Assert.Equal(IncidentId.ToString(), found.Id);
        Assert.Equal(KnownCase, found.Number);
        Assert.Equal("AADSTS50011 after the EU move", found.Title);
        Assert.Equal("In Progress", found.Status);
        Assert.Equal("High", found.Priority);
        Assert.Equal("Contoso Pharmaceuticals", found.Customer);
        Assert.Equal("Nestor Wilke", found.Contact);
        Assert.Equal("Identity", found.Product);
        Assert.Equal(4_500_000m, found.AccountValue);
        Assert.Equal($"{_dataverse.BaseUrl}main.aspx?pagetype=entityrecord&etn=incident&id={IncidentId}", found.Url?.ToString());
    }

    [Fact]
    public async Task The_case_is_found_by_its_incident_id_too()
    {
        var found = await Crm.FindCaseAsync(IncidentId.ToString(), default);

        Assert.Equal(KnownCase, found?.Number);
    }

    [Fact]
    public async Task The_token_is_asked_of_the_configured_authority_for_the_environment()
    {
        await Crm.FindCaseAsync(KnownCase, default);

        var token = Assert.Single(_entra.Requests);
        Assert.Equal($"/{TenantId}/oauth2/v2.0/token", token.Path);
        Assert.Equal("client_credentials", token.Form["grant_type"]);
        Assert.Equal($"{_dataverse.BaseUrl.GetLeftPart(UriPartial.Authority)}/.default", token.Form["scope"]);
    }

    [Fact]
    public async Task A_note_is_an_upsert_to_an_id_derived_from_the_key_that_never_updates()
    {
        var key = Key();
        var written = await Crm.AddInternalNoteAsync(Note(key), default);

        var expectedId = IdempotencyMarker.RecordId("note", key);
        Assert.Equal(expectedId.ToString(), written.NoteId);
        var patch = Assert.Single(_dataverse.Requests, r => r.Method == "PATCH");
        Assert.Equal($"{DynamicsFake.Api}annotations({expectedId})", patch.Path);
        Assert.Equal("*", patch.Header("If-None-Match"));
        var note = _dataverse.Annotations[expectedId].Columns;
        Assert.Equal($"/incidents({IncidentId})", note["objectid_incident@odata.bind"]!.GetValue<string>());
        Assert.False(note["isdocument"]!.GetValue<bool>());
        Assert.Equal("Resolved with the experts", note["subject"]!.GetValue<string>());
        Assert.Contains("EU reply URL", note["notetext"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(patch.Header("Authorization")?.StartsWith("Bearer ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_article_is_a_draft_knowledge_article_and_links_to_the_case_once()
    {
        var article = await Crm.CreateArticleDraftAsync(Draft(Key(), ArticleAudience.External), default);
        var link = await Crm.LinkArticleAsync(KnownCase, article.ArticleId, default);
        var again = await Crm.LinkArticleAsync(KnownCase, article.ArticleId, default);

        Assert.Equal("KA-01001", article.Number);
        var stored = _dataverse.Articles[Guid.Parse(article.ArticleId)].Columns;
        Assert.Equal(0, stored["statecode"]!.GetValue<int>());
        Assert.False(stored["isinternal"]!.GetValue<bool>());
        Assert.Contains("<h2>Resolution</h2>", stored["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Megan Bowen", stored["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(link.AlreadyLinked);
        Assert.True(again.AlreadyLinked);
        var row = Assert.Single(_dataverse.ArticleIncidents.Values).Columns;
        Assert.Equal($"/knowledgearticles({article.ArticleId})", row["knowledgearticleid@odata.bind"]!.GetValue<string>());
        Assert.Equal($"/incidents({IncidentId})", row["incidentid@odata.bind"]!.GetValue<string>());
    }
}
