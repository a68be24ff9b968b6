using System.Text;
using System.Text.Json.Nodes;
using System.Web;

namespace ExpertBot.Tests.Integrations.Crm;

/// <summary>
/// A local ServiceNow Table API: GET /api/now/table/{table} with encoded queries (field=value, fieldLIKEtext, joined by ^),
/// sysparm_fields, sysparm_limit and sysparm_display_value; PATCH /api/now/table/{table}/{sys_id} where work_notes
/// becomes a sys_journal_field entry (as the platform does); POST to create; answers wrapped in {"result": ...},
/// errors as {"error":{"message","detail"},"status":"failure"}. Auth is Basic, or Bearer tokens from its own
/// /oauth_token.do (client credentials).
/// </summary>
internal sealed class ServiceNowFake : CrmFake
{
    public const string User = "expertbot.integration";
    public const string Password = "test-only-password";
    public const string ClientId = "3f4c0000000000000000000000000abc";
    public const string ClientSecret = "test-only-client-secret";

    private readonly Dictionary<string, List<JsonObject>> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _display = new(StringComparer.Ordinal);
    private readonly HashSet<string> _tokens = [];
    private int _ids;

    public int TokensIssued { get; private set; }

    public static string SysId(int n) => n.ToString("x32");

    public List<JsonObject> Rows(string table)
    {
        lock (Gate)
        {
            return _tables.TryGetValue(table, out var rows) ? [.. rows] : [];
        }
    }

    /// <summary>Adds a row; <paramref name="display"/> holds the display values of its reference fields.</summary>
    public void Add(string table, JsonObject row, JsonObject? display = null)
    {
        lock (Gate)
        {
            Table(table).Add(row);
            if (display is not null)
            {
                _display[row["sys_id"]!.GetValue<string>()] = display;
            }
        }
    }

    public List<JsonObject> WorkNotes(string caseSysId) =>
        [.. Rows("sys_journal_field").Where(j => j["element_id"]!.GetValue<string>() == caseSysId && j["element"]!.GetValue<string>() == "work_notes")];

    protected override bool Authorized(FakeRequest request)
    {
        if (request.Path == "/oauth_token.do")
        {
            return true;
        }
        var auth = request.Header("Authorization") ?? "";
        return auth == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"))
            || (auth.StartsWith("Bearer ", StringComparison.Ordinal) && _tokens.Contains(auth["Bearer ".Length..]));
    }

    protected override FakeResponse Error(int status, string code, string message) =>
        new(status, new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["detail"] = code }, ["status"] = "failure" });

    protected override FakeResponse Handle(FakeRequest request)
    {
        if (request.Path == "/oauth_token.do" && request.Method == "POST")
        {
            return Token(request);
        }
        var segments = request.Path.Trim('/').Split('/');
        if (segments is not ["api", "now", "table", var table, ..])
        {
            return Error(400, "Invalid path", $"Requested URI does not represent any resource: {request.Path}");
        }
        var id = segments.Length > 4 ? segments[4] : null;
        return (request.Method, id) switch
        {
            ("GET", null) => Query(table, request),
            ("PATCH", { } sysId) => Update(table, sysId, request.Json!.AsObject(), request),
            ("POST", null) => Create(table, request.Json!.AsObject(), request),
            _ => Error(405, "Method not supported", $"{request.Method} {request.Path}"),
        };
    }

    private FakeResponse Token(FakeRequest request)
    {
        var form = HttpUtility.ParseQueryString(request.Body);
        if (form["grant_type"] != "client_credentials" || form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            return new FakeResponse(401, new JsonObject { ["error"] = "access_denied", ["error_description"] = "access_denied" });
        }
        var token = $"sn-token-{++TokensIssued}";
        _tokens.Add(token);
        return new FakeResponse(200, new JsonObject { ["access_token"] = token, ["scope"] = "useraccount", ["token_type"] = "Bearer", ["expires_in"] = 1799 });
    }

    private FakeResponse Query(string table, FakeRequest request)
    {
        var conditions = (request.Query["sysparm_query"] ?? "").Split('^', StringSplitOptions.RemoveEmptyEntries);
        var rows = Table(table).Where(row => conditions.All(c => Matches(row, c)));
        if (int.TryParse(request.Query["sysparm_limit"], out var limit))
        {
            rows = rows.Take(limit);
        }
        var display = request.Query["sysparm_display_value"] == "true";
        var fields = request.Query["sysparm_fields"]?.Split(',');
        return new FakeResponse(200, new JsonObject { ["result"] = new JsonArray([.. rows.Select(r => Shape(r, fields, display))]) });
    }

    private FakeResponse Update(string table, string sysId, JsonObject changes, FakeRequest request)
    {
        if (Table(table).FirstOrDefault(r => r["sys_id"]!.GetValue<string>() == sysId) is not { } row)
        {
            return Error(404, "Record doesn't exist or ACL restricts the record retrieval", "No Record found");
        }
        foreach (var (name, value) in changes)
        {
            if (name is "work_notes" or "comments")
            {
                // Journal fields are not stored on the row: each write is a new journal entry.
                Table("sys_journal_field").Add(new JsonObject
                {
                    ["sys_id"] = SysId(++_ids + 5000),
                    ["name"] = table,
                    ["element"] = name,
                    ["element_id"] = sysId,
                    ["value"] = value!.GetValue<string>(),
                    ["sys_created_on"] = "2026-03-02 09:00:00",
                });
                continue;
            }
            row[name] = value?.DeepClone();
        }
        return new FakeResponse(200, new JsonObject { ["result"] = Shape(row, request.Query["sysparm_fields"]?.Split(','), false) });
    }

    private FakeResponse Create(string table, JsonObject values, FakeRequest request)
    {
        var row = (JsonObject)values.DeepClone();
        row["sys_id"] = SysId(++_ids + 9000);
        if (table == "kb_knowledge")
        {
            if (row["kb_knowledge_base"] is null)
            {
                return Error(403, "Operation Failed", "Data Policy Exception: Knowledge base is mandatory");
            }
            row["number"] = $"KB00{10000 + _ids}";
        }
        Table(table).Add(row);
        return new FakeResponse(201, new JsonObject { ["result"] = Shape(row, request.Query["sysparm_fields"]?.Split(','), false) });
    }

    private static bool Matches(JsonObject row, string condition)
    {
        var like = condition.IndexOf("LIKE", StringComparison.Ordinal);
        var equals = condition.IndexOf('=', StringComparison.Ordinal);
        if (like > 0 && (equals < 0 || like < equals))
        {
            return row[condition[..like]]?.GetValue<string>().Contains(condition[(like + 4)..], StringComparison.OrdinalIgnoreCase) == true;
        }
        return equals > 0 && row[condition[..equals]]?.GetValue<string>() == condition[(equals + 1)..];
    }

    private JsonObject Shape(JsonObject row, string[]? fields, bool display)
    {
        var shaped = new JsonObject();
        var displayValues = _display.GetValueOrDefault(row["sys_id"]!.GetValue<string>());
        foreach (var (name, value) in row)
        {
            if (fields is null || fields.Contains(name))
            {
                shaped[name] = display && displayValues?[name] is { } shown ? shown.DeepClone() : value?.DeepClone();
            }
        }
        return shaped;
    }

    private List<JsonObject> Table(string name) => _tables.TryGetValue(name, out var rows) ? rows : _tables[name] = [];
}
