namespace ExpertBot.Features.Tab.Insights;

/// <summary>
/// Open invitations per expert, added one invitation at a time as the read streams them: experts told apart by id
/// ignoring case, named as their latest invitation read names them (a string made only for a new expert or a new name).
/// </summary>
internal sealed class LoadTally
{
    private readonly Dictionary<string, Expert> _byId = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Expert>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public LoadTally() => _lookup = _byId.GetAlternateLookup<ReadOnlySpan<char>>();

    public void Add(ReadOnlySpan<char> expertId, ReadOnlySpan<char> expertName)
    {
        if (!_lookup.TryGetValue(expertId, out var e))
        {
            e = new Expert(expertId.ToString(), expertName.ToString());
            _byId.Add(e.Id, e);
        }
        else if (!expertName.SequenceEqual(e.Name))
        {
            e.Name = expertName.ToString();
        }
        e.Open++;
    }

    /// <summary>Most open invitations first, then by name.</summary>
    public IReadOnlyList<ExpertLoadFigures> Top(int size) =>
        [.. _byId.Values.Select(e => new ExpertLoadFigures(e.Id, e.Name, e.Open))
            .OrderByDescending(e => e.OpenInvitations).ThenBy(e => e.Name, StringComparer.Ordinal).Take(size)];

    private sealed class Expert(string id, string name)
    {
        public string Id { get; } = id;
        public string Name { get; set; } = name;
        public int Open { get; set; }
    }
}
