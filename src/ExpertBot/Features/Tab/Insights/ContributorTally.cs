namespace ExpertBot.Features.Tab.Insights;

/// <summary>
/// The top contributors, added one reply at a time as the read streams them: experts told apart by id ignoring case, each
/// with their answers accepted, replies, the questions they helped on (distinct) and the ratings the askers gave. The id
/// and name come as characters the read reuses: a string is made only for an expert not seen before or a changed name.
/// </summary>
internal sealed class ContributorTally
{
    private readonly Dictionary<string, Contributor> _byId = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Contributor>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public ContributorTally() => _lookup = _byId.GetAlternateLookup<ReadOnlySpan<char>>();

    public void Add(long questionId, ReadOnlySpan<char> authorId, ReadOnlySpan<char> authorName, bool accepted, int? rating)
    {
        if (!_lookup.TryGetValue(authorId, out var c))
        {
            c = new Contributor(authorId.ToString(), authorName.ToString());
            _byId.Add(c.Id, c);
        }
        else if (!authorName.SequenceEqual(c.Name))
        {
            c.Name = authorName.ToString(); // the name of the latest reply read, as people rename
        }
        c.Replies++;
        if (accepted)
        {
            c.Accepted++;
        }
        if (rating is { } stars)
        {
            c.RatingSum += stars;
            c.Ratings++;
        }
        // A question's replies mostly come one after another: only a different question is looked up in the set.
        if (questionId != c.LastQuestion)
        {
            c.Questions.Add(questionId);
            c.LastQuestion = questionId;
        }
    }

    /// <summary>Most accepted answers first, then most replies, then by name.</summary>
    public IReadOnlyList<ContributorFigures> Top(int size) =>
        [.. _byId.Values
            .Select(c => new ContributorFigures(c.Id, c.Name, c.Accepted, c.Replies, c.Questions.Count,
                c.Ratings == 0 ? null : Math.Round((double)c.RatingSum / c.Ratings, 2), c.Ratings))
            .OrderByDescending(c => c.AcceptedAnswers).ThenByDescending(c => c.Replies).ThenBy(c => c.Name, StringComparer.Ordinal).Take(size)];

    private sealed class Contributor(string id, string name)
    {
        public string Id { get; } = id;
        public string Name { get; set; } = name;
        public int Accepted { get; set; }
        public int Replies { get; set; }
        public long RatingSum { get; set; }
        public int Ratings { get; set; }
        public long LastQuestion { get; set; } = long.MinValue;
        public HashSet<long> Questions { get; } = [];
    }
}
