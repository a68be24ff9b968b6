using System.Text;
using System.Text.Json.Nodes;

namespace ExpertBot.Tests.Integrations.Crm;

internal sealed record ZendeskComment(long Id, string Body, bool Public);

/// <summary>
/// A local Zendesk Support and Help Center API: GET /api/v2/tickets/{id} with users and organizations sideloaded,
/// ticket comments listed with cursor pagination (page[size], meta.has_more, links.next) and sort_order, PUT of a
/// ticket adding a comment (an audit with a Comment event; closed tickets refuse with 422 RecordInvalid), section
/// articles listed (next_page) and created. Errors as Zendesk sends them; auth is an API token
/// (<c>{email}/token:{token}</c> in basic auth).
/// </summary>
internal sealed class ZendeskFake : CrmFake
{
    public const string Email = "expertbot@contoso.com";
    public const string ApiToken = "test-only-api-token";

    private readonly Dictionary<long, (JsonObject Ticket, List<ZendeskComment> Comments)> _tickets = [];
    private readonly List<JsonObject> _users = [];
    private readonly List<JsonObject> _organizations = [];
    private long _ids = 9000;

    public List<JsonObject> Articles { get; } = [];

    public void AddTicket(JsonObject ticket, JsonObject requester, JsonObject organization)
    {
        lock (Gate)
        {
            _tickets[ticket["id"]!.GetValue<long>()] = (ticket, []);
            _users.Add(requester);
            _organizations.Add(organization);
        }
    }

    public List<ZendeskComment> Comments(long ticketId)
    {
        lock (Gate)
        {
            return [.. _tickets[ticketId].Comments];
        }
    }

    public void AddComment(long ticketId, string body)
    {
        lock (Gate)
        {
            _tickets[ticketId].Comments.Add(new ZendeskComment(++_ids, body, true));
        }
    }

    public void Close(long ticketId)
    {
        lock (Gate)
        {
            _tickets[ticketId].Ticket["status"] = "closed";
        }
    }

    protected override (string Code, string Message) Throttled => ("APIRateLimitExceeded", "Rate limit for ticket updates exceeded, please wait before updating this ticket again");

