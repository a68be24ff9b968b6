using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ExpertBot.Integrations.Crm.ServiceNow;

/// <summary>
/// ServiceNow through the Table API: cases from the configured table by number, internal notes as <c>work_notes</c>
/// (PATCH of the case), article drafts in <c>kb_knowledge</c> (workflow_state draft), links in <c>m2m_kb_task</c>.
/// The Table API has no idempotency key, so every note carries a marker (<c>[expertbot:KEY]</c>) and the journal
/// (<c>sys_journal_field</c>) is searched for it before writing; articles carry it in their meta keywords. A write whose
/// answer was lost is therefore not repeated inside the call: it fails retriable, and the next call finds the marker.
/// </summary>
internal sealed partial class ServiceNowCaseSystem : ICaseSystem
{
    public const string Name = "ServiceNow";

    private readonly CrmHttp _http;
    private readonly ServiceNowOptions _options;
    private readonly ILogger<ServiceNowCaseSystem> _logger;

    public ServiceNowCaseSystem(HttpClient http, IOptions<ServiceNowOptions> options, TimeProvider time, ILogger<ServiceNowCaseSystem> logger)
    {
        _options = options.Value;
        _logger = logger;
        _http = new CrmHttp(http, Name, ReadError, time);
    }

    public string DisplayName => Name;

    public CaseSystemFeatures Features =>
        CaseSystemFeatures.ReadCases | CaseSystemFeatures.InternalNotes | CaseSystemFeatures.ArticleLinks
        | (_options.KnowledgeBaseSysId.Length > 0 ? CaseSystemFeatures.ArticleDrafts : CaseSystemFeatures.None);

    private string Table => _options.Table;

    public async Task<CrmCase?> FindCaseAsync(string caseReference, CancellationToken ct)
    {
        var reference = caseReference.Trim();
        // An encoded query treats ^ and = as syntax; no case number holds them.
        if (reference.Length == 0 || reference.IndexOfAny(['^', '=', '\n']) >= 0)
        {
            return null;
        }
        var condition = SysId().IsMatch(reference) ? $"sys_id={reference}" : $"number={reference}";
        string[] fields = ["sys_id", "number", "short_description", "state", "priority", _options.Account, _options.Contact, _options.Product];
        var response = await _http.SendOkAsync(CrmHttp.Get(
            $"api/now/table/{Table}?sysparm_query={Uri.EscapeDataString(condition)}&sysparm_limit=1"
            + $"&sysparm_display_value=true&sysparm_exclude_reference_link=true&sysparm_fields={string.Join(',', fields.Distinct())}"), "read case", ct);
        if (response.Json?["result"]?.AsArray().FirstOrDefault() is not { } row)
        {
            return null;
        }
        var id = Text(row, "sys_id")!;
        return new CrmCase(id, Text(row, "number") ?? id, Text(row, "short_description") ?? "", Text(row, "state"),
            Text(row, _options.Account), Text(row, _options.Contact), Text(row, _options.Product), Text(row, "priority"), null,
            RecordUrl(Table, id));
    }

    public async Task<WrittenNote> AddInternalNoteAsync(InternalNote note, CancellationToken ct)
    {
        var found = await FindCaseAsync(note.CaseReference, ct) ?? throw _http.CaseNotFound("add note", note.CaseReference);
        var marker = IdempotencyMarker.Marker(note.IdempotencyKey);
        if (await FindJournalEntryAsync(found.Id, marker, ct) is { } existing)
        {
            return Done(new WrittenNote(Name, found.Number, existing, found.Url, 1, AlreadyWritten: true));
        }
        // work_notes is the agents-only journal; comments would be the customer-visible one.
        var body = new JsonObject { ["work_notes"] = $"{note.Subject}\n\n{note.Text}\n\n{marker}" };
        await _http.SendOkAsync(CrmHttp.Json(HttpMethod.Patch, $"api/now/table/{Table}/{found.Id}?sysparm_fields=sys_id", body, repeatable: false), "add note", ct);
        var entry = await FindJournalEntryAsync(found.Id, marker, ct);
        return Done(new WrittenNote(Name, found.Number, entry ?? found.Id, found.Url, 1, AlreadyWritten: false));
    }

