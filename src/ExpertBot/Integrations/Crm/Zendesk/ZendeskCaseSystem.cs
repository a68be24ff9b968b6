using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace ExpertBot.Integrations.Crm.Zendesk;

/// <summary>
/// Zendesk: tickets from the Support API, internal notes as private comments (<c>public: false</c>) added by a ticket
/// update, article drafts in a Help Center section. Ticket updates take no idempotency key, so each note ends with a
/// marker (<c>[expertbot:KEY]</c>) and the ticket's newest comments are searched for it before writing; drafts carry
/// the marker as a label. A write whose answer was lost is not repeated inside the call: it fails retriable, and the
/// next call finds the marker. Zendesk has no API to link an article to a ticket.
/// </summary>
internal sealed class ZendeskCaseSystem : ICaseSystem
{
    public const string Name = "Zendesk";

    private readonly CrmHttp _http;
    private readonly ZendeskOptions _options;
    private readonly ILogger<ZendeskCaseSystem> _logger;

    public ZendeskCaseSystem(HttpClient http, IOptions<ZendeskOptions> options, TimeProvider time, ILogger<ZendeskCaseSystem> logger)
    {
        _options = options.Value;
        _logger = logger;
        _http = new CrmHttp(http, Name, ReadError, time);
    }

    public string DisplayName => Name;

    public CaseSystemFeatures Features =>
        CaseSystemFeatures.ReadCases | CaseSystemFeatures.InternalNotes
        | (_options.ArticleSectionId is not null ? CaseSystemFeatures.ArticleDrafts : CaseSystemFeatures.None);

