using System.Globalization;
using ExpertBot.Features.Experts;
using ExpertBot.Features.Ideas;
using ExpertBot.Features.Questions;
using ExpertBot.Features.Tab.Admin;
using ExpertBot.Features.Tab.Insights;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Tab;

/// <summary>
/// The tab's API (<c>/tab/api</c>). Every request is signed in first (<see cref="TabAuth"/>), and every endpoint checks
/// the user's role here on the server: the page only hides what the server would refuse anyway.
/// </summary>
internal static class TabEndpoints
{
    private const string UserKey = "tab.user";

    public static RouteGroupBuilder MapTabApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/tab/api").AddEndpointFilter(async (context, next) =>
        {
            var auth = context.HttpContext.RequestServices.GetRequiredService<TabAuth>();
            var (user, refusal) = await auth.SignInAsync(context.HttpContext.Request, context.HttpContext.RequestAborted);
            if (user is null)
            {
                return refusal;
            }
            context.HttpContext.Items[UserKey] = user;
            return await next(context);
        });
        api.MapGet("/me", (HttpContext http, TabAuth auth) => User(http) is var u
            ? Results.Ok(new { u.Id, u.Name, roles = new { productManager = u.IsProductManager, supervisor = u.IsSupervisor, admin = u.IsAdmin }, devSignIn = auth.DevSignIn })
            : Results.Unauthorized());
        api.MapGet("/ideas", BoardAsync);
        api.MapGet("/ideas/products", async (HttpContext http, IdeaBoard board, CancellationToken ct) =>
            User(http).SeesAllIdeas ? Results.Ok(await board.ProductsAsync(ct)) : Forbidden("Only product managers, supervisors and admins see the whole board."));
        api.MapGet("/ideas/{id:long}", DetailAsync);
        api.MapPost("/ideas/{id:long}/status", SetStatusAsync);
        api.MapPost("/ideas/{id:long}/response", RespondAsync);
        api.MapPost("/ideas/{id:long}/merge", MergeAsync);
        api.MapGet("/my", MyAsync);
        api.MapInsights();
        api.MapAdmin();
        return api;
    }

    /// <summary>The signed-in user of a request that passed the group's sign-in filter.</summary>
    internal static TabUser User(HttpContext http) => (TabUser)http.Items[UserKey]!;

    private static async Task<IResult> BoardAsync(HttpContext http, IdeaBoard board, string? product, string? status, string? owner, string? from, string? to,
        string? sort, int? page, CancellationToken ct)
    {
        var user = User(http);
        if (!user.SeesAllIdeas)
        {
            return Forbidden("Only product managers, supervisors and admins see the whole board; your ideas are under My items.");
        }
        IdeaStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<IdeaStatus>(status, ignoreCase: true, out var s) || int.TryParse(status, out _))
            {
                return BadRequest($"Unknown status \"{Clip(status)}\".");
            }
            wanted = s;
        }
        if (!TryDate(from, out var fromDate) || !TryDate(to, out var toDate))
        {
            return BadRequest("Dates are yyyy-MM-dd.");
        }
        var order = string.IsNullOrEmpty(sort) ? "votes" : sort;
        if (!IdeaBoard.Sorts.Contains(order))
        {
            return BadRequest($"Sort by one of: {string.Join(", ", IdeaBoard.Sorts)}.");
        }
        if (page is < 1 or > 100_000)
        {
            return BadRequest("Pages start at 1.");
        }
        return Results.Ok(await board.PageAsync(new BoardQuery(product, wanted, owner, fromDate, toDate is { } t ? t.AddDays(1) : null, order, page ?? 1), null, ct));
    }

    private static async Task<IResult> DetailAsync(long id, HttpContext http, IdeaService ideas, IdeaIndex index, IOptions<IdeaOptions> options, CancellationToken ct)
    {
        var user = User(http);
        if (await Visible(id, user, ideas, ct) is not { } idea)
        {
            return NotFound();
        }
        // The product manager looks for duplicates to merge: the five nearest ideas, each labelled by how sure the search is
        // ("possibly related" at the bottom), not only those sure enough to offer an agent in chat. The idea itself is in
        // the index here, which makes the others' confidence low while few ideas exist (its own words are the rare ones).
        var similar = user.SeesAllIdeas && idea.Status != IdeaStatus.Merged
            ? await index.SimilarAsync(idea.Title, idea.Details, 5, minConfidence: 0, idea.Id, ct)
            : [];
        return Results.Ok(new
        {
            idea.Id, idea.Number, idea.Title, idea.Details, idea.Product, Status = idea.Status.ToString(), StatusText = Idea.Describe(idea.Status),
            idea.SubmitterName, idea.OwnerName, idea.Response, idea.CreatedAt, idea.UpdatedAt, idea.Score, AccountValue = idea.AccountValue,
            MergedInto = idea.MergedIntoId is { } m ? IdeaNumber.Of(m) : null,
            Votes = idea.Supporters.Count,
            Customers = idea.Customers.OrderByDescending(c => c.Importance).ThenBy(c => c.Name, StringComparer.Ordinal)
                .Select(c => new { c.Name, Importance = IdeaService.Describe(c.Importance), c.AccountValue }),
            Cases = idea.Cases.OrderBy(c => c.At).Select(c => new { c.CaseNumber, c.Customer }),
            Supporters = idea.Supporters.OrderBy(s => s.At).Select(s => new { s.Name, s.Submitted }),
            History = idea.Events.OrderBy(e => e.Id).Select(e => new { e.At, e.ActorName, e.Kind, Detail = e.Kind == "discussion" ? WithoutMarker(e.Detail) : e.Detail }),
            Similar = similar.Select(s => new { s.Id, Number = IdeaNumber.Of(s.Id), s.Title, Match = IdeaCards.MatchText(s.Confidence) }),
            Discussion = idea.ThreadConversationId is null
                ? "Not posted to an ideas channel."
                : idea.Events.Count(e => e.Kind == "discussion") is var replies and > 0
                    ? $"{replies} replies in the ideas channel's thread, by {string.Join(", ", idea.Events.Where(e => e.Kind == "discussion").Select(e => e.ActorName).Distinct(StringComparer.Ordinal))}."
                    : "Posted to the ideas channel; no replies yet.",
            CanManage = user.IsProductManager,
        });
    }

    internal sealed record StatusChange(string? Status, string? Response);

    internal sealed record ResponseText(string? Response);

    internal sealed record MergeTarget(string? Into);

    private static async Task<IResult> SetStatusAsync(long id, StatusChange body, HttpContext http, IdeaService ideas, CancellationToken ct)
    {
        if (!User(http).IsProductManager)
        {
            return Forbidden("Only a product manager can change an idea's status.");
        }
        if (body.Status is null || !Enum.TryParse<IdeaStatus>(body.Status, ignoreCase: true, out var status) || status == IdeaStatus.Merged || int.TryParse(body.Status, out _))
        {
            return BadRequest("Pick one of: New, UnderReview, Planned, InProgress, Shipped, Declined; nothing changed.");
        }
        if (body.Response is { Length: > IdeaLimits.TextLength })
        {
            return BadRequest($"Keep the response to {IdeaLimits.TextLength:N0} characters; nothing changed.");
        }
        return Outcome(await ideas.SetStatusAsync(id, status, string.IsNullOrWhiteSpace(body.Response) ? null : body.Response.Trim(), User(http).Actor, ct));
    }

    private static async Task<IResult> RespondAsync(long id, ResponseText body, HttpContext http, IdeaService ideas, CancellationToken ct)
    {
        if (!User(http).IsProductManager)
        {
            return Forbidden("Only a product manager can respond to an idea.");
        }
        if (string.IsNullOrWhiteSpace(body.Response) || body.Response.Length > IdeaLimits.TextLength)
        {
            return BadRequest($"Write a response of up to {IdeaLimits.TextLength:N0} characters; nothing changed.");
        }
        return Outcome(await ideas.RespondAsync(id, body.Response.Trim(), User(http).Actor, ct));
    }

    private static async Task<IResult> MergeAsync(long id, MergeTarget body, HttpContext http, IdeaService ideas, CancellationToken ct)
    {
        var user = User(http);
        if (!user.IsProductManager)
        {
            return Forbidden("Only a product manager can merge ideas.");
        }
        if (IdeaNumber.Parse(body.Into) is not { } into)
        {
            return BadRequest("Name the idea to merge into, e.g. IDEA-12; nothing changed.");
        }
        return Outcome(await ideas.MergeAsync(id, into, user.Actor, user.TenantId, ct));
    }

    private static async Task<IResult> MyAsync(HttpContext http, IdeaService ideas, QuestionService questions, CancellationToken ct)
    {
        var user = User(http);
        var mine = await questions.ForAskerAsync(user.Id, 50, ct);
        var raised = await ideas.ForSupporterAsync(user.Id, 50, ct);
        return Results.Ok(new
        {
            Questions = mine.Select(q => new { q.Id, q.Number, q.Title, Status = Question.Describe(q.Status), q.CreatedAt }),
            Ideas = raised.Select(i => new { i.Id, i.Number, i.Title, Status = Idea.Describe(i.Status), i.Response, Customers = i.Customers.Count }),
        });
    }

    /// <summary>The idea when the user may see it: the whole board for PMs, supervisors and admins; else the ideas they support.</summary>
    private static async Task<Idea?> Visible(long id, TabUser user, IdeaService ideas, CancellationToken ct) =>
        await ideas.FindAsync(id, ct) is { } idea
        && (idea.TenantId is null || user.TenantId is null || string.Equals(idea.TenantId, user.TenantId, StringComparison.OrdinalIgnoreCase))
        && (user.SeesAllIdeas || idea.Supporters.Any(s => string.Equals(s.UserId, user.Id, StringComparison.OrdinalIgnoreCase)))
            ? idea
            : null;

    private static IResult Outcome(IdeaOutcome outcome) => outcome switch
    {
        { Refusal: { Title: "Unknown idea" } } => NotFound(),
        { Refusal: { } refusal } => Results.Json(new { error = $"{refusal.Title}: {refusal.Reason}" }, statusCode: StatusCodes.Status409Conflict),
        { Idea: { } idea } => Results.Ok(new { idea.Id, idea.Number, Status = idea.Status.ToString(), StatusText = Idea.Describe(idea.Status), idea.Response }),
        _ => NotFound(),
    };

    private static bool TryDate(string? text, out DateTimeOffset? date)
    {
        date = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            date = new DateTimeOffset(d, TimeSpan.Zero);
            return true;
        }
        return false;
    }

    /// <summary>A discussion reply's text without the message id it is kept once by ("[id] text").</summary>
    private static string? WithoutMarker(string? detail) =>
        detail is { Length: > 0 } && detail[0] == '[' && detail.IndexOf("] ", StringComparison.Ordinal) is var end and > 0 ? detail[(end + 2)..] : detail;

    private static string Clip(string text) => text.Length > 40 ? text[..40] + "…" : text;

    private static IResult NotFound() => Results.Json(new { error = "There is no such idea, or it is not yours to see." }, statusCode: StatusCodes.Status404NotFound);

    private static IResult Forbidden(string error) => Results.Json(new { error }, statusCode: StatusCodes.Status403Forbidden);

    private static IResult BadRequest(string error) => Results.Json(new { error }, statusCode: StatusCodes.Status400BadRequest);
}
