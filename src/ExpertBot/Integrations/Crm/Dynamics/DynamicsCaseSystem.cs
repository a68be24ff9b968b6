using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace ExpertBot.Integrations.Crm.Dynamics;

/// <summary>
/// Dynamics 365 Customer Service over the Dataverse Web API. Cases are <c>incidents</c> (found by ticketnumber), notes
/// are <c>annotations</c>, article drafts are <c>knowledgearticles</c> linked through <c>knowledgearticleincidents</c>.
/// Every write is an upsert to an id derived from the idempotency key, sent with <c>If-None-Match: *</c>: the first
/// write creates the record, any repeat (a retry after a lost answer, a restarted job) gets 412 and changes nothing,
/// not even an edit someone made since. So writes are safe to retry inside the call too.
/// </summary>
internal sealed class DynamicsCaseSystem : ICaseSystem
{
    public const string Name = "Dynamics 365";
    private const string FormattedValue = "@OData.Community.Display.V1.FormattedValue";

    private readonly CrmHttp _http;
    private readonly DynamicsOptions _options;
    private readonly ILogger<DynamicsCaseSystem> _logger;

    public DynamicsCaseSystem(HttpClient http, IOptions<DynamicsOptions> options, TimeProvider time, ILogger<DynamicsCaseSystem> logger)
    {
        _options = options.Value;
        _logger = logger;
        _http = new CrmHttp(http, Name, ReadError, time);
    }

    public string DisplayName => Name;

    public CaseSystemFeatures Features =>
        CaseSystemFeatures.ReadCases | CaseSystemFeatures.InternalNotes | CaseSystemFeatures.ArticleDrafts | CaseSystemFeatures.ArticleLinks;

    private string Api => $"api/data/{_options.ApiVersion}/";

    public async Task<CrmCase?> FindCaseAsync(string caseReference, CancellationToken ct)
    {
        var reference = caseReference.Trim();
        var filter = Guid.TryParse(reference, out var id) ? $"incidentid eq {id}" : $"ticketnumber eq '{reference.Replace("'", "''")}'";
        var request = CrmHttp.Get(
            $"{Api}incidents?$select=incidentid,ticketnumber,title,statuscode,prioritycode"
            + "&$expand=customerid_account($select=name,revenue),customerid_contact($select=fullname),primarycontactid($select=fullname),productid($select=name)"
            + $"&$filter={Uri.EscapeDataString(filter)}&$top=1");
        // Labels of choice columns (status, priority) instead of their numbers.
        request.Headers.TryAddWithoutValidation("Prefer", "odata.include-annotations=\"OData.Community.Display.V1.FormattedValue\"");
        var response = await _http.SendOkAsync(request, "read case", ct);
        return response.Json?["value"]?.AsArray().FirstOrDefault() is { } row ? ToCase(row) : null;
    }

    public async Task<WrittenNote> AddInternalNoteAsync(InternalNote note, CancellationToken ct)
    {
        var found = await FindCaseAsync(note.CaseReference, ct) ?? throw _http.CaseNotFound("add note", note.CaseReference);
        var noteId = IdempotencyMarker.RecordId("note", note.IdempotencyKey);
        // Annotations are internal to Dynamics: the customer never sees them (portals show only notes marked *WEB*).
        var body = new JsonObject
        {
            ["subject"] = ArticleContent.Clip(note.Subject, 500),
            ["notetext"] = note.Text,
            ["isdocument"] = false,
            ["objectid_incident@odata.bind"] = $"/incidents({found.Id})",
        };
        var already = await CreateOnceAsync($"annotations({noteId})", body, "add note", ct);
        var written = new WrittenNote(Name, found.Number, noteId.ToString(), found.Url, 1, already);
        Log.Written(_logger, written);
        return written;
    }