    public async Task<CrmCase?> FindCaseAsync(string caseReference, CancellationToken ct)
    {
        // Agents write ticket numbers as "#4521" or "4521"; anything else names no ticket.
        if (!long.TryParse(caseReference.Trim().TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }
        var response = await _http.SendAsync(CrmHttp.Get($"api/v2/tickets/{id}?include=users,organizations"), "read case", ct);
        if (response.Status == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
        if (!response.IsSuccess || response.Json?["ticket"] is not { } ticket)
        {
            throw _http.Failure(response, "read case");
        }
        var requester = ById(response.Json["users"], ticket["requester_id"]);
        var organization = ById(response.Json["organizations"], ticket["organization_id"]);
        var product = _options.ProductFieldId is { } field
            ? ticket["custom_fields"]?.AsArray().FirstOrDefault(f => f?["id"]?.GetValue<long>() == field)?["value"]?.ToString()
            : null;
        var value = _options.AccountValueField.Length > 0 && organization?["organization_fields"]?[_options.AccountValueField] is { } v
            && decimal.TryParse(v.ToString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) ? parsed : (decimal?)null;
        return new CrmCase(id.ToString(CultureInfo.InvariantCulture), id.ToString(CultureInfo.InvariantCulture), ticket["subject"]?.ToString() ?? "",
            ticket["status"]?.ToString(), organization?["name"]?.ToString(), requester?["name"]?.ToString(), product,
            ticket["priority"]?.ToString(), value, new Uri(CrmUrls.Root(_options.BaseUrl!), $"agent/tickets/{id}"));
    }

    public async Task<WrittenNote> AddInternalNoteAsync(InternalNote note, CancellationToken ct)
    {
        var found = await FindCaseAsync(note.CaseReference, ct) ?? throw _http.CaseNotFound("add note", note.CaseReference);
        if (await FindCommentAsync(found.Id, note.IdempotencyKey, ct) is { } existing)
        {
            return Done(new WrittenNote(Name, found.Number, existing, found.Url, 1, AlreadyWritten: true));
        }
        var marker = IdempotencyMarker.Marker(note.IdempotencyKey);
        var body = new JsonObject
        {
            ["ticket"] = new JsonObject
            {
                ["comment"] = new JsonObject { ["body"] = $"{note.Subject}\n\n{note.Text}\n\n{marker}", ["public"] = false },
            },
        };
        var response = await _http.SendOkAsync(CrmHttp.Json(HttpMethod.Put, $"api/v2/tickets/{found.Id}", body, repeatable: false), "add note", ct);
        var commentId = response.Json?["audit"]?["events"]?.AsArray()
            .FirstOrDefault(e => e?["type"]?.ToString() == "Comment")?["id"]?.ToString();
        return Done(new WrittenNote(Name, found.Number, commentId ?? found.Id, found.Url, 1, AlreadyWritten: false));
    }

    public async Task<WrittenArticle> CreateArticleDraftAsync(ArticleDraft draft, CancellationToken ct)
    {
        if (_options.ArticleSectionId is not { } section || _options.PermissionGroupId is not { } permissionGroup)
        {
            throw _http.Permanent("create article draft", "Crm:Zendesk needs ArticleSectionId and PermissionGroupId for article drafts.");
        }
        var segment = draft.Audience == ArticleAudience.Internal
            ? _options.InternalUserSegmentId ?? throw _http.Permanent("create article draft", "Crm:Zendesk:InternalUserSegmentId is not set.")
            : _options.ExternalUserSegmentId;
        var label = $"expertbot-{IdempotencyMarker.Token(draft.IdempotencyKey)}";
        var articles = $"api/v2/help_center/{_options.ArticleLocale}/sections/{section}/articles";
        if (await FindArticleAsync($"{articles}?sort_by=created_at&sort_order=desc&per_page=100", label, ct) is { } existing)
        {
            return Done(Article(existing, alreadyWritten: true));
        }
        var body = new JsonObject
        {
            ["article"] = new JsonObject
            {
                ["title"] = ArticleContent.Clip(draft.Title, 255),
                ["body"] = ArticleContent.Html(draft),
                ["locale"] = _options.ArticleLocale,
                ["draft"] = true,
                ["permission_group_id"] = permissionGroup,
                ["user_segment_id"] = segment,
                ["label_names"] = new JsonArray(label),
            },
        };
        var created = await _http.SendOkAsync(CrmHttp.Json(HttpMethod.Post, articles, body, repeatable: false), "create article draft", ct);
        return Done(Article(created.Json?["article"] ?? throw _http.Permanent("create article draft", "no article in the answer."), alreadyWritten: false));
    }

    public Task<ArticleLink> LinkArticleAsync(string caseReference, string articleId, CancellationToken ct) =>
        Task.FromException<ArticleLink>(_http.Permanent("link article", "Zendesk has no API to link a Help Center article to a ticket."));

    /// <summary>The id of the ticket comment holding the key's marker, newest comments first, or null.</summary>
    private async Task<string?> FindCommentAsync(string ticketId, string key, CancellationToken ct)
    {
        string? url = $"api/v2/tickets/{ticketId}/comments?sort_order=desc&page[size]=100";
        for (var page = 0; url is not null && page < _options.MarkerSearchPages; page++)
        {
            var response = await _http.SendOkAsync(CrmHttp.Get(url), "search notes", ct);
            var match = response.Json?["comments"]?.AsArray()
                .FirstOrDefault(c => IdempotencyMarker.IsIn(c?["body"]?.ToString(), key) || IdempotencyMarker.IsIn(c?["plain_body"]?.ToString(), key));
            if (match is not null)
            {
                return match["id"]?.ToString();
            }
            url = response.Json?["meta"]?["has_more"]?.GetValue<bool>() == true ? response.Json["links"]?["next"]?.ToString() : null;
        }
        return null;
    }

    private async Task<JsonNode?> FindArticleAsync(string firstPage, string label, CancellationToken ct)
    {
        string? url = firstPage;
        for (var page = 0; url is not null && page < _options.MarkerSearchPages; page++)
        {
            var response = await _http.SendOkAsync(CrmHttp.Get(url), "search article drafts", ct);
            var match = response.Json?["articles"]?.AsArray()
                .FirstOrDefault(a => a?["label_names"]?.AsArray().Any(l => l?.ToString() == label) == true);
            if (match is not null)
            {
                return match;
            }
            url = response.Json?["next_page"]?.ToString() is { Length: > 0 } next ? next : null;
        }
        return null;
    }

    private static WrittenArticle Article(JsonNode article, bool alreadyWritten) => new(
        Name,
        article["id"]!.ToString(),
        article["id"]!.ToString(),
        article["html_url"]?.ToString() is { Length: > 0 } url ? new Uri(url) : null,
        alreadyWritten);

    private WrittenNote Done(WrittenNote note)
    {
        Log.Written(_logger, note);
        return note;
    }

    private WrittenArticle Done(WrittenArticle article)
    {
        Log.Written(_logger, article);
        return article;
    }

    private static JsonNode? ById(JsonNode? list, JsonNode? id) =>
        id is null ? null : list?.AsArray().FirstOrDefault(item => item?["id"]?.ToString() == id.ToString());

    /// <summary>Zendesk errors: <c>{"error":"RecordNotFound","description":"..."}</c> or <c>{"error":{"title","message"}}</c>.</summary>
    private static (string?, string?) ReadError(JsonNode? json) => json?["error"] switch
    {
        JsonObject error => (error["title"]?.ToString(), error["message"]?.ToString()),
        { } code => (code.ToString(), json["description"]?.ToString() + (json["details"] is { } details ? $" {details.ToJsonString()}" : "")),
        null => (null, null),
    };
}
