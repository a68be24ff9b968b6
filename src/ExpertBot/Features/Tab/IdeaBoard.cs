using ExpertBot.Features.Ideas;
using ExpertBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace ExpertBot.Features.Tab;

/// <summary>The board's filters and sort, as the page sends them.</summary>
internal sealed record BoardQuery(string? Product, IdeaStatus? Status, string? Owner, DateTimeOffset? From, DateTimeOffset? To, string Sort, int Page);

/// <summary>One idea on the board, with what it is weighed by.</summary>
internal sealed record BoardRow(long Id, string Number, string Title, string? Product, string Status, string? Owner, DateTimeOffset CreatedAt,
    int Votes, int Customers, int Score, long AccountValue);

internal sealed record BoardPage(IReadOnlyList<BoardRow> Ideas, int Total, int Page, int PageSize);

/// <summary>
/// The ideas board: filtered, sorted by what matters (agents, customers, importance score, account value) and paged in
/// the database, so the first page of 10,000 ideas costs one indexed query and a count.
/// </summary>
internal sealed class IdeaBoard(ExpertBotDatabase database)
{
    public const int PageSize = 25;

    public static readonly IReadOnlySet<string> Sorts = new HashSet<string>(StringComparer.Ordinal) { "votes", "customers", "score", "value", "newest" };

    public async Task<BoardPage> PageAsync(BoardQuery query, string? onlySupporter, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var ideas = db.Set<Idea>().AsNoTracking();
        ideas = query.Status is { } status ? ideas.Where(i => i.Status == status) : ideas.Where(i => i.Status != IdeaStatus.Merged);
        if (query.Product is { Length: > 0 } product)
        {
            ideas = ideas.Where(i => i.Product == product);
        }
        if (query.Owner is "none")
        {
            ideas = ideas.Where(i => i.OwnerId == null);
        }
        else if (query.Owner is { Length: > 0 } owner)
        {
            ideas = ideas.Where(i => i.OwnerId == owner);
        }
        if (query.From is { } from)
        {
            ideas = ideas.Where(i => i.CreatedAt >= from);
        }
        if (query.To is { } to)
        {
            ideas = ideas.Where(i => i.CreatedAt < to);
        }
        if (onlySupporter is not null)
        {
            ideas = ideas.Where(i => i.Supporters.Any(s => s.UserId == onlySupporter));
        }
        var rows = ideas.Select(i => new
        {
            i.Id, i.Title, i.Product, i.Status, i.OwnerName, i.CreatedAt,
            Votes = i.Supporters.Count,
            Customers = i.Customers.Count,
            Score = i.Customers.Sum(c => (int)c.Importance),
            Value = i.Customers.Sum(c => c.AccountValue ?? 0),
        });
        rows = query.Sort switch
        {
            "customers" => rows.OrderByDescending(r => r.Customers).ThenByDescending(r => r.Id),
            "score" => rows.OrderByDescending(r => r.Score).ThenByDescending(r => r.Id),
            "value" => rows.OrderByDescending(r => r.Value).ThenByDescending(r => r.Id),
            "newest" => rows.OrderByDescending(r => r.Id),
            _ => rows.OrderByDescending(r => r.Votes).ThenByDescending(r => r.Id),
        };
        var total = await ideas.CountAsync(ct);
        var page = await rows.Skip(Math.Max(0, query.Page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        return new BoardPage([.. page.Select(r => new BoardRow(r.Id, IdeaNumber.Of(r.Id), r.Title, r.Product, Idea.Describe(r.Status), r.OwnerName, r.CreatedAt,
            r.Votes, r.Customers, r.Score, r.Value))], total, Math.Max(1, query.Page), PageSize);
    }

    /// <summary>The products ideas were raised for (the board's product filter).</summary>
    public async Task<List<string>> ProductsAsync(CancellationToken ct)
    {
        await using var db = database.CreateContext();
        return await db.Set<Idea>().AsNoTracking().Where(i => i.Product != null).Select(i => i.Product!).Distinct().OrderBy(p => p).ToListAsync(ct);
    }
}
