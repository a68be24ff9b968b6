using System.Security.Cryptography;
using System.Text.Json;
using ExpertBot.Features.Experts;
using ExpertBot.Features.Routing;
using ExpertBot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Questions;

/// <summary>
/// The bot's routing: one in-memory <see cref="RoutingIndex"/> per instance, built at start from the directory and the
/// resolved questions in the database, kept current from both (the question flow calls <see cref="OnResolvedAsync"/>;
/// a periodic <see cref="RefreshAsync"/> picks up directory changes and what other instances stored), and
/// <see cref="FindExpertsAsync"/>, which ranks with live availability and load and picks experts who cover the topics.
/// </summary>
internal sealed partial class QuestionRouting(
    ExpertDirectory directory, ExpertBotDatabase database, ExpertPools pools, InvitationLoad invitations, IOptions<RoutingOptions> options,
    TimeProvider time, ILogger<QuestionRouting> logger)
{
    private const int PageSize = 500;
    // Shortlist rounds (each four times as deep as the last: 20, 80, 320 people for three experts) before giving up.
    private const int ShortlistRounds = 3;
    // Declines older than this no longer change a ranking (the ranker remembers "not my area" for half a year).
    private static readonly TimeSpan DeclineMemory = TimeSpan.FromDays(181);
    // Rows another instance wrote with a slightly behind clock, or committed late, are still found by the next refresh.
    private static readonly TimeSpan RefreshOverlap = TimeSpan.FromMinutes(5);

    private readonly RoutingIndex _index = new();
    private readonly Lock _gate = new();
    private readonly HashSet<long> _indexedQuestions = [];
    private readonly HashSet<long> _recordedDeclines = [];
    // What was last given to the index per person (a hash of the profile), so a refresh only touches who changed.
    private readonly Dictionary<string, byte[]> _fingerprints = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ExpertProfile> _profiles = new(StringComparer.OrdinalIgnoreCase);
    // The topics each expert answered questions on: "knows the topic" for covering a question's topics.
    private readonly Dictionary<string, HashSet<string>> _answeredTopics = new(StringComparer.OrdinalIgnoreCase);
    private DateTimeOffset? _lastRefresh;

    private ExpertRanker Ranker => field ??= new ExpertRanker(_index);

    public int IndexedQuestions
    {
        get { lock (_gate) { return _indexedQuestions.Count; } }
    }

    public int DirectorySize
    {
        get { lock (_gate) { return _profiles.Count; } }
    }

    /// <summary>Loads the directory, the resolved questions and recent declines. Safe to call again: nothing is counted twice.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var since = _lastRefresh is { } last ? last - RefreshOverlap : (DateTimeOffset?)null;
        var people = await RefreshDirectoryAsync(now, ct);
        var questions = await LoadResolvedAsync(since, ct);
        var declines = await LoadDeclinesAsync(since ?? now - DeclineMemory, ct);
        _lastRefresh = now;
        Refreshed(logger, people, questions, declines);
    }

    /// <summary>A question was resolved: its answerers become evidence for the next ranking. False when it taught nothing new.</summary>
    public async Task<bool> OnResolvedAsync(long questionId, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var question = await db.Set<Question>().Include(q => q.Contributions).Include(q => q.Invitations).AsSplitQuery().AsNoTracking()
            .FirstOrDefaultAsync(q => q.Id == questionId, ct);
        if (question is null || question.Status != QuestionStatus.Resolved)
        {
            return false;
        }
        RecordDeclines(question);
        return AddResolved(question);
    }

    /// <summary>An expert declined: the reason shapes their next rankings at once (also picked up by the next refresh).</summary>
    public async Task OnDeclinedAsync(long questionId, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var question = await db.Set<Question>().Include(q => q.Invitations).AsNoTracking().FirstOrDefaultAsync(q => q.Id == questionId, ct);
        if (question is not null)
        {
            RecordDeclines(question);
        }
    }

    /// <summary>The pool a question belongs to (its channel, delivery, step size, time-out, fallback).</summary>
    public ExpertPool PoolFor(Question question) => pools.For(question.Product, question.Title, RoutingHistory.Body(question));

    /// <summary>
    /// Up to <paramref name="count"/> experts for <paramref name="question"/> from its pool, best first, each with the
    /// ranker's explanation. Never the asker, never anyone in <paramref name="exclude"/> (already invited). People who paused
    /// routing, are in their quiet hours, out of office, or at their daily invitation budget are not returned.
    /// </summary>
    public async Task<IReadOnlyList<Candidate>> FindExpertsAsync(
        Question question, IReadOnlyCollection<string> exclude, int count, CancellationToken ct, RoutingHints? hints = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var now = time.GetUtcNow();
        RecordDeclines(question); // The declines of this very question count for its next step.
        var pool = PoolFor(question);
        var topics = pools.TopicsOf(question.Product, question.Title, RoutingHistory.Body(question));
        var body = RoutingHistory.Body(question);
        IReadOnlyDictionary<string, string>? sources = null;
        if (hints is { Topics.Count: > 0 })
        {
            // The topics of the articles the question nearly matched count as the question's own, with their source kept
            // for the explanation ("knows single sign-on (the question matches the article ...)").
            var added = hints.Topics.Where(h => !topics.Contains(h.Topic, StringComparer.OrdinalIgnoreCase))
                .DistinctBy(h => h.Topic, StringComparer.OrdinalIgnoreCase).ToList();
            topics = [.. topics, .. added.Select(h => h.Topic)];
            body = $"{body}\n{string.Join("; ", added.Select(h => h.Topic))}";
            sources = added.ToDictionary(h => h.Topic, h => h.Source, StringComparer.OrdinalIgnoreCase);
        }
        var query = new RoutingQuery(question.Title, body, topics, question.AskerId, now) { TopicSources = sources };
        var excluded = new HashSet<string>(exclude, StringComparer.OrdinalIgnoreCase) { question.AskerId };

        // Availability costs a presence call and a query, so only a shortlist (by relevance and stored preferences) gets it.
        // When most of it cannot be asked (paused, quiet, at their daily budget: a busy topic uses up its best experts'
        // budgets), the next ones down the ranking are checked, a few rounds deep, rather than asking nobody.
        IReadOnlyCollection<string>? members = pool.Members?.Where(m => !excluded.Contains(m)).ToList();
        var availability = new Dictionary<string, ExpertAvailability>(StringComparer.OrdinalIgnoreCase);
        var eligible = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var width = Math.Max(count * 4, 20);
        for (var round = 0; round < ShortlistRounds && eligible.Count < count; round++, width *= 4)
        {
            var top = width + excluded.Count;
            var page = Ranker.Rank(query, new RankingOptions { Pool = members, Top = top, Explain = false });
            var shortlist = page.Select(r => r.ExpertId).Where(id => !excluded.Contains(id) && seen.Add(id)).ToList();
            if (shortlist.Count > 0)
            {
                await AddEligibleAsync(shortlist, now, availability, eligible, ct);
            }
            if (page.Count < top)
            {
                break; // Nobody further down.
            }
        }
        if (eligible.Count == 0)
        {
            return [];
        }
        var ranked = Ranker.Rank(query, new RankingOptions { Pool = eligible, Top = eligible.Count, Availability = availability, Explain = true });
        // From the whole directory, only people something ties to the question, when there are any: a billing lead is not
        // asked about single sign-on just to fill the step. With nobody tied to it, the best of the rest are asked rather
        // than nobody. A pool with named members is different: its members are tied to the question by the pool itself
        // (someone chose them for its product), so the step is filled from them in ranking order.
        var relevant = pool.Members is null ? ranked.Where(r => r.Relevant).ToList() : [];
        var picked = TopicCover.Pick(relevant.Count > 0 ? relevant : ranked, topics, Knows, count);
        return [.. picked.Select(r => new Candidate(r.ExpertId, NameOf(r.ExpertId), r.Why))];
    }

    /// <summary>Adds to <paramref name="eligible"/> those of <paramref name="shortlist"/> who may be asked now, with their live availability.</summary>
    private async Task AddEligibleAsync(List<string> shortlist, DateTimeOffset now, Dictionary<string, ExpertAvailability> availability,
        List<string> eligible, CancellationToken ct)
    {
        var presence = await directory.GetPresenceAsync(shortlist, ct);
        var load = await invitations.GetAsync(shortlist, now, ZoneOf, ct);
        // Fresh settings, not the indexed ones: a pause or quiet hours set a minute ago already count.
        var settings = await directory.GetPreferencesAsync(shortlist, ct);
        foreach (var id in shortlist)
        {
            var preferences = settings[id];
            if (preferences.IsPausedAt(now) || preferences.Quiet?.ContainsInstant(now, ZoneIdOf(id)) == true)
            {
                continue;
            }
            var live = DirectoryProfiles.Availability(presence.GetValueOrDefault(id), load.GetValueOrDefault(id));
            var budget = preferences.MaxInvitationsPerDay ?? options.Value.DefaultDailyInvitations;
            if (live.InvitationsToday >= budget)
            {
                continue;
            }
            availability[id] = live;
            eligible.Add(id);
        }
    }

    private async Task<int> RefreshDirectoryAsync(DateTimeOffset now, CancellationToken ct)
    {
        var people = await directory.GetCandidatesAsync(ct);
        // Everyone's settings in one read, not one query per person (10,000 round trips made a start take a minute).
        var settings = await directory.GetPreferencesAsync([.. people.Select(p => p.Id)], ct);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var changed = 0;
        foreach (var person in people)
        {
            seen.Add(person.Id);
            var preferences = settings[person.Id];
            var profile = DirectoryProfiles.ToProfile(person, preferences, options.Value.DefaultDailyInvitations, now);
            var fingerprint = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(profile));
            lock (_gate)
            {
                if (_fingerprints.TryGetValue(person.Id, out var known) && known.AsSpan().SequenceEqual(fingerprint))
                {
                    continue;
                }
                _fingerprints[person.Id] = fingerprint;
                _profiles[person.Id] = profile;
            }
            _index.UpsertProfile(profile);
            changed++;
        }
        List<string> gone;
        lock (_gate)
        {
            gone = [.. _profiles.Keys.Where(id => !seen.Contains(id))];
            foreach (var id in gone)
            {
                _profiles.Remove(id);
                _fingerprints.Remove(id);
            }
        }
        foreach (var id in gone)
        {
            _index.RemoveFromDirectory(id);
        }
        return changed + gone.Count;
    }

    private async Task<int> LoadResolvedAsync(DateTimeOffset? since, CancellationToken ct)
    {
        var added = 0;
        long after = 0;
        while (true)
        {
            await using var db = database.CreateContext();
            var page = await db.Set<Question>()
                .Where(q => q.Status == QuestionStatus.Resolved && q.Id > after && (since == null || q.ResolvedAt >= since))
                .OrderBy(q => q.Id).Take(PageSize)
                .Include(q => q.Contributions).AsSplitQuery().AsNoTracking().ToListAsync(ct);
            foreach (var question in page)
            {
                added += AddResolved(question) ? 1 : 0;
            }
            if (page.Count < PageSize)
            {
                return added;
            }
            after = page[^1].Id;
        }
    }

    private async Task<int> LoadDeclinesAsync(DateTimeOffset since, CancellationToken ct)
    {
        var recorded = 0;
        long after = 0;
        while (true)
        {
            await using var db = database.CreateContext();
            var page = await (
                from i in db.Set<Invitation>()
                join q in db.Set<Question>() on i.QuestionId equals q.Id
                where i.Status == InvitationStatus.Declined && i.Id > after && i.AnsweredAt >= since
                orderby i.Id
                select new { Invitation = i, q.Title, q.Details, q.Tried, q.Product }).Take(PageSize).AsNoTracking().ToListAsync(ct);
            foreach (var row in page)
            {
                var topics = pools.TopicsOf(row.Product, row.Title, RoutingHistory.Body(row.Details, row.Tried));
                recorded += Record(row.Invitation, row.Title, topics) ? 1 : 0;
            }
            if (page.Count < PageSize)
            {
                return recorded;
            }
            after = page[^1].Invitation.Id;
        }
    }

    private bool AddResolved(Question question)
    {
        var topics = pools.TopicsOf(question.Product, question.Title, RoutingHistory.Body(question));
        var past = RoutingHistory.ToPastQuestion(question, topics);
        lock (_gate)
        {
            if (!_indexedQuestions.Add(question.Id))
            {
                return false;
            }
            if (past is null)
            {
                return false;
            }
            foreach (var answer in past.Answers)
            {
                if (!_answeredTopics.TryGetValue(answer.ExpertId, out var known))
                {
                    _answeredTopics[answer.ExpertId] = known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                }
                known.UnionWith(topics);
            }
        }
        _index.Add(past);
        return true;
    }

    private void RecordDeclines(Question question)
    {
        if (!question.Invitations.Any(i => i.Status == InvitationStatus.Declined))
        {
            return;
        }
        var topics = pools.TopicsOf(question.Product, question.Title, RoutingHistory.Body(question));
        foreach (var invitation in question.Invitations)
        {
            Record(invitation, question.Title, topics);
        }
    }

    private bool Record(Invitation invitation, string title, IReadOnlyList<string> topics)
    {
        if (invitation.Id == 0 || RoutingHistory.ToDecline(invitation, title, topics) is not { } decline)
        {
            return false;
        }
        lock (_gate)
        {
            if (!_recordedDeclines.Add(invitation.Id))
            {
                return false;
            }
        }
        _index.RecordDecline(decline);
        return true;
    }

    /// <summary>
    /// Which of the question's topics an expert knows: named by their curated profile fields (not free text like a job
    /// title, where "Identity Engineer" would "know" every Identity question), or answered before.
    /// </summary>
    private IReadOnlySet<string> Knows(string expertId, IReadOnlyList<string> topics)
    {
        ExpertProfile? profile;
        HashSet<string>? answered;
        lock (_gate)
        {
            profile = _profiles.GetValueOrDefault(expertId);
            answered = _answeredTopics.GetValueOrDefault(expertId) is { } a ? [.. a] : null;
        }
        var terms = new HashSet<string>(StringComparer.Ordinal);
        if (profile is not null)
        {
            foreach (var phrase in profile.Skills.Concat(profile.Responsibilities).Concat(profile.Interests).Concat(profile.WantsTopics))
            {
                terms.Add(Text.TagTerm(phrase));
                terms.UnionWith(Text.Tokens(phrase));
            }
        }
        var knows = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var topic in topics)
        {
            if (answered?.Contains(topic) == true || Text.Mentions(topic, terms))
            {
                knows.Add(topic);
            }
        }
        return knows;
    }

    private string NameOf(string id)
    {
        lock (_gate)
        {
            return _profiles.GetValueOrDefault(id)?.DisplayName ?? id;
        }
    }

    private string? ZoneIdOf(string id)
    {
        lock (_gate)
        {
            return _profiles.GetValueOrDefault(id)?.TimeZoneId;
        }
    }

    private TimeZoneInfo ZoneOf(string id) =>
        ZoneIdOf(id) is { } zone && TimeZones.TryFind(zone, out var found) ? found : TimeZoneInfo.Utc;

    [LoggerMessage(EventId = 650, Level = LogLevel.Information,
        Message = "Routing index refreshed: {People} directory changes, {Questions} resolved questions, {Declines} declines added")]
    private static partial void Refreshed(ILogger logger, int people, int questions, int declines);
}