    protected override bool Authorized(FakeRequest request) =>
        request.Header("Authorization") == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Email}/token:{ApiToken}"));

    protected override FakeResponse Error(int status, string code, string message) => status == 401
        ? new(401, new JsonObject { ["error"] = "Couldn't authenticate you" })
        : new(status, new JsonObject { ["error"] = code, ["description"] = message });

    protected override FakeResponse Handle(FakeRequest request)
    {
        var s = request.Path.Trim('/').Split('/');
        return (request.Method, s) switch
        {
            ("GET", ["api", "v2", "tickets", var id]) => Ticket(id, request),
            ("GET", ["api", "v2", "tickets", var id, "comments"]) => ListComments(id, request),
            ("PUT", ["api", "v2", "tickets", var id]) => Update(id, request),
            ("GET", ["api", "v2", "help_center", _, "sections", var section, "articles"]) => ListArticles(section, request),
            ("POST", ["api", "v2", "help_center", var locale, "sections", var section, "articles"]) => CreateArticle(locale, section, request),
            _ => Error(404, "InvalidEndpoint", "Not found"),
        };
    }

    private FakeResponse Ticket(string id, FakeRequest request)
    {
        if (!long.TryParse(id, out var ticketId) || !_tickets.TryGetValue(ticketId, out var entry))
        {
            return Error(404, "RecordNotFound", "Not found");
        }
        var include = (request.Query["include"] ?? "").Split(',');
        var body = new JsonObject { ["ticket"] = entry.Ticket.DeepClone() };
        if (include.Contains("users"))
        {
            body["users"] = new JsonArray([.. _users.Select(u => u.DeepClone())]);
        }
        if (include.Contains("organizations"))
        {
            body["organizations"] = new JsonArray([.. _organizations.Select(o => o.DeepClone())]);
        }
        return new FakeResponse(200, body);
    }

    private FakeResponse ListComments(string id, FakeRequest request)
    {
        if (!long.TryParse(id, out var ticketId) || !_tickets.TryGetValue(ticketId, out var entry))
        {
            return Error(404, "RecordNotFound", "Not found");
        }
        var size = int.TryParse(request.Query["page[size]"], out var s) ? Math.Min(s, 100) : 100;
        var after = int.TryParse(request.Query["page[after]"], out var a) ? a : 0;
        var ordered = request.Query["sort_order"] == "desc" ? Enumerable.Reverse(entry.Comments).ToList() : entry.Comments;
        var page = ordered.Skip(after).Take(size).ToList();
        var more = after + size < ordered.Count;
        return new FakeResponse(200, new JsonObject
        {
            ["comments"] = new JsonArray([.. page.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id, ["type"] = "Comment", ["body"] = c.Body, ["plain_body"] = c.Body, ["public"] = c.Public, ["author_id"] = 1,
            })]),
            ["meta"] = new JsonObject { ["has_more"] = more, ["after_cursor"] = more ? (after + size).ToString() : null },
            ["links"] = new JsonObject
            {
                ["next"] = more ? $"{BaseUrl}api/v2/tickets/{ticketId}/comments?sort_order={request.Query["sort_order"]}&page[size]={size}&page[after]={after + size}" : null,
            },
        });
    }

    private FakeResponse Update(string id, FakeRequest request)
    {
        if (!long.TryParse(id, out var ticketId) || !_tickets.TryGetValue(ticketId, out var entry))
        {
            return Error(404, "RecordNotFound", "Not found");
        }
        if (entry.Ticket["status"]!.GetValue<string>() == "closed")
        {
            return new FakeResponse(422, new JsonObject
            {
                ["error"] = "RecordInvalid", ["description"] = "Record validation errors",
                ["details"] = new JsonObject { ["status"] = new JsonArray(new JsonObject { ["description"] = "Status: closed prevents ticket update" }) },
            });
        }
        var comment = request.Json?["ticket"]?["comment"];
        var events = new JsonArray();
        if (comment?["body"]?.GetValue<string>() is { } text)
        {
            var added = new ZendeskComment(++_ids, text, comment["public"]?.GetValue<bool>() ?? true);
            entry.Comments.Add(added);
            events.Add(new JsonObject { ["id"] = added.Id, ["type"] = "Comment", ["body"] = text, ["public"] = added.Public });
        }
        return new FakeResponse(200, new JsonObject
        {
            ["ticket"] = entry.Ticket.DeepClone(),
            ["audit"] = new JsonObject { ["id"] = ++_ids, ["ticket_id"] = ticketId, ["events"] = events },
        });
    }

    private FakeResponse ListArticles(string section, FakeRequest request)
    {
        var inSection = Articles.Where(a => a["section_id"]!.ToString() == section).Reverse().Select(a => (JsonNode)a.DeepClone()).ToList();
        return new FakeResponse(200, new JsonObject
        {
            ["articles"] = new JsonArray([.. inSection]), ["page"] = 1, ["per_page"] = 100, ["page_count"] = 1, ["count"] = inSection.Count, ["next_page"] = null,
        });
    }

    private FakeResponse CreateArticle(string locale, string section, FakeRequest request)
    {
        if (request.Json?["article"] is not JsonObject article || article["title"] is null || article["permission_group_id"] is null || !article.ContainsKey("user_segment_id"))
        {
            return new FakeResponse(400, new JsonObject { ["error"] = new JsonObject { ["title"] = "Bad request", ["message"] = "title, permission_group_id and user_segment_id are required" } });
        }
        var stored = (JsonObject)article.DeepClone();
        var id = ++_ids;
        stored["id"] = id;
        stored["section_id"] = long.Parse(section);
        stored["locale"] = locale;
        stored["html_url"] = $"{BaseUrl}hc/{locale}/articles/{id}";
        Articles.Add(stored);
        return new FakeResponse(201, new JsonObject { ["article"] = stored.DeepClone() });
    }
}