    public async Task<WrittenArticle> CreateArticleDraftAsync(ArticleDraft draft, CancellationToken ct)
    {
        var knowledgeBase = draft.Audience == ArticleAudience.Internal && _options.InternalKnowledgeBaseSysId.Length > 0
            ? _options.InternalKnowledgeBaseSysId
            : _options.KnowledgeBaseSysId;
        if (knowledgeBase.Length == 0)
        {
            throw _http.Permanent("create article draft", "Crm:ServiceNow:KnowledgeBaseSysId is not set.");
        }
        var marker = IdempotencyMarker.Marker(draft.IdempotencyKey);
        if (await FindOneAsync("kb_knowledge", $"metaLIKE{marker}", "sys_id,number", ct) is { } existing)
        {
            return Done(Article(existing, alreadyWritten: true));
        }
        // meta (search keywords) carries the marker: agents do not read it, and the Table API can query it.
        var body = new JsonObject
        {
            ["short_description"] = ArticleContent.Clip(draft.Title, 160),
            ["text"] = ArticleContent.Html(draft),
            ["workflow_state"] = "draft",
            ["kb_knowledge_base"] = knowledgeBase,
            ["meta"] = marker,
        };
        var created = await _http.SendOkAsync(CrmHttp.Json(HttpMethod.Post, "api/now/table/kb_knowledge?sysparm_fields=sys_id,number", body, repeatable: false),
            "create article draft", ct);
        return Done(Article(created.Json?["result"] ?? throw _http.Permanent("create article draft", "no result in the answer."), alreadyWritten: false));
    }

    public async Task<ArticleLink> LinkArticleAsync(string caseReference, string articleId, CancellationToken ct)
    {
        if (!SysId().IsMatch(articleId))
        {
            throw _http.Permanent("link article", $"'{articleId}' is not a kb_knowledge sys_id.");
        }
        var found = await FindCaseAsync(caseReference, ct) ?? throw _http.CaseNotFound("link article", caseReference);
        var existing = await FindOneAsync("m2m_kb_task", $"task={found.Id}^kb_knowledge={articleId}", "sys_id", ct);
        string linkId;
        if (existing is not null)
        {
            linkId = Text(existing, "sys_id")!;
        }
        else
        {
            var body = new JsonObject { ["task"] = found.Id, ["kb_knowledge"] = articleId };
            var created = await _http.SendOkAsync(CrmHttp.Json(HttpMethod.Post, "api/now/table/m2m_kb_task?sysparm_fields=sys_id", body, repeatable: false), "link article", ct);
            linkId = (created.Json?["result"] is { } row ? Text(row, "sys_id") : null) ?? throw _http.Permanent("link article", "no sys_id in the answer.");
        }
        Log.ArticleLinked(_logger, Name, articleId, found.Number, existing is not null);
        return new ArticleLink(Name, found.Number, articleId, linkId, existing is not null);
    }

    /// <summary>The journal entry (sys_journal_field) of this case's work notes holding the marker, or null.</summary>
    private async Task<string?> FindJournalEntryAsync(string caseId, string marker, CancellationToken ct) =>
        await FindOneAsync("sys_journal_field", $"name={Table}^element=work_notes^element_id={caseId}^valueLIKE{marker}", "sys_id", ct) is { } entry
            ? Text(entry, "sys_id")
            : null;

    private async Task<JsonNode?> FindOneAsync(string table, string query, string fields, CancellationToken ct)
    {
        var response = await _http.SendOkAsync(CrmHttp.Get(
            $"api/now/table/{table}?sysparm_query={Uri.EscapeDataString(query)}&sysparm_fields={fields}&sysparm_limit=1"), $"query {table}", ct);
        return response.Json?["result"]?.AsArray().FirstOrDefault();
    }

    private WrittenArticle Article(JsonNode row, bool alreadyWritten)
    {
        var id = Text(row, "sys_id")!;
        return new WrittenArticle(Name, id, Text(row, "number"), RecordUrl("kb_knowledge", id), alreadyWritten);
    }

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

    private Uri RecordUrl(string table, string sysId) => new(CrmUrls.Root(_options.InstanceUrl!), $"{table}.do?sys_id={sysId}");

    /// <summary>A field as text: a plain value, or the display value of <c>{"display_value","value"}</c>.</summary>
    private static string? Text(JsonNode row, string field) => row[field] switch
    {
        JsonObject both => both["display_value"]?.ToString() ?? both["value"]?.ToString(),
        { } value => value.ToString() is { Length: > 0 } text ? text : null,
        null => null,
    };

    /// <summary>Table API errors: <c>{"error":{"message","detail"},"status":"failure"}</c>.</summary>
    private static (string?, string?) ReadError(JsonNode? json) =>
        (null, json?["error"] is { } error ? $"{error["message"]}{(error["detail"] is { } detail ? $" ({detail})" : "")}" : null);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex SysId();
}