    public async Task<WrittenArticle> CreateArticleDraftAsync(ArticleDraft draft, CancellationToken ct)
    {
        var articleId = IdempotencyMarker.RecordId("article", draft.IdempotencyKey);
        // A new knowledge article is a draft (statecode 0) until someone publishes it.
        var body = new JsonObject
        {
            ["title"] = ArticleContent.Clip(draft.Title, 500),
            ["description"] = ArticleContent.Clip(draft.Issue, 155),
            ["content"] = ArticleContent.Html(draft),
            ["isinternal"] = draft.Audience == ArticleAudience.Internal,
        };
        var already = await CreateOnceAsync($"knowledgearticles({articleId})", body, "create article draft", ct);
        var read = await _http.SendOkAsync(CrmHttp.Get($"{Api}knowledgearticles({articleId})?$select=articlepublicnumber"), "read article", ct);
        var written = new WrittenArticle(Name, articleId.ToString(), read.Json?["articlepublicnumber"]?.GetValue<string>(),
            RecordUrl("knowledgearticle", articleId.ToString()), already);
        Log.Written(_logger, written);
        return written;
    }

    public async Task<ArticleLink> LinkArticleAsync(string caseReference, string articleId, CancellationToken ct)
    {
        if (!Guid.TryParse(articleId, out var article))
        {
            throw _http.Permanent("link article", $"'{articleId}' is not a knowledge article id (a GUID).");
        }
        var found = await FindCaseAsync(caseReference, ct) ?? throw _http.CaseNotFound("link article", caseReference);
        // The pair names the link, so linking the same article to the same case twice finds the first link.
        var linkId = IdempotencyMarker.RecordId("article-link", $"{found.Id}/{article}");
        var body = new JsonObject
        {
            ["knowledgearticleid@odata.bind"] = $"/knowledgearticles({article})",
            ["incidentid@odata.bind"] = $"/incidents({found.Id})",
        };
        var already = await CreateOnceAsync($"knowledgearticleincidents({linkId})", body, "link article", ct);
        var articleKey = article.ToString();
        Log.ArticleLinked(_logger, Name, articleKey, found.Number, already);
        return new ArticleLink(Name, found.Number, articleKey, linkId.ToString(), already);
    }

    /// <summary>Creates the record at its key-derived id; true when it existed already (412 on If-None-Match: *).</summary>
    private async Task<bool> CreateOnceAsync(string entity, JsonObject body, string operation, CancellationToken ct)
    {
        var request = CrmHttp.Json(HttpMethod.Patch, Api + entity, body, repeatable: true);
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
        var response = await _http.SendAsync(request, operation, ct);
        if (response.Status == HttpStatusCode.PreconditionFailed)
        {
            return true;
        }
        return response.IsSuccess ? false : throw _http.Failure(response, operation);
    }

    private CrmCase ToCase(JsonNode row)
    {
        var id = row["incidentid"]!.GetValue<string>();
        var account = row["customerid_account"];
        var contact = row["primarycontactid"] ?? row["customerid_contact"];
        return new CrmCase(
            id,
            row["ticketnumber"]?.GetValue<string>() ?? id,
            row["title"]?.GetValue<string>() ?? "",
            Label(row, "statuscode"),
            account?["name"]?.GetValue<string>() ?? row["customerid_contact"]?["fullname"]?.GetValue<string>(),
            contact?["fullname"]?.GetValue<string>(),
            row["productid"]?["name"]?.GetValue<string>(),
            Label(row, "prioritycode"),
            account?["revenue"] is JsonValue revenue && revenue.TryGetValue<decimal>(out var value) ? value : null,
            RecordUrl("incident", id));
    }

    private static string? Label(JsonNode row, string column) => row[column + FormattedValue]?.GetValue<string>() ?? row[column]?.ToString();

    private Uri RecordUrl(string table, string id) =>
        new(CrmUrls.Root(_options.EnvironmentUrl!), $"main.aspx?pagetype=entityrecord&etn={table}&id={id}");

    /// <summary>Dataverse errors: <c>{"error":{"code":"0x80040217","message":"..."}}</c>.</summary>
    private static (string?, string?) ReadError(JsonNode? json) =>
        (json?["error"]?["code"]?.ToString(), json?["error"]?["message"]?.ToString());
}
