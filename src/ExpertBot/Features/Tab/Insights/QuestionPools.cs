using System.Collections.Concurrent;
using ExpertBot.Features.Questions;
using ExpertBot.Features.Routing;
using ExpertBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace ExpertBot.Features.Tab.Insights;

/// <summary>
/// Which pool each question belongs to, decided as routing decides it (<see cref="ExpertPools.For"/>: product, else the
/// topics its text names). Not a stored column: the rule reads the question's text against the configured pools, which
/// SQL cannot do, so a column filled by a migration would be wrong for every existing row. A question's text never
/// changes and the pools are read once per process, so each question's pool is worked out once and kept here.
/// </summary>
internal sealed class QuestionPools(ExpertBotDatabase database, ExpertPools pools)
{
    private const int Chunk = 500;
    private readonly ConcurrentDictionary<long, string> _known = new();

    /// <summary>More than one pool: otherwise every question is in the one there is, and nothing needs reading.</summary>
    public bool Several => pools.All.Count > 1;

    public IReadOnlyList<ExpertPool> All => pools.All;

    /// <summary>Those of <paramref name="ids"/> in <paramref name="pool"/> (by name, ignoring case).</summary>
    public async Task<HashSet<long>> InPoolAsync(IReadOnlyCollection<long> ids, string pool, CancellationToken ct) =>
        [.. (await OfAsync(ids, ct)).Where(p => string.Equals(p.Value, pool, StringComparison.OrdinalIgnoreCase)).Select(p => p.Key)];

    /// <summary>The pool names of <paramref name="ids"/>, reading the text only of questions not seen before.</summary>
    public async Task<IReadOnlyDictionary<long, string>> OfAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var result = new Dictionary<long, string>(ids.Count);
        var missing = new List<long>();
        foreach (var id in ids)
        {
            if (_known.TryGetValue(id, out var name))
            {
                result[id] = name;
            }
            else
            {
                missing.Add(id);
            }
        }
        if (missing.Count == 0)
        {
            return result;
        }
        await using var db = database.CreateContext();
        foreach (var chunk in missing.Chunk(Chunk))
        {
            var texts = await db.Set<Question>().AsNoTracking().Where(q => chunk.Contains(q.Id))
                .Select(q => new { q.Id, q.Product, q.Title, q.Details, q.Tried }).ToListAsync(ct);
            foreach (var q in texts)
            {
                var name = pools.For(q.Product, q.Title, RoutingHistory.Body(q.Details, q.Tried)).Name;
                _known[q.Id] = name;
                result[q.Id] = name;
            }
        }
        return result;
    }
}
