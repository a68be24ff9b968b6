using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Web;

namespace ExpertBot.Tests.Integrations.Crm;

/// <summary>
/// A local Salesforce REST API: the OAuth 2.0 client-credentials token endpoint, SOQL queries (SELECT fields with
/// relationship paths, WHERE conditions = and LIKE joined by AND, LIMIT; results in batches with nextRecordsUrl;
/// knowledge article versions only with a PublishStatus filter), sObject creation (201 {"id","success","errors"}),
/// CommentBody limited to 4,000 bytes, UrlName unique, and errors as [{"message","errorCode","fields"}].
/// </summary>
internal sealed partial class SalesforceFake : CrmFake
{
    public const string ClientId = "3MVG9fake.connected.app.key";
    public const string ClientSecret = "test-only-consumer-secret";
    public const string Api = "/services/data/v60.0/";

    private readonly Dictionary<string, List<JsonObject>> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<JsonObject>> _cursors = [];
    private readonly HashSet<string> _tokens = [];
    private int _ids;

    public int TokensIssued { get; private set; }

    /// <summary>Records per query answer before nextRecordsUrl (Salesforce's default is 2,000).</summary>
    public int BatchSize { get; set; } = 2000;

    public void Add(string sobject, JsonObject record)
    {
        lock (Gate)
        {
            Objects(sobject).Add(record);
        }
    }

    public List<JsonObject> Records(string sobject)
    {
        lock (Gate)
        {
            return [.. Objects(sobject)];
        }
    }

    protected override (string Code, string Message) Throttled => ("REQUEST_LIMIT_EXCEEDED", "ConcurrentPerOrgLongTxn Limit exceeded.");

