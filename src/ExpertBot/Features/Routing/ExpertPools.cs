using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Routing;

/// <summary>One configured expert pool, immutable once read.</summary>
internal sealed record ExpertPool(
    string Name, IReadOnlyList<string> Products, IReadOnlyList<string> Topics, string? TeamId, string? ChannelId, PoolDelivery Delivery,
    int ExpertsPerStep, TimeSpan InvitationTimeout, int MaxSteps, string? FallbackSupervisorId, string? FallbackChannelId,
    IReadOnlySet<string>? Members)
{
    public const string DefaultName = "Default";

    /// <summary>How this pool's questions invite, step by step.</summary>
    public StepPolicy Policy => new(ExpertsPerStep, InvitationTimeout, MaxSteps);

    /// <summary>
    /// Whether invitations go to the pool's channel for an asker of <paramref name="tenantId"/>: a channel delivery with a
    /// channel, in a tenant (a channel thread is opened in one). Otherwise they go 1:1.
    /// </summary>
    public bool InvitesInChannel(string? tenantId) =>
        Delivery is PoolDelivery.Channel or PoolDelivery.Both && ChannelId is { Length: > 0 } && tenantId is not null;

    /// <summary>The one person to @mention when nobody took a question: the supervisor (null = tell the channel at large).</summary>
    public string? Fallback => FallbackSupervisorId;

    public static ExpertPool From(ExpertPoolOptions o) => new(
        o.Name.Trim(), [.. o.Products.Select(p => p.Trim())], [.. o.Topics.Select(t => t.Trim())], Trimmed(o.TeamId), Trimmed(o.ChannelId),
        o.Delivery, o.ExpertsPerStep, o.InvitationTimeout, o.MaxSteps, Trimmed(o.Fallback.SupervisorId), Trimmed(o.Fallback.ChannelId),
        o.Members.Count == 0 ? null : o.Members.Select(m => m.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase));

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>
/// The pools behind the bot and which one a question belongs to: the pool that lists its product; else the pool whose
/// topics the question names most (ties: the first configured); else the default pool (named "Default", or the first).
/// </summary>
internal sealed class ExpertPools
{
    private readonly IReadOnlyList<ExpertPool> _pools;

    public ExpertPools(IOptions<RoutingOptions> options)
    {
        var configured = options.Value.Pools;
        _pools = configured.Count == 0
            ? [ExpertPool.From(new ExpertPoolOptions { Name = ExpertPool.DefaultName })]
            : [.. configured.Select(ExpertPool.From)];
        Default = _pools.FirstOrDefault(p => string.Equals(p.Name, ExpertPool.DefaultName, StringComparison.OrdinalIgnoreCase)) ?? _pools[0];
        Topics = [.. _pools.SelectMany(p => p.Topics).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    public IReadOnlyList<ExpertPool> All => _pools;

    public ExpertPool Default { get; }

    /// <summary>Every topic any pool names: the vocabulary a question's topics are read in.</summary>
    public IReadOnlyList<string> Topics { get; }

    public ExpertPool? Named(string name) => _pools.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    public ExpertPool For(string? product, string title, string? details)
    {
        if (!string.IsNullOrWhiteSpace(product)
            && _pools.FirstOrDefault(p => p.Products.Contains(product.Trim(), StringComparer.OrdinalIgnoreCase)) is { } byProduct)
        {
            return byProduct;
        }
        var terms = Terms(product, title, details);
        ExpertPool? best = null;
        var bestHits = 0;
        foreach (var pool in _pools)
        {
            var hits = pool.Topics.Count(t => Text.Mentions(t, terms));
            if (hits > bestHits)
            {
                (best, bestHits) = (pool, hits);
            }
        }
        return best ?? Default;
    }

    /// <summary>
    /// The question's topics: its product plus every pool topic its text names. The same function tags questions for
    /// the index and for ranking, so tag evidence lines up; it is also what "covering the question's topics" covers.
    /// </summary>
    public IReadOnlyList<string> TopicsOf(string? product, string title, string? details)
    {
        var topics = new List<string>();
        if (!string.IsNullOrWhiteSpace(product))
        {
            topics.Add(product.Trim());
        }
        var terms = Terms(product, title, details);
        foreach (var topic in Topics)
        {
            if (Text.Mentions(topic, terms) && !topics.Contains(topic, StringComparer.OrdinalIgnoreCase))
            {
                topics.Add(topic);
            }
        }
        return topics;
    }

    private static HashSet<string> Terms(string? product, string title, string? details)
    {
        var terms = new HashSet<string>(Text.Tokens(title), StringComparer.Ordinal);
        terms.UnionWith(Text.Tokens(details));
        if (!string.IsNullOrWhiteSpace(product))
        {
            terms.Add(Text.TagTerm(product));
        }
        return terms;
    }
}
