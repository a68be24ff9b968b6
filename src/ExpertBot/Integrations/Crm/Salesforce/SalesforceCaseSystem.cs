using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ExpertBot.Integrations.Crm.Salesforce;

/// <summary>
/// Salesforce through the REST API: the Case by CaseNumber (SOQL), internal notes as unpublished CaseComments (split in
/// parts of 4,000 bytes, each with its own marker), Knowledge article drafts, CaseArticle links. sObject creation takes
/// no idempotency key: comments are found by their marker (CommentBody is filterable with LIKE) and articles by their
/// UrlName, which is derived from the key and unique per org, before anything is created. A create whose answer was
/// lost is not repeated inside the call: it fails retriable, and the next call finds what it wrote.
/// </summary>
internal sealed partial class SalesforceCaseSystem : ICaseSystem
{
    public const string Name = "Salesforce";

    /// <summary>Error codes that say "later", whatever the status: the org's daily API limit, a record locked by another save.</summary>
    private static readonly string[] RetriableCodes = ["REQUEST_LIMIT_EXCEEDED", "UNABLE_TO_LOCK_ROW", "SERVER_UNAVAILABLE"];

    private readonly CrmHttp _http;
    private readonly SalesforceOptions _options;
    private readonly ILogger<SalesforceCaseSystem> _logger;

    public SalesforceCaseSystem(HttpClient http, IOptions<SalesforceOptions> options, TimeProvider time, ILogger<SalesforceCaseSystem> logger)
    {
        _options = options.Value;
        _logger = logger;
        _http = new CrmHttp(http, Name, ReadError, time);
    }

    public string DisplayName => Name;

    public CaseSystemFeatures Features =>
        CaseSystemFeatures.ReadCases | CaseSystemFeatures.InternalNotes | CaseSystemFeatures.ArticleDrafts | CaseSystemFeatures.ArticleLinks;

    private string Data => $"services/data/{_options.ApiVersion}/";

    public async Task<CrmCase?> FindCaseAsync(string caseReference, CancellationToken ct)
    {
        var reference = caseReference.Trim();
        if (reference.Length == 0)
        {
            return null;
        }
        var where = CaseId().IsMatch(reference) ? $"Id = '{reference}'" : $"CaseNumber = '{Soql(reference)}'";
        List<string> fields = ["Id", "CaseNumber", "Subject", "Status", "Priority", "Account.Name", "Contact.Name"];
        fields.AddRange(new[] { _options.ProductField, _options.AccountValueField }.Where(f => f.Length > 0));
        var row = await QueryOneAsync($"SELECT {string.Join(", ", fields.Distinct())} FROM Case WHERE {where} LIMIT 1", "read case", ct);
        if (row is null)
        {
            return null;
        }
        var id = Field(row, "Id")!.ToString();
        var value = _options.AccountValueField.Length > 0 && Field(row, _options.AccountValueField) is JsonValue v && v.TryGetValue<decimal>(out var d) ? d : (decimal?)null;
        return new CrmCase(id, Field(row, "CaseNumber")?.ToString() ?? id, Field(row, "Subject")?.ToString() ?? "",
            Field(row, "Status")?.ToString(), Field(row, "Account.Name")?.ToString(), Field(row, "Contact.Name")?.ToString(),
            _options.ProductField.Length > 0 ? Field(row, _options.ProductField)?.ToString() : null, Field(row, "Priority")?.ToString(), value,
            RecordUrl("Case", id));
    }