    protected override bool Authorized(FakeRequest request) =>
        request.Path == "/services/oauth2/token"
        || (request.Header("Authorization") is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal) && _tokens.Contains(auth["Bearer ".Length..]));

    protected override FakeResponse Error(int status, string code, string message) => status == 401
        ? new(401, new JsonArray(new JsonObject { ["message"] = "Session expired or invalid", ["errorCode"] = "INVALID_SESSION_ID" }))
        : new(status, new JsonArray(new JsonObject { ["message"] = message, ["errorCode"] = code, ["fields"] = new JsonArray() }));

    protected override FakeResponse Handle(FakeRequest request)
    {
        if (request.Path == "/services/oauth2/token" && request.Method == "POST")
        {
            return Token(request);
        }
        if (!request.Path.StartsWith(Api, StringComparison.Ordinal))
        {
            return Error(404, "NOT_FOUND", "The requested resource does not exist");
        }
        var rest = request.Path[Api.Length..];
        return (request.Method, rest.Split('/')) switch
        {
            ("GET", ["query"]) => Query(request.Query["q"] ?? ""),
            ("GET", ["query", var cursor]) => NextBatch(cursor),
            ("POST", ["sobjects", var sobject]) => Create(sobject, request.Json!.AsObject()),
            _ => Error(404, "NOT_FOUND", "The requested resource does not exist"),
        };
    }

    private FakeResponse Token(FakeRequest request)
    {
        var form = HttpUtility.ParseQueryString(request.Body);
        if (form["grant_type"] != "client_credentials" || form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            return new FakeResponse(400, new JsonObject { ["error"] = "invalid_client", ["error_description"] = "invalid client credentials" });
        }
        var token = $"00D5g000004Ja2x!sf-token-{++TokensIssued}";
        _tokens.Add(token);
        // No expires_in: a Salesforce token lives as long as the session timeout of the run-as user.
        return new FakeResponse(200, new JsonObject
        {
            ["access_token"] = token, ["signature"] = "c2lnbmF0dXJl", ["scope"] = "api", ["instance_url"] = BaseUrl.ToString().TrimEnd('/'),
            ["id"] = "https://login.salesforce.com/id/00D5g000004Ja2xEAC/0055g00000AbCdEAAV", ["token_type"] = "Bearer", ["issued_at"] = "1772442000000",
        });
    }

    private FakeResponse Query(string soql)
    {
        if (Select().Match(soql) is not { Success: true } m)
        {
            return Error(400, "MALFORMED_QUERY", $"unexpected query: {soql}");
        }
        var fields = m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries);
        var sobject = m.Groups[2].Value;
        var conditions = m.Groups[3].Success ? m.Groups[3].Value.Split(" AND ") : [];
        var parsed = new List<(string Field, string Op, string Value)>();
        foreach (var condition in conditions)
        {
            if (Condition().Match(condition) is not { Success: true } c)
            {
                return Error(400, "MALFORMED_QUERY", $"unexpected condition: {condition}");
            }
            parsed.Add((c.Groups[1].Value, c.Groups[2].Value, c.Groups[3].Value.Replace("\\'", "'").Replace("\\\\", "\\")));
        }
        if (sobject.EndsWith("__kav", StringComparison.Ordinal) && !parsed.Any(p => p.Field is "PublishStatus" or "Id"))
        {
            return Error(400, "MALFORMED_QUERY", "Implementation restriction: When querying the Knowledge Article Version, you must filter on PublishStatus");
        }
        var rows = Objects(sobject).Where(r => parsed.All(p => Matches(r, p))).ToList();
        if (m.Groups[4].Success)
        {
            rows = [.. rows.Take(int.Parse(m.Groups[4].Value))];
        }
        var shaped = rows.Select(r => Shape(sobject, r, fields)).ToList();
        return Batch(shaped, shaped.Count);
    }

    private FakeResponse NextBatch(string cursor) =>
        _cursors.Remove(cursor, out var rest) ? Batch(rest, -1) : Error(404, "INVALID_QUERY_LOCATOR", "invalid query locator");

    private FakeResponse Batch(List<JsonObject> rows, int total)
    {
        var page = rows.Take(BatchSize).ToList();
        var body = new JsonObject { ["totalSize"] = total < 0 ? rows.Count : total, ["done"] = rows.Count <= BatchSize, ["records"] = new JsonArray([.. page]) };
        if (rows.Count > BatchSize)
        {
            var cursor = $"01gD{++_ids:D11}-{BatchSize}";
            _cursors[cursor] = rows.Skip(BatchSize).ToList();
            body["nextRecordsUrl"] = $"{Api}query/{cursor}";
        }
        return new FakeResponse(200, body);
    }

    private FakeResponse Create(string sobject, JsonObject values)
    {
        var record = (JsonObject)values.DeepClone();
        switch (sobject)
        {
            case "CaseComment":
                if (Encoding.UTF8.GetByteCount(record["CommentBody"]?.GetValue<string>() ?? "") > 4000)
                {
                    return Error(400, "STRING_TOO_LONG", "Body: data value too large (max length=4000)");
                }
                if (!Objects("Case").Any(c => c["Id"]!.GetValue<string>() == record["ParentId"]?.GetValue<string>()))
                {
                    return Error(400, "FIELD_INTEGRITY_EXCEPTION", "Parent ID: id value of incorrect type");
                }
                record["Id"] = NewId("00a");
                record["IsPublished"] ??= true;
                break;
            case "Knowledge__kav":
                var urlName = record["UrlName"]?.GetValue<string>();
                if (Objects(sobject).Any(a => a["UrlName"]!.GetValue<string>() == urlName))
                {
                    return Error(400, "DUPLICATE_VALUE", "duplicate value found: UrlName duplicates value on record with id: ka1");
                }
                record["Id"] = NewId("ka1");
                record["KnowledgeArticleId"] = NewId("ka0");
                record["ArticleNumber"] = $"{1000 + Objects(sobject).Count + 1:D9}";
                record["PublishStatus"] = "Draft";
                break;
            case "CaseArticle":
                record["Id"] = NewId("0z8");
                break;
            default:
                return Error(404, "NOT_FOUND", $"The requested resource does not exist: {sobject}");
        }
        Objects(sobject).Add(record);
        return new FakeResponse(201, new JsonObject { ["id"] = record["Id"]!.GetValue<string>(), ["success"] = true, ["errors"] = new JsonArray() });
    }

    private string NewId(string prefix) => $"{prefix}5g00000{++_ids:D5}AAA";

    private static bool Matches(JsonObject record, (string Field, string Op, string Value) condition)
    {
        var actual = Path(record, condition.Field)?.ToString();
        if (condition.Op == "=")
        {
            return actual == condition.Value;
        }
        var pattern = "^" + Regex.Escape(condition.Value).Replace("%", ".*").Replace("_", ".") + "$";
        return actual is not null && Regex.IsMatch(actual, pattern, RegexOptions.Singleline | RegexOptions.IgnoreCase);
    }

    private static JsonObject Shape(string sobject, JsonObject record, string[] fields)
    {
        var shaped = new JsonObject { ["attributes"] = new JsonObject { ["type"] = sobject, ["url"] = $"{Api}sobjects/{sobject}/{record["Id"]}" } };
        foreach (var field in fields)
        {
            var parts = field.Split('.');
            var target = shaped;
            for (var i = 0; i < parts.Length - 1; i++)
            {
                target = (JsonObject)(target[parts[i]] ??= new JsonObject { ["attributes"] = new JsonObject { ["type"] = parts[i] } });
            }
            target[parts[^1]] = Path(record, field)?.DeepClone();
        }
        return shaped;
    }

    private static JsonNode? Path(JsonObject record, string path)
    {
        JsonNode? node = record;
        foreach (var part in path.Split('.'))
        {
            node = node?[part];
        }
        return node;
    }

    private List<JsonObject> Objects(string name) => _objects.TryGetValue(name, out var rows) ? rows : _objects[name] = [];

    [GeneratedRegex(@"^SELECT (.+?) FROM (\w+)(?: WHERE (.+?))?(?: LIMIT (\d+))?$", RegexOptions.Singleline)]
    private static partial Regex Select();

    [GeneratedRegex(@"^([\w.]+) (=|LIKE) '((?:[^'\\]|\\.)*)'$", RegexOptions.Singleline)]
    private static partial Regex Condition();
}
