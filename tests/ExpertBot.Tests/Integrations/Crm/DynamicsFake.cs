using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ExpertBot.Tests.Integrations.Crm;

/// <summary>A Dataverse incident as the fake keeps it.</summary>
internal sealed record DataverseIncident(Guid Id, string TicketNumber, string Title, string Status, string Priority, string Account, decimal Revenue, string Contact, string Product);

internal sealed record DataverseRecord(Guid Id, JsonObject Columns);

/// <summary>
/// A local Dataverse Web API v9.2: incidents queried with $filter/$select/$expand (formatted values only when the
/// Prefer header asks for them), annotations, knowledgearticles and knowledgearticleincidents created by PATCH to
/// their id (upsert; If-None-Match: * makes it create-only, 412 when the row exists), OData error bodies
/// (<c>{"error":{"code","message"}}</c>) and bearer tokens as the fake Entra issues them.
/// </summary>
internal sealed partial class DynamicsFake : CrmFake
{
    public const string Api = "/api/data/v9.2/";
    private readonly Dictionary<Guid, DataverseIncident> _incidents = [];
    private int _articleNumbers = 1000;

    public Dictionary<Guid, DataverseRecord> Annotations { get; } = [];
    public Dictionary<Guid, DataverseRecord> Articles { get; } = [];
    public Dictionary<Guid, DataverseRecord> ArticleIncidents { get; } = [];

    public void Add(DataverseIncident incident)
    {
        lock (Gate)
        {
            _incidents[incident.Id] = incident;
        }
    }

    public List<DataverseRecord> NotesOn(Guid incidentId)
    {
        lock (Gate)
        {
            return [.. Annotations.Values.Where(a => a.Columns["objectid_incident@odata.bind"]!.GetValue<string>() == $"/incidents({incidentId})")];
        }
    }

    protected override (string Code, string Message) Throttled =>
        ("0x80072322", "Number of requests exceeded the limit of 6000 over time window of 300 seconds.");

    protected override bool Authorized(FakeRequest request) =>
        request.Header("Authorization") is { } auth && auth.StartsWith("Bearer fake-bot-token-", StringComparison.Ordinal);