    public async Task<WrittenNote> AddInternalNoteAsync(InternalNote note, CancellationToken ct)
    {
        var found = await FindCaseAsync(note.CaseReference, ct) ?? throw _http.CaseNotFound("add note", note.CaseReference);
        var parts = CaseCommentParts.Split($"{note.Subject}\n\n{note.Text}", note.IdempotencyKey, _options.MaxCommentParts);
        var token = IdempotencyMarker.Token(note.IdempotencyKey);
        var existing = await QueryAsync(
            $"SELECT Id, CommentBody FROM CaseComment WHERE ParentId = '{found.Id}' AND CommentBody LIKE '%[expertbot:{token}%'", "search notes", ct);
        var ids = new List<string>();
        var written = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            var marker = IdempotencyMarker.PartMarker(note.IdempotencyKey, i + 1, parts.Count);
            if (existing.FirstOrDefault(c => Field(c, "CommentBody")?.ToString().Contains(marker, StringComparison.Ordinal) == true) is { } done)
            {
                ids.Add(Field(done, "Id")!.ToString());
                continue;
            }
            // IsPublished false: an internal comment, never shown to the customer in portals or emails.
            var body = new JsonObject { ["ParentId"] = found.Id, ["CommentBody"] = parts[i], ["IsPublished"] = false };
            ids.Add(await CreateAsync("CaseComment", body, "add note", ct));
            written++;
        }
        var result = new WrittenNote(Name, found.Number, ids[0], found.Url, parts.Count, AlreadyWritten: written == 0);
        Log.Written(_logger, result);
        return result;
    }

    public async Task<WrittenArticle> CreateArticleDraftAsync(ArticleDraft draft, CancellationToken ct)
    {
        // UrlName is unique per org and language: derived from the key, it finds the draft an earlier attempt created.
        var token = IdempotencyMarker.Token(draft.IdempotencyKey).Replace("-", "", StringComparison.Ordinal)[..16];
        var urlName = $"{IdempotencyMarker.Slug(draft.Title, 60)}-{token}".TrimStart('-');
        if (await FindArticleAsync(urlName, ct) is { } existing)
        {
            return Done(Article(existing, alreadyWritten: true));
        }
        var external = draft.Audience == ArticleAudience.External;
        var body = new JsonObject
        {
            ["Title"] = ArticleContent.Clip(draft.Title, 255),
            ["UrlName"] = urlName,
            ["Language"] = _options.ArticleLanguage,
            ["Summary"] = ArticleContent.Clip(_options.ArticleBodyField.Length > 0 ? draft.Issue : ArticleContent.Text(draft), 1000),
            ["IsVisibleInApp"] = true,
            ["IsVisibleInPkb"] = external,
            ["IsVisibleInCsp"] = external,
            ["IsVisibleInPrm"] = external,
        };
        if (_options.ArticleBodyField.Length > 0)
        {
            body[_options.ArticleBodyField] = ArticleContent.Html(draft);
        }
        if (_options.ArticleRecordTypeId.Length > 0)
        {
            body["RecordTypeId"] = _options.ArticleRecordTypeId;
        }
        try
        {
            await CreateAsync(_options.ArticleObject, body, "create article draft", ct);
        }
        catch (CrmPermanentException e) when (e.ErrorCode == "DUPLICATE_VALUE")
        {
            // Published (or created by a concurrent attempt) since we looked: it is ours if its UrlName is.
            var raced = await FindArticleAsync(urlName, ct);
            if (raced is null)
            {
                throw;
            }
            return Done(Article(raced, alreadyWritten: true));
        }
        return Done(Article(await FindArticleAsync(urlName, ct) ?? throw _http.Permanent("create article draft", "the new draft could not be read back."),
            alreadyWritten: false));
    }

    public async Task<ArticleLink> LinkArticleAsync(string caseReference, string articleId, CancellationToken ct)
    {
        if (!KnowledgeArticleId().IsMatch(articleId))
        {
            throw _http.Permanent("link article", $"'{articleId}' is not a KnowledgeArticleId (ka0...).");
        }
        var found = await FindCaseAsync(caseReference, ct) ?? throw _http.CaseNotFound("link article", caseReference);
        var existing = await QueryOneAsync($"SELECT Id FROM CaseArticle WHERE CaseId = '{found.Id}' AND KnowledgeArticleId = '{articleId}' LIMIT 1", "search links", ct);
        var linkId = existing is not null
            ? Field(existing, "Id")!.ToString()
            : await CreateAsync("CaseArticle", new JsonObject { ["CaseId"] = found.Id, ["KnowledgeArticleId"] = articleId }, "link article", ct);
        Log.ArticleLinked(_logger, Name, articleId, found.Number, existing is not null);
        return new ArticleLink(Name, found.Number, articleId, linkId, existing is not null);
    }

    /// <summary>A draft or published version with this UrlName (version queries must filter on PublishStatus).</summary>
    private async Task<JsonNode?> FindArticleAsync(string urlName, CancellationToken ct)
    {
        foreach (var status in new[] { "Draft", "Online" })
        {
            var row = await QueryOneAsync(
                $"SELECT Id, KnowledgeArticleId, ArticleNumber FROM {_options.ArticleObject} WHERE UrlName = '{Soql(urlName)}' AND PublishStatus = '{status}' AND Language = '{Soql(_options.ArticleLanguage)}' LIMIT 1",
                "search article drafts", ct);
            if (row is not null)
            {
                return row;
            }
        }
        return null;
    }

    private async Task<string> CreateAsync(string sobject, JsonObject body, string operation, CancellationToken ct)
    {
        var response = await _http.SendAsync(CrmHttp.Json(HttpMethod.Post, $"{Data}sobjects/{sobject}", body, repeatable: false), operation, ct);
        if (!response.IsSuccess)
        {
            throw _http.Failure(response, operation, RetriableCodes);
        }
        return response.Json?["id"]?.ToString() ?? throw _http.Permanent(operation, "no id in the answer.");
    }

    private async Task<JsonNode?> QueryOneAsync(string soql, string operation, CancellationToken ct) =>
        (await QueryAsync(soql, operation, ct)).FirstOrDefault();

    /// <summary>The records of a SOQL query, following nextRecordsUrl.</summary>
    private async Task<List<JsonNode>> QueryAsync(string soql, string operation, CancellationToken ct)
    {
        var records = new List<JsonNode>();
        string? url = $"{Data}query?q={Uri.EscapeDataString(soql)}";
        while (url is not null)
        {
            var response = await _http.SendAsync(CrmHttp.Get(url), operation, ct);
            if (!response.IsSuccess)
            {
                throw _http.Failure(response, operation, RetriableCodes);
            }
            records.AddRange(response.Json?["records"]?.AsArray().OfType<JsonNode>() ?? []);
            url = response.Json?["done"]?.GetValue<bool>() == false ? response.Json["nextRecordsUrl"]?.ToString()?.TrimStart('/') : null;
        }
        return records;
    }

    private WrittenArticle Article(JsonNode row, bool alreadyWritten) => new(
        Name, Field(row, "KnowledgeArticleId")!.ToString(), Field(row, "ArticleNumber")?.ToString(),
        RecordUrl(_options.ArticleObject, Field(row, "Id")!.ToString()), alreadyWritten);

    private WrittenArticle Done(WrittenArticle article)
    {
        Log.Written(_logger, article);
        return article;
    }

    private Uri RecordUrl(string sobject, string id) => new(CrmUrls.Root(_options.InstanceUrl!), $"lightning/r/{sobject}/{id}/view");

    /// <summary>A field by its SOQL path (Account.Name is nested as {"Account":{"Name":...}}).</summary>
    private static JsonNode? Field(JsonNode row, string path)
    {
        var node = row;
        foreach (var part in path.Split('.'))
        {
            node = node?[part];
        }
        return node;
    }

    /// <summary>A SOQL string literal's content: backslash and quote escaped.</summary>
    private static string Soql(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);

    /// <summary>REST API errors: <c>[{"message","errorCode","fields"}]</c>.</summary>
    private static (string?, string?) ReadError(JsonNode? json) =>
        json is JsonArray { Count: > 0 } errors ? (errors[0]?["errorCode"]?.ToString(), errors[0]?["message"]?.ToString()) : (null, null);

    [GeneratedRegex("^500[0-9A-Za-z]{12}([0-9A-Za-z]{3})?$")]
    private static partial Regex CaseId();

    [GeneratedRegex("^k[aA]0[0-9A-Za-z]{12}([0-9A-Za-z]{3})?$")]
    private static partial Regex KnowledgeArticleId();
}
