using System.Net;
using System.Text.Json.Nodes;
using ExpertBot.Integrations.Crm;
using ExpertBot.Integrations.Crm.Zendesk;

namespace ExpertBot.Tests.Integrations.Crm;

/// <summary>Zendesk (Support and Help Center APIs, API token) against <see cref="ZendeskFake"/>.</summary>
public sealed class ZendeskTests : CaseSystemContract
{
    private const long TicketId = 10421;
    private const long Section = 360001234567;

    private readonly ZendeskFake _zendesk = new();

    private protected override CrmFake Fake => _zendesk;
    protected override string KnownCase => "10421";
    protected override string MissingCase => "99999";
    protected override bool WritesRepeatInCall => false;
    protected override bool RefreshesToken => false;
    protected override int TokensIssued => 0;
    protected override int NotesOnKnownCase() => _zendesk.Comments(TicketId).Count(c => !c.Public);
    protected override int ArticleCount() => _zendesk.Articles.Count;

    private protected override bool IsCaseRead(FakeRequest r) => r.Method == "GET" && r.Path == $"/api/v2/tickets/{TicketId}";
    private protected override bool IsNoteWrite(FakeRequest r) => r.Method == "PUT" && r.Path == $"/api/v2/tickets/{TicketId}";
    private protected override bool IsArticleWrite(FakeRequest r) => r.Method == "POST" && r.Path.EndsWith("/articles", StringComparison.Ordinal);

    private protected override Task<CrmHarness> StartAsync()
    {
        _zendesk.AddTicket(
            new JsonObject
            {
                ["id"] = TicketId, ["subject"] = "AADSTS50011 after the EU move", ["status"] = "open", ["priority"] = "high",
                ["requester_id"] = 501, ["organization_id"] = 601,
                ["custom_fields"] = new JsonArray(new JsonObject { ["id"] = 360000111, ["value"] = "identity" }),
            },
            new JsonObject { ["id"] = 501, ["name"] = "Nestor Wilke", ["email"] = "nestor@contoso-pharma.example" },
            new JsonObject { ["id"] = 601, ["name"] = "Contoso Pharmaceuticals", ["organization_fields"] = new JsonObject { ["annual_value"] = 250000 } });
        return Task.FromResult(new CrmHarness("Zendesk", ZendeskOptions.Section, new Dictionary<string, string?>
        {
            ["BaseUrl"] = _zendesk.BaseUrl.ToString(),
            ["Email"] = ZendeskFake.Email,
            ["ApiToken"] = ZendeskFake.ApiToken,
            ["ProductFieldId"] = "360000111",
            ["AccountValueField"] = "annual_value",
            ["ArticleSectionId"] = Section.ToString(),
            ["PermissionGroupId"] = "42",
            ["InternalUserSegmentId"] = "7",
        }));
    }

    private protected override ValueTask StopFakesAsync() => _zendesk.DisposeAsync();

    private protected override void AssertKnownCase(CrmCase found)
    {
        Assert.Equal("10421", found.Id);
        Assert.Equal("10421", found.Number);
        Assert.Equal("AADSTS50011 after the EU move", found.Title);
        Assert.Equal("open", found.Status);
        Assert.Equal("high", found.Priority);
        Assert.Equal("Contoso Pharmaceuticals", found.Customer);
        Assert.Equal("Nestor Wilke", found.Contact);
        Assert.Equal("identity", found.Product);
        Assert.Equal(250000m, found.AccountValue);
        Assert.Equal($"{_zendesk.BaseUrl}agent/tickets/10421", found.Url?.ToString());
    }

    [Fact]
    public async Task A_hash_before_the_ticket_number_is_accepted_and_a_name_finds_nothing()
    {
        Assert.Equal("10421", (await Crm.FindCaseAsync("#10421", default))?.Number);
        Assert.Null(await Crm.FindCaseAsync("CAS-10421", default));
    }

    [Fact]
    public async Task The_note_is_a_private_comment_ending_with_the_marker()
    {
        var key = Key();
        var written = await Crm.AddInternalNoteAsync(Note(key), default);

        var comment = Assert.Single(_zendesk.Comments(TicketId));
        Assert.False(comment.Public);
        Assert.Equal(comment.Id.ToString(), written.NoteId);
        Assert.EndsWith($"[expertbot:{key}]", comment.Body, StringComparison.Ordinal);
        var put = Assert.Single(_zendesk.Requests, IsNoteWrite);
        Assert.False(put.Json!["ticket"]!["comment"]!["public"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_marker_is_found_on_a_later_page_of_comments()
    {
        var key = Key();
        var first = await Crm.AddInternalNoteAsync(Note(key), default);
        for (var i = 0; i < 150; i++)
        {
            _zendesk.AddComment(TicketId, $"customer reply {i}");
        }

        var again = await Crm.AddInternalNoteAsync(Note(key), default);

        Assert.True(again.AlreadyWritten);
        Assert.Equal(first.NoteId, again.NoteId);
        Assert.Equal(1, NotesOnKnownCase());
        Assert.Contains(_zendesk.Requests, r => r.Query["page[after]"] == "100");
    }

    [Fact]
    public async Task A_closed_ticket_refuses_the_note_permanently()
    {
        _zendesk.Close(TicketId);

        var e = await Assert.ThrowsAsync<CrmPermanentException>(() => Crm.AddInternalNoteAsync(Note(Key()), default));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.StatusCode);
        Assert.Equal("RecordInvalid", e.ErrorCode);
        Assert.Contains("closed prevents ticket update", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_article_is_a_draft_in_the_section_labelled_with_the_marker_and_links_are_not_supported()
    {
        var key = Key();
        var article = await Crm.CreateArticleDraftAsync(Draft(key), default);

        var stored = Assert.Single(_zendesk.Articles);
        Assert.True(stored["draft"]!.GetValue<bool>());
        Assert.Equal(Section, stored["section_id"]!.GetValue<long>());
        Assert.Equal(7, stored["user_segment_id"]!.GetValue<long>());
        Assert.Equal(42, stored["permission_group_id"]!.GetValue<long>());
        Assert.Equal($"expertbot-{key}", stored["label_names"]![0]!.GetValue<string>());
        Assert.Equal($"{_zendesk.BaseUrl}hc/en-us/articles/{article.ArticleId}", article.Url?.ToString());
        Assert.False(Crm.Features.HasFlag(CaseSystemFeatures.ArticleLinks));
        var e = await Assert.ThrowsAsync<CrmPermanentException>(() => Crm.LinkArticleAsync(KnownCase, article.ArticleId, default));
        Assert.False(e.IsRetriable);
    }
}