    protected override FakeResponse Error(int status, string code, string message) =>
        new(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    protected override FakeResponse Handle(FakeRequest request)
    {
        if (request.Header("OData-Version") != "4.0")
        {
            return Error(400, "0x80060888", "OData-Version 4.0 expected");
        }
        var path = request.Path.StartsWith(Api, StringComparison.Ordinal) ? request.Path[Api.Length..] : null;
        if (path is null)
        {
            return Error(404, "0x8006088a", $"Resource not found for the segment '{request.Path}'.");
        }
        if (request.Method == "GET" && path == "incidents")
        {
            return QueryIncidents(request);
        }
        if (Keyed().Match(path) is { Success: true } keyed && Guid.TryParse(keyed.Groups[2].Value, out var id))
        {
            var set = keyed.Groups[1].Value;
            var table = set switch
            {
                "annotations" => Annotations,
                "knowledgearticles" => Articles,
                "knowledgearticleincidents" => ArticleIncidents,
                _ => null,
            };
            if (table is null)
            {
                return Error(404, "0x8006088a", $"Resource not found for the segment '{set}'.");
            }
            if (request.Method == "GET")
            {
                return table.TryGetValue(id, out var row)
                    ? new FakeResponse(200, Select(row, request.Query["$select"]))
                    : Error(404, "0x80040217", $"{set} With Id = {id} Does Not Exist");
            }
            if (request.Method == "PATCH")
            {
                return Upsert(request, set, table, id);
            }
        }
        return Error(404, "0x8006088a", $"Resource not found for the segment '{path}'.");
    }

    private FakeResponse QueryIncidents(FakeRequest request)
    {
        var filter = request.Query["$filter"] ?? "";
        IEnumerable<DataverseIncident> rows = _incidents.Values;
        if (TicketFilter().Match(filter) is { Success: true } byNumber)
        {
            var number = byNumber.Groups[1].Value.Replace("''", "'");
            rows = rows.Where(i => i.TicketNumber == number);
        }
        else if (IdFilter().Match(filter) is { Success: true } byId)
        {
            rows = rows.Where(i => i.Id == Guid.Parse(byId.Groups[1].Value));
        }
        else
        {
            return Error(400, "0x80060888", $"unsupported $filter {filter}");
        }
        var expand = request.Query["$expand"] ?? "";
        var formatted = (request.Header("Prefer") ?? "").Contains("OData.Community.Display.V1.FormattedValue", StringComparison.Ordinal);
        var value = new JsonArray();
        foreach (var i in rows.Take(int.TryParse(request.Query["$top"], out var top) ? top : 5000))
        {
            var row = new JsonObject
            {
                ["@odata.etag"] = "W/\"1234567\"",
                ["incidentid"] = i.Id.ToString(),
                ["ticketnumber"] = i.TicketNumber,
                ["title"] = i.Title,
                ["statuscode"] = 1,
                ["prioritycode"] = 2,
            };
            if (formatted)
            {
                row["statuscode@OData.Community.Display.V1.FormattedValue"] = i.Status;
                row["prioritycode@OData.Community.Display.V1.FormattedValue"] = i.Priority;
            }
            if (expand.Contains("customerid_account(", StringComparison.Ordinal))
            {
                row["customerid_account"] = new JsonObject { ["name"] = i.Account, ["revenue"] = i.Revenue, ["accountid"] = Guid.NewGuid().ToString() };
            }
            if (expand.Contains("customerid_contact(", StringComparison.Ordinal))
            {
                row["customerid_contact"] = null;
            }
            if (expand.Contains("primarycontactid(", StringComparison.Ordinal))
            {
                row["primarycontactid"] = new JsonObject { ["fullname"] = i.Contact, ["contactid"] = Guid.NewGuid().ToString() };
            }
            if (expand.Contains("productid(", StringComparison.Ordinal))
            {
                row["productid"] = new JsonObject { ["name"] = i.Product, ["productid"] = Guid.NewGuid().ToString() };
            }
            value.Add(row);
        }
        return new FakeResponse(200, new JsonObject { ["@odata.context"] = "https://fake.crm.dynamics.com/api/data/v9.2/$metadata#incidents", ["value"] = value });
    }

    private FakeResponse Upsert(FakeRequest request, string set, Dictionary<Guid, DataverseRecord> table, Guid id)
    {
        var columns = request.Json?.AsObject() ?? new JsonObject();
        var exists = table.ContainsKey(id);
        if (exists && request.Header("If-None-Match") == "*")
        {
            return Error(412, "0x80040237", "A record with matching key values already exists.");
        }
        if (!exists && request.Header("If-Match") == "*")
        {
            return Error(404, "0x80040217", $"{set} With Id = {id} Does Not Exist");
        }
        foreach (var (name, value) in columns)
        {
            if (name.EndsWith("@odata.bind", StringComparison.Ordinal)
                && (value?.GetValue<string>() is not { } bind || BoundIncident().Match(bind) is { Success: true } m && !_incidents.ContainsKey(Guid.Parse(m.Groups[1].Value))))
            {
                return Error(404, "0x80040217", $"incident With Id = {value} Does Not Exist");
            }
        }
        if (set == "annotations" && columns["isdocument"]?.GetValue<bool>() != false)
        {
            return Error(400, "0x80040203", "isdocument must be false for a note");
        }
        if (exists)
        {
            foreach (var (name, value) in columns)
            {
                table[id].Columns[name] = value?.DeepClone();
            }
        }
        else
        {
            var row = (JsonObject)columns.DeepClone();
            if (set == "knowledgearticles")
            {
                row["articlepublicnumber"] = $"KA-0{++_articleNumbers}";
                row["statecode"] = 0; // draft
            }
            table[id] = new DataverseRecord(id, row);
        }
        return new FakeResponse(204, null, new Dictionary<string, string> { ["OData-EntityId"] = $"{BaseUrl}api/data/v9.2/{set}({id})" });
    }

    private static JsonObject Select(DataverseRecord row, string? select)
    {
        var result = new JsonObject { ["@odata.etag"] = "W/\"1\"" };
        foreach (var column in (select ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            result[column] = row.Columns[column]?.DeepClone();
        }
        return result;
    }

    [GeneratedRegex(@"^([a-z]+)\(([0-9a-fA-F-]{36})\)$")]
    private static partial Regex Keyed();

    [GeneratedRegex(@"^ticketnumber eq '((?:[^']|'')*)'$")]
    private static partial Regex TicketFilter();

    [GeneratedRegex(@"^incidentid eq ([0-9a-fA-F-]{36})$")]
    private static partial Regex IdFilter();

    [GeneratedRegex(@"^/incidents\(([0-9a-fA-F-]{36})\)$")]
    private static partial Regex BoundIncident();
}
