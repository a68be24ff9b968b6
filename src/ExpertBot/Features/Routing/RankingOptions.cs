namespace ExpertBot.Features.Routing;

/// <summary>
/// What to rank and with which live inputs. <see cref="Pool"/> null = the whole directory, and then only people
/// with some signal for the question (topped up by others when there are fewer than <see cref="Top"/>);
/// a pool is ranked in full. Availability is looked up per candidate; missing = unknown = no effect.
/// </summary>
internal sealed record RankingOptions
{
    public IReadOnlyCollection<string>? Pool { get; init; }
    public int Top { get; init; } = 10;
    public IReadOnlyDictionary<string, ExpertAvailability>? Availability { get; init; }
    public bool Explain { get; init; } = true;
}
