using ExpertBot.Features.Questions;
using ExpertBot.Features.Tab.Insights;
using ExpertBot.Storage;
using ExpertBot.Teams;
using ExpertBot.Tests.Host;
using ExpertBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ExpertBot.Tests.Tab;

/// <summary>
/// The streamed figures (the database does the arithmetic on SQLite, the tallies sort once) against the definitions
/// worked out here, plainly, from the questions as they were stored: 400 random questions with every state, durations
/// to the second (ties, sub-minute rounding, a response before the question was asked), replies by experts whose ids
/// differ only in case and by the asker, on both providers, for all pools and for one, over a period that starts mid-week.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class TabInsightsExactTests(PostgresServer server)
{
    private static readonly DateTimeOffset Start = new(2026, 9, 28, 0, 0, 0, TimeSpan.Zero);
    private static readonly QuestionStatus[] States =
        [QuestionStatus.Open, QuestionStatus.Routing, QuestionStatus.Resolved, QuestionStatus.Resolved, QuestionStatus.Expired, QuestionStatus.Cancelled, QuestionStatus.Answered];
    private static readonly string[] Authors = ["e1", "E1", "e2", "e3", "a1", "A2"]; // a1 and A2 ask too

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_figures_are_those_of_the_definitions(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, server);
        await using var app = BotApp.With(database.Settings, ("Storage:Jobs:WorkerEnabled", "false"));
        var questions = Make(new Random(17));
        await using (var db = app.Services.GetRequiredService<ExpertBotDatabase>().CreateContext())
        {
            db.AddRange(questions);
            await db.SaveChangesAsync();
        }
        var query = app.Services.GetRequiredService<InsightsQuery>();
        var from = Start.AddDays(9); // a Wednesday: its week counts from the Monday before
        var to = Start.AddDays(47);

        foreach (var pool in new[] { null, "Identity" })
        {
            var report = await query.ReportAsync(new InsightsFilter(pool, from, to), default);
            var asked = questions.Where(q => q.CreatedAt >= from && q.CreatedAt < to && (pool is null || q.Product == pool)).ToList();
            Assert.InRange(asked.Count, 150, 400);
            var weeks = Durations.Weeks(from, to);

            Assert.Equal(asked.Count, report.Questions);
            Assert.Equal(weeks.Select(w => asked.Count(q => Durations.WeekOf(q.CreatedAt) == w)), report.QuestionsPerWeek.Select(w => w.Questions));
            AssertDurations(asked.Where(q => q.FirstResponseAt is not null).Select(q => (q.CreatedAt, q.FirstResponseAt!.Value)), weeks, report.FirstResponse);
            AssertDurations(asked.Where(q => q.Status == QuestionStatus.Resolved && q.ResolvedAt is not null).Select(q => (q.CreatedAt, q.ResolvedAt!.Value)), weeks, report.Resolution);
            var invited = asked.Where(q => q.FirstInvitedAt is not null).ToList();
            Assert.Equal(new Share(invited.Count, asked.Count), report.SentToExperts);
            var over = invited.Where(q => q.Status is not (QuestionStatus.Open or QuestionStatus.Routing)).ToList();
            Assert.Equal(new Share(over.Count(q => q.FirstResponseAt is null), over.Count), report.NobodyJoined);
            Assert.Equal(new Share(asked.Count(q => q.Status == QuestionStatus.Resolved && q.KnowledgeArticleId is not null && q.FirstInvitedAt is null), asked.Count),
                report.AnsweredFromKnowledge);

            var replies = asked.SelectMany(q => q.Contributions.Where(c => !c.FromAsker && !string.Equals(c.AuthorId, q.AskerId, StringComparison.OrdinalIgnoreCase))
                .Select(c => (Question: q.Id, c))).ToList();
            var expected = replies.GroupBy(r => r.c.AuthorId, StringComparer.OrdinalIgnoreCase).Select(g =>
            {
                var rated = g.Where(r => r.c.Rating is not null).Select(r => (double)r.c.Rating!.Value).ToList();
                return (Id: g.Key.ToLowerInvariant(), g.First().c.AuthorName, Accepted: g.Count(r => r.c.Accepted), Replies: g.Count(),
                    Helped: g.Select(r => r.Question).Distinct().Count(), Average: rated.Count == 0 ? (double?)null : Math.Round(rated.Average(), 2), rated.Count);
            }).OrderByDescending(c => c.Accepted).ThenByDescending(c => c.Replies).ThenBy(c => c.AuthorName, StringComparer.Ordinal).ToList();
            Assert.True(expected.Count >= 4, "experts and askers replying as experts");
            Assert.Equal(expected, report.TopContributors.Select(c => (c.Id.ToLowerInvariant(), c.Name, c.AcceptedAnswers, c.Replies, c.QuestionsHelped, c.AverageRating, c.Ratings)));
        }
    }

    private static void AssertDurations(IEnumerable<(DateTimeOffset Asked, DateTimeOffset At)> durations, IReadOnlyList<DateOnly> weeks, DurationFigures figures)
    {
        var values = durations.Select(d => (Week: Durations.WeekOf(d.Asked), Minutes: Math.Round(Math.Max(0, (d.At - d.Asked).TotalMinutes), 2))).ToList();
        var all = values.Select(v => v.Minutes).Order().ToList();
        Assert.True(all.Count > 20, "enough durations to rank");
        Assert.Equal((all.Count, Nearest(all, 0.5), Nearest(all, 0.9)), (figures.Questions, figures.MedianMinutes, figures.P90Minutes));
        double[] bounds = [15, 60, 240, 1440, 4320, double.PositiveInfinity];
        Assert.Equal(bounds.Select((b, i) => all.Count(m => m < b && (i == 0 || m >= bounds[i - 1]))), figures.Buckets.Select(b => b.Questions));
        Assert.Equal(weeks.Select(w => values.Where(v => v.Week == w).Select(v => v.Minutes).Order().ToList())
                .Select((list, i) => (weeks[i], list.Count, Nearest(list, 0.5), Nearest(list, 0.9))),
            figures.Weekly.Select(w => (w.Week, w.Questions, w.MedianMinutes, w.P90Minutes)));
    }

    /// <summary>Nearest rank: the smallest value with at least p of the values at or below it.</summary>
    private static double? Nearest(List<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return null;
        }
        var rank = 1;
        while (rank < sorted.Count && rank < p * sorted.Count)
        {
            rank++;
        }
        return sorted[rank - 1];
    }

    /// <summary>Questions over seven weeks, times to the second (PostgreSQL keeps microseconds, so the providers store the same).</summary>
    private static List<Question> Make(Random r)
    {
        var chat = new ConversationRef("https://smba.trafficmanager.net/amer/", "msteams", "a:1", "t", "28:bot");
        var questions = new List<Question>();
        for (var i = 0; i < 400; i++)
        {
            var at = Start.AddSeconds(r.Next(49 * 24 * 3600));
            var status = States[r.Next(States.Length)];
            var invited = r.Next(5) > 0;
            // Durations in a few shapes: ties (whole quarter hours), seconds that round, long ones, one before the question.
            DateTimeOffset After() => r.Next(4) switch
            {
                0 => at.AddMinutes(15 * r.Next(8)),
                1 => at.AddSeconds(r.Next(-120, 3600)),
                2 => at.AddSeconds(r.Next(5 * 24 * 3600)),
                _ => at.AddMinutes(r.Next(600)),
            };
            var asker = r.Next(2) == 0 ? "a1" : "A2";
            var replies = Enumerable.Range(0, r.Next(4)).Select(n =>
            {
                var author = Authors[r.Next(Authors.Length)];
                return new Contribution
                {
                    AuthorId = author, AuthorName = $"Person {author.ToLowerInvariant()}", Text = "Try this.", SourceActivityId = $"q{i}-{n}",
                    CreatedAt = at.AddMinutes(n), Accepted = r.Next(3) == 0, Rating = r.Next(3) == 0 ? null : 1 + r.Next(5), FromAsker = r.Next(8) == 0,
                };
            }).ToList();
            questions.Add(new Question
            {
                SourceKey = $"exact-{i}", AskerId = asker, AskerName = "Agent", AskerChat = chat, Title = "A question", Product = r.Next(2) == 0 ? "Identity" : "Billing",
                CreatedAt = at, LastActivityAt = at, Status = status,
                ResolvedAt = status == QuestionStatus.Resolved || r.Next(6) == 0 ? After() : null, // a resolved time on another state is not a resolution
                KnowledgeArticleId = r.Next(3) == 0 ? "KB-1" : null,
                FirstInvitedAt = invited ? at : null,
                FirstResponseAt = r.Next(3) > 0 ? After() : null,
                Contributions = replies,
            });
        }
        return questions;
    }
}
