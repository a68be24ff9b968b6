using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace ExpertBot.Integrations.Crm.Webhook;

/// <summary>
/// Any other case system, through a receiver of your own: each note or article draft is one signed JSON POST. Every
/// delivery carries an id fixed by the idempotency key (X-ExpertBot-Delivery), the same on every retry, so the
/// receiver de-duplicates and the POST may be repeated after an unclear failure, inside the call too. Exactly once is
/// thus shared: ExpertBot delivers at least once with one id, the receiver processes each id once. It cannot read cases.
/// </summary>
internal sealed class WebhookCaseSystem : ICaseSystem
{
    private readonly CrmHttp _http;
    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookCaseSystem> _logger;

    public WebhookCaseSystem(HttpClient http, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookCaseSystem> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _http = new CrmHttp(http, _options.DisplayName, ReadError, time);
    }

    public string DisplayName => _options.DisplayName;

    public CaseSystemFeatures Features => CaseSystemFeatures.InternalNotes | CaseSystemFeatures.ArticleDrafts;

    public Task<CrmCase?> FindCaseAsync(string caseReference, CancellationToken ct) =>
        Task.FromException<CrmCase?>(_http.Permanent("read case", "a webhook only receives resolutions; it cannot be asked for a case."));

    public async Task<WrittenNote> AddInternalNoteAsync(InternalNote note, CancellationToken ct)
    {
        var delivery = IdempotencyMarker.RecordId("webhook-note", note.IdempotencyKey).ToString();
        var payload = new JsonObject
        {
            ["event"] = "case.note",
            ["deliveryId"] = delivery,
            ["idempotencyKey"] = note.IdempotencyKey,
            ["case"] = new JsonObject { ["reference"] = note.CaseReference },
            ["note"] = new JsonObject { ["subject"] = note.Subject, ["text"] = note.Text, ["internal"] = true },
        };
        var (id, url, duplicate) = await DeliverAsync("case.note", delivery, payload, "add note", ct);
        var written = new WrittenNote(DisplayName, note.CaseReference, id ?? delivery, url, 1, duplicate);
        Log.Written(_logger, written);
        return written;
    }

    public async Task<WrittenArticle> CreateArticleDraftAsync(ArticleDraft draft, CancellationToken ct)
    {
        var delivery = IdempotencyMarker.RecordId("webhook-article", draft.IdempotencyKey).ToString();
        var payload = new JsonObject
        {
            ["event"] = "knowledge.draft",
            ["deliveryId"] = delivery,
            ["idempotencyKey"] = draft.IdempotencyKey,
            ["article"] = new JsonObject
            {
                ["title"] = draft.Title,
                ["issue"] = draft.Issue,
                ["environment"] = draft.Environment,
                ["cause"] = draft.Cause,
                ["resolution"] = draft.Resolution,
                ["audience"] = draft.Audience == ArticleAudience.Internal ? "internal" : "external",
                ["contributors"] = new JsonArray([.. draft.Contributors.Select(c => (JsonNode)c)]),
                ["html"] = ArticleContent.Html(draft),
            },
        };
        var (id, url, duplicate) = await DeliverAsync("knowledge.draft", delivery, payload, "create article draft", ct);
        var written = new WrittenArticle(DisplayName, id ?? delivery, null, url, duplicate);
        Log.Written(_logger, written);
        return written;
    }

    public Task<ArticleLink> LinkArticleAsync(string caseReference, string articleId, CancellationToken ct) =>
        Task.FromException<ArticleLink>(_http.Permanent("link article", "a webhook receives the article draft; linking is the receiver's."));

    /// <summary>
    /// POSTs the signed payload. The receiver may answer <c>{"id","url","duplicate"}</c> (all optional); any 2xx is
    /// delivered, and a receiver answers 2xx again for a delivery id it already processed.
    /// </summary>
    private async Task<(string? Id, Uri? Url, bool Duplicate)> DeliverAsync(string @event, string delivery, JsonObject payload, string operation, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, _options.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.EventHeader, @event);
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(_options.Secret, timestamp, body));
        // The receiver de-duplicates by delivery id: resending cannot process twice.
        request.Options.Set(CrmResilience.Repeatable, true);
        var response = await _http.SendOkAsync(request, operation, ct);
        Log.WebhookDelivered(_logger, delivery, @event, (int)response.Status);
        var json = response.Json as JsonObject;
        var url = json?["url"]?.ToString() is { } u && Uri.TryCreate(u, UriKind.Absolute, out var parsed) ? parsed : null;
        return (json?["id"]?.ToString(), url, json?["duplicate"] is JsonValue d && d.TryGetValue<bool>(out var duplicate) && duplicate);
    }

    /// <summary>Receivers' errors: <c>{"error":"...","message":"..."}</c> when they send JSON at all.</summary>
    private static (string?, string?) ReadError(JsonNode? json) =>
        json is JsonObject o ? (o["error"]?.ToString(), o["message"]?.ToString()) : (null, null);
}
