using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ExpertBot.Tests.Experts;

/// <summary>
/// A local Microsoft Graph v1.0 speaking the documented wire format of the calls the directory
/// sync makes: users list with @odata.nextLink, users/delta with @odata.deltaLink and @removed,
/// JSON $batch with per-request statuses, communications/getPresencesByUserId. Failures and
/// throttling are injected per request.
/// </summary>
internal sealed class FakeGraph : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FakeUser> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(int Version, string UserId)> _changes = [];
    private readonly List<Func<HttpRequest, string, (int Status, string? RetryAfter)?>> _faults = [];
    private readonly HashSet<string> _throttleStepOnce = new(StringComparer.OrdinalIgnoreCase);
    private int _version;
    private int _requestCount;

    public FakeGraph()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        Root = $"http://127.0.0.1:{Ports.Free()}";
        builder.WebHost.UseUrls(Root);
        _app = builder.Build();
        _app.Run(HandleAsync);
        // Started off the test's synchronization context: blocking on it there could starve xunit's few threads.
        Task.Run(() => _app.StartAsync()).GetAwaiter().GetResult();
    }

    public string Root { get; }
    public string BaseUrl => $"{Root}/v1.0";

    /// <summary>Server-side page size of listings and delta (Graph picks its own; the client follows nextLink).</summary>
    public int PageSize { get; set; } = 15;

    public ConcurrentQueue<string> Requests { get; } = new();
    public ConcurrentQueue<string> Authorizations { get; } = new();
    public ConcurrentQueue<int> BatchSizes { get; } = new();
    public ConcurrentQueue<string> ProfileSteps { get; } = new();
    public ConcurrentQueue<int> PresenceCallSizes { get; } = new();

    /// <summary>Each checkMemberGroups call as "user:group,group".</summary>
    public ConcurrentQueue<string> MembershipChecks { get; } = new();

    public void Add(FakeUser user)
    {
        lock (_gate)
        {
            _users[user.Id] = user;
            _changes.Add((++_version, user.Id));
        }
    }

    public void Update(string id, Func<FakeUser, FakeUser> change)
    {
        lock (_gate)
        {
            _users[id] = change(_users[id]);
            _changes.Add((++_version, id));
        }
    }

    public void Delete(string id)
    {
        lock (_gate)
        {
            _users.Remove(id);
            _changes.Add((++_version, id));
        }
    }

    /// <summary>Answers requests matched by <paramref name="match"/> (given the request and the running request number) with a status instead.</summary>
    public void Fault(Func<HttpRequest, int, bool> match, int status, string? retryAfter = null)
    {
        lock (_gate)
        {
            var fired = false;
            _faults.Add((request, number) =>
            {
                if (fired || !match(request, int.Parse(number)))
                {
                    return null;
                }
                fired = true;
                return (status, retryAfter);
            });
        }
    }

    /// <summary>The next batch step for this user's profile answers 429 with Retry-After.</summary>
    public void ThrottleProfileStepOnce(string userId)
    {
        lock (_gate)
        {
            _throttleStepOnce.Add(userId);
        }
    }

    private readonly List<(Func<string, bool> Match, TaskCompletionSource Arrived)> _waiters = [];

    /// <summary>Completes when a request whose "METHOD path" matches arrives (or has arrived): a test's cue that the bot is waiting on Graph.</summary>
    public Task ArrivalAsync(Func<string, bool> match)
    {
        lock (_gate)
        {
            if (Requests.Any(match))
            {
                return Task.CompletedTask;
            }
            var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, arrived));
            return arrived.Task;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var number = Interlocked.Increment(ref _requestCount);
        var line = $"{request.Method} {request.Path}{Uri.UnescapeDataString(request.QueryString.Value ?? "")}";
        lock (_gate)
        {
            Requests.Enqueue(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                waiter.Arrived.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
        Authorizations.Enqueue(request.Headers.Authorization.ToString());
        (int Status, string? RetryAfter)? fault;
        lock (_gate)
        {
            fault = _faults.Select(f => f(request, number.ToString())).FirstOrDefault(f => f is not null);
        }
        if (fault is { } f)
        {
            if (f.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = f.RetryAfter;
            }
            await Error(context.Response, f.Status, f.Status == 429 ? "TooManyRequests" : "ServiceError");
            return;
        }
        var path = request.Path.Value ?? "";
        var query = request.Query;
        JsonNode? body = request.Method == "POST" ? await JsonNode.ParseAsync(request.Body) : null;
        JsonNode response;
        lock (_gate)
        {
            response = (request.Method, path) switch
            {
                ("GET", "/v1.0/users") => ListUsers(query),
                ("GET", "/v1.0/users/delta" or "/v1.0/users/microsoft.graph.delta()") => Delta(query),
                ("POST", "/v1.0/$batch") => Batch(body!),
                ("POST", "/v1.0/communications/getPresencesByUserId") => Presence(body!),
                _ when request.Method == "GET" && path.StartsWith("/v1.0/groups/", StringComparison.Ordinal) => GroupMembers(path, query),
                _ when request.Method == "POST" && path.StartsWith("/v1.0/users/", StringComparison.Ordinal) && path.EndsWith("/checkMemberGroups", StringComparison.Ordinal)
                    => CheckMemberGroups(path, body!),
                _ => Problem(404, "Request_ResourceNotFound", $"No route {request.Method} {path}"),
            };
        }
        if (response["error"] is not null)
        {
            context.Response.StatusCode = response["status"]!.GetValue<int>();
            response = new JsonObject { ["error"] = response["error"]!.DeepClone() };
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.ToJsonString());
    }

    private JsonObject ListUsers(IQueryCollection query)
    {
        var skip = int.TryParse(query["$skiptoken"], out var s) ? s : 0;
        if (skip == 0 && query["$filter"] != "accountEnabled eq true and userType eq 'Member'")
        {
            return Problem(400, "Request_UnsupportedQuery", $"unexpected filter {query["$filter"]}");
        }
        var all = _users.Values.Where(u => u.AccountEnabled && u.UserType == "Member").OrderBy(u => u.Id, StringComparer.Ordinal).ToList();
        return Page(all.Skip(skip).Take(PageSize).Select(u => u.Listed()), skip + PageSize < all.Count ? $"{BaseUrl}/users?$skiptoken={skip + PageSize}" : null, null);
    }

    private JsonObject GroupMembers(string path, IQueryCollection query)
    {
        // groups/{id}/transitiveMembers/microsoft.graph.user
        var groupId = path.Split('/')[3];
        var skip = int.TryParse(query["$skiptoken"], out var s) ? s : 0;
        var all = _users.Values.Where(u => u.Groups.Contains(groupId)).OrderBy(u => u.Id, StringComparer.Ordinal).ToList();
        var next = skip + PageSize < all.Count ? $"{BaseUrl}/groups/{groupId}/transitiveMembers/microsoft.graph.user?$skiptoken={skip + PageSize}" : null;
        return Page(all.Skip(skip).Take(PageSize).Select(u => u.Listed()), next, null);
    }

    /// <summary>Delta tokens are change-log versions; skip tokens are "version:offset".</summary>
    private JsonObject Delta(IQueryCollection query)
    {
        if (query["$deltatoken"] == "latest")
        {
            return Page([], null, $"{BaseUrl}/users/delta?$deltatoken={_version}");
        }
        int since, offset = 0;
        if (query["$skiptoken"].ToString() is { Length: > 0 } skipToken)
        {
            var parts = skipToken.Split(':');
            (since, offset) = (int.Parse(parts[0]), int.Parse(parts[1]));
        }
        else if (!int.TryParse(query["$deltatoken"], out since))
        {
            return Problem(400, "Request_BadRequest", "initial delta rounds are not used by ExpertBot");
        }
        if (since < _expiredBefore)
        {
            return Problem(410, "SyncStateNotFound", "The delta token has expired.");
        }
        var changed = _changes.Where(c => c.Version > since).Select(c => c.UserId).Distinct().ToList();
        var page = changed.Skip(offset).Take(PageSize)
            .Select(id => _users.TryGetValue(id, out var u) ? u.Listed() : new JsonObject { ["id"] = id, ["@removed"] = new JsonObject { ["reason"] = "changed" } });
        return offset + PageSize < changed.Count
            ? Page(page, $"{BaseUrl}/users/delta?$skiptoken={since}:{offset + PageSize}", null)
            : Page(page, null, $"{BaseUrl}/users/delta?$deltatoken={_version}");
    }

    private int _expiredBefore;

    /// <summary>Delta tokens older than now answer 410 Gone.</summary>
    public void ExpireDeltaTokens()
    {
        lock (_gate)
        {
            _expiredBefore = ++_version;
        }
    }

    private JsonObject Batch(JsonNode body)
    {
        var requests = body["requests"]!.AsArray();
        BatchSizes.Enqueue(requests.Count);
        if (requests.Count > 20)
        {
            return Problem(400, "BadRequest", "A batch takes at most 20 requests.");
        }
        var responses = new JsonArray();
        foreach (var step in requests)
        {
            var id = step!["id"]!.GetValue<string>();
            var url = new Uri(new Uri("http://graph.local/"), step["url"]!.GetValue<string>().TrimStart('/'));
            var segments = url.AbsolutePath.Trim('/').Split('/');
            var userId = segments.Length > 1 ? segments[1] : "";
            var isMailbox = segments.Length > 2 && segments[2] == "mailboxSettings";
            if (!isMailbox && _throttleStepOnce.Remove(userId))
            {
                responses.Add(new JsonObject
                {
                    ["id"] = id, ["status"] = 429,
                    ["headers"] = new JsonObject { ["Retry-After"] = "7", ["Content-Type"] = "application/json" },
                    ["body"] = ErrorBody("TooManyRequests", "Too many requests"),
                });
                continue;
            }
            if (!isMailbox)
            {
                ProfileSteps.Enqueue(userId);
            }
            if (!_users.TryGetValue(userId, out var user))
            {
                responses.Add(new JsonObject { ["id"] = id, ["status"] = 404, ["headers"] = Json(), ["body"] = ErrorBody("Request_ResourceNotFound", "gone") });
                continue;
            }
            if (isMailbox && user.TimeZone is null)
            {
                responses.Add(new JsonObject { ["id"] = id, ["status"] = 404, ["headers"] = Json(), ["body"] = ErrorBody("MailboxNotEnabledForRESTAPI", "no mailbox") });
                continue;
            }
            responses.Add(new JsonObject { ["id"] = id, ["status"] = 200, ["headers"] = Json(), ["body"] = isMailbox ? user.Mailbox() : user.Profile() });
        }
        return new JsonObject { ["responses"] = responses };
    }

    /// <summary>users/{id}/checkMemberGroups: the asked group ids the user is in; at most 20 ids a call, as Graph allows.</summary>
    private JsonObject CheckMemberGroups(string path, JsonNode body)
    {
        var userId = path.Split('/')[3];
        var ids = body["groupIds"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
        MembershipChecks.Enqueue($"{userId}:{string.Join(",", ids)}");
        if (ids.Count > 20)
        {
            return Problem(400, "Request_BadRequest", "At most 20 group ids.");
        }
        if (!_users.TryGetValue(userId, out var user))
        {
            return Problem(404, "Request_ResourceNotFound", $"No user {userId}");
        }
        return new JsonObject { ["value"] = new JsonArray([.. ids.Where(user.Groups.Contains).Select(id => JsonValue.Create(id))]) };
    }

        private JsonObject Presence(JsonNode body)
    {
        var ids = body["ids"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
        PresenceCallSizes.Enqueue(ids.Count);
        if (ids.Count > 650)
        {
            return Problem(400, "BadRequest", "At most 650 ids.");
        }
        var value = new JsonArray();
        foreach (var id in ids.Where(_users.ContainsKey))
        {
            value.Add(new JsonObject { ["id"] = id, ["availability"] = _users[id].Availability, ["activity"] = _users[id].Availability });
        }
        return new JsonObject { ["value"] = value };
    }

    private static JsonObject Json() => new() { ["Content-Type"] = "application/json" };

    private static JsonObject Page(IEnumerable<JsonNode> items, string? nextLink, string? deltaLink)
    {
        var page = new JsonObject { ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#users", ["value"] = new JsonArray([.. items]) };
        if (nextLink is not null)
        {
            page["@odata.nextLink"] = nextLink;
        }
        if (deltaLink is not null)
        {
            page["@odata.deltaLink"] = deltaLink;
        }
        return page;
    }

    private static JsonObject ErrorBody(string code, string message) =>
        new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    private static JsonObject Problem(int status, string code, string message) =>
        new JsonObject { ["status"] = status, ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    private static async Task Error(HttpResponse response, int status, string code)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        await response.WriteAsync(ErrorBody(code, "injected").ToJsonString());
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

internal sealed record FakeUser(string Id, string DisplayName)
{
    public string? Department { get; init; } = "Support";
    public string? JobTitle { get; init; } = "Support Engineer";
    public bool AccountEnabled { get; init; } = true;
    public string UserType { get; init; } = "Member";
    public string? AboutMe { get; init; }
    public string[] Skills { get; init; } = [];
    public string[] Responsibilities { get; init; } = [];
    public string? TimeZone { get; init; } = "Pacific Standard Time";
    public string Availability { get; init; } = "Available";
    public string[] Groups { get; init; } = [];

    public JsonObject Listed() => new()
    {
        ["id"] = Id, ["displayName"] = DisplayName, ["mail"] = $"{Id[..8]}@contoso.example",
        ["userPrincipalName"] = $"{Id[..8]}@contoso.example", ["jobTitle"] = JobTitle, ["department"] = Department,
        ["officeLocation"] = "Redmond", ["preferredLanguage"] = "en-US", ["accountEnabled"] = AccountEnabled, ["userType"] = UserType,
    };

    public JsonObject Profile() => new()
    {
        ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#users(id,aboutMe,skills)/$entity",
        ["id"] = Id, ["aboutMe"] = AboutMe, ["skills"] = new JsonArray([.. Skills.Select(s => JsonValue.Create(s))]),
        ["interests"] = new JsonArray(), ["pastProjects"] = new JsonArray(),
        ["responsibilities"] = new JsonArray([.. Responsibilities.Select(s => JsonValue.Create(s))]), ["schools"] = new JsonArray(),
    };

    public JsonObject Mailbox() => new()
    {
        ["@odata.context"] = $"https://graph.microsoft.com/v1.0/$metadata#users('{Id}')/mailboxSettings",
        ["timeZone"] = TimeZone,
        ["language"] = new JsonObject { ["locale"] = "en-US", ["displayName"] = "English (United States)" },
        ["workingHours"] = new JsonObject
        {
            ["daysOfWeek"] = new JsonArray("monday", "tuesday", "wednesday", "thursday", "friday"),
            ["startTime"] = "08:00:00.0000000", ["endTime"] = "17:00:00.0000000",
            ["timeZone"] = new JsonObject { ["name"] = TimeZone },
        },
    };
}
