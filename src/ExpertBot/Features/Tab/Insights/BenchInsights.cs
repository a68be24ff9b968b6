using System.Diagnostics;
using System.Globalization;
using ExpertBot.Features.Ideas;
using ExpertBot.Features.Knowledge.Articles;
using ExpertBot.Features.Questions;
using ExpertBot.Features.Routing;
using ExpertBot.Storage;
using ExpertBot.Teams;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Tab.Insights;

/// <summary>
/// bench-tab's insights part: N questions over 700 days in a fresh SQLite database (migrated as the app does), as the
/// model stores them: 15 % answered from the knowledge base; the rest invite three experts of 60, of which most take it
/// (minutes to hours later) and reply once or twice (answers accepted and rated), some time out (nobody joined), some are
/// cancelled, the newest still look for experts; the closed ones with their knowledge links, 1,000 articles with ratings
/// and flags, 2,000 ideas. Then the server time of the insights: the whole period, one pool, the default 12 weeks.
/// </summary>
internal static class BenchInsights
{
    private const int Batch = 2_000;
    private static readonly string[] Products = ["Identity", "Identity", "Billing", "Billing", "Licensing"];

    public static async Task RunAsync(string folder, int count, int runs, TextWriter output)
    {
        await using var database = new ExpertBotDatabase(Options.Create(new StorageOptions { SqlitePath = Path.Combine(folder, "insights.db") }),
            new BenchTabCommand.BenchEnvironment(folder), NullLoggerFactory.Instance);
        await database.MigrateAsync(CancellationToken.None);
        var start = new DateTimeOffset(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);
        var span = TimeSpan.FromDays(700);
        var clock = Stopwatch.StartNew();
        var (invitations, replies) = await SeedAsync(database, count, start, span);
        var seeded = clock.Elapsed;

        var time = new FixedTime(start + span);
        var pools = new ExpertPools(Options.Create(new RoutingOptions
        {
            Pools =
            [
                new() { Name = "Identity", Products = ["Identity"], Topics = ["single sign-on", "MFA"] },
                new() { Name = "Billing", Products = ["Billing"], Topics = ["invoice", "refund"] },
                new() { Name = "Default" },
            ],
        }));
        var query = new InsightsQuery(database, new QuestionPools(database, pools), new KnowledgeFigures(database, time), time);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"bench-tab: insights over {count:N0} questions ({invitations:N0} invitations, {replies:N0} replies; seeded in {seeded.TotalSeconds:F1} s), {runs} runs each:"));
        var weeks12 = Durations.WeekOf(start + span).AddDays(-77).ToDateTime(TimeOnly.MinValue);
        foreach (var (name, filter) in new (string, InsightsFilter)[]
        {
            ("all pools, all 700 days", new(null, start, start + span)),
            ("one pool (Billing), all 700 days", new("Billing", start, start + span)),
            ("all pools, last 12 weeks (the default)", new(null, new DateTimeOffset(weeks12, TimeSpan.Zero), start + span)),
        })
        {
            var report = await query.ReportAsync(filter, CancellationToken.None);
            // CPU per report beside the wall times: on a shared machine the wall time follows its load, the CPU much less.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var times = await BenchTabCommand.TimeAsync(runs, () => query.ReportAsync(filter, CancellationToken.None));
            var cpuPerReport = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / (runs + Math.Min(20, runs));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {name} ({report.Questions:N0} questions): p50 {BenchTabCommand.Percentile(times, 0.5):F1} ms, p99 {BenchTabCommand.Percentile(times, 0.99):F1} ms (target < 300 ms), CPU {cpuPerReport:F0} ms per report"));
        }
    }

    private static async Task<(int Invitations, int Replies)> SeedAsync(ExpertBotDatabase database, int count, DateTimeOffset start, TimeSpan span)
    {
        var r = new Random(13);
        var chat = new ConversationRef("https://smba.trafficmanager.net/amer/", "msteams", "a:1", "t", "28:bot");
        var step = span / count;
        var (invitationCount, replyCount) = (0, 0);
        // Articles (and ideas) first: the questions' knowledge links point at articles.
        await using (var db = database.CreateContext())
        {
            for (var a = 1; a <= 1_000; a++)
            {
                db.Add(new Article
                {
                    Id = a, Title = $"Article {a}", OwnerId = $"e{a % 60}", OwnerName = $"Expert {a % 60}", State = ArticleState.Validated,
                    CreatedAt = start, UpdatedAt = start, VerifyDueAt = start + span + TimeSpan.FromDays(r.Next(-60, 180)),
                });
                for (var p = 0; p < 3; p++)
                {
                    db.Add(new ArticleRating { ArticleId = a, PersonId = $"p{p}", Stars = 1 + r.Next(5), At = start });
                }
                if (a % 10 == 0)
                {
                    db.Add(new ArticleFlag { ArticleId = a, PersonId = "p9", PersonName = "Agent", Reason = FlagReason.Outdated, At = start });
                }
            }
            for (var i = 0; i < 2_000; i++)
            {
                db.Add(new Idea
                {
                    Title = $"Idea {i}", Status = (IdeaStatus)(r.Next(7)), SubmitterId = "u0", SubmitterName = "Agent", SourceKey = $"bench-insights-{i}",
                    CreatedAt = start + span * (i / 2_000.0), UpdatedAt = start,
                });
            }
            await db.SaveChangesAsync();
        }
        for (var from = 0; from < count; from += Batch)
        {
            await using var db = database.CreateContext();
            var questions = new List<Question>();
            for (var i = from; i < Math.Min(count, from + Batch); i++)
            {
                var at = start + step * i;
                var product = Products[r.Next(Products.Length)];
                var newest = i > count * 0.98;
                var kind = r.NextDouble();
                Question q;
                if (kind < 0.15)
                {
                    q = Make(i, product, at, QuestionStatus.Resolved, at.AddMinutes(1 + r.Next(10)), $"KB-{1 + r.Next(1000)}", [], []);
                }
                else
                {
                    var experts = Enumerable.Range(0, 3).Select(_ => r.Next(60)).Distinct().ToList();
                    var invitations = new List<Invitation>();
                    var replies = new List<Contribution>();
                    var outcome = newest ? 1.0 : r.NextDouble();
                    QuestionStatus status;
                    DateTimeOffset? resolved = null;
                    if (outcome < 0.75)
                    {
                        var joinedAfter = 2 + r.Next(600);
                        var taker = experts[0];
                        invitations.Add(Invite(taker, at, InvitationStatus.Accepted, at.AddMinutes(joinedAfter)));
                        invitations.AddRange(experts.Skip(1).Select(e => Invite(e, at, r.Next(3) == 0 ? InvitationStatus.Declined : InvitationStatus.Withdrawn, at.AddMinutes(joinedAfter + 5))));
                        var replyAt = at.AddMinutes(joinedAfter + 5 + r.Next(240));
                        replies.Add(Reply(taker, replyAt, accepted: true, rating: r.Next(5) < 3 ? 1 + r.Next(5) : null));
                        if (r.Next(3) == 0)
                        {
                            replies.Add(Reply(experts[^1], replyAt.AddMinutes(r.Next(120)), accepted: false, rating: null));
                        }
                        status = QuestionStatus.Resolved;
                        resolved = replyAt.AddMinutes(10 + r.Next(3000));
                    }
                    else if (outcome < 0.87)
                    {
                        invitations.AddRange(experts.Select(e => Invite(e, at, InvitationStatus.TimedOut, at.AddMinutes(30))));
                        status = QuestionStatus.Expired;
                    }
                    else if (outcome < 0.97)
                    {
                        invitations.AddRange(experts.Select(e => Invite(e, at, InvitationStatus.Withdrawn, at.AddMinutes(20))));
                        status = QuestionStatus.Cancelled;
                    }
                    else
                    {
                        invitations.AddRange(experts.Select(e => Invite(e, at, InvitationStatus.Invited, null)));
                        status = QuestionStatus.Routing;
                    }
                    invitationCount += invitations.Count;
                    replyCount += replies.Count;
                    q = Make(i, product, at, status, resolved, null, invitations, replies);
                }
                questions.Add(q);
            }
            db.AddRange(questions);
            await db.SaveChangesAsync();
            foreach (var q in questions.Where(q => q.Status is QuestionStatus.Resolved or QuestionStatus.Expired or QuestionStatus.Cancelled))
            {
                var closedAt = q.ResolvedAt ?? q.CreatedAt.AddHours(2);
                long? article = q.KnowledgeArticleId is { } kb ? long.Parse(kb[3..], CultureInfo.InvariantCulture) : r.Next(4) == 0 ? 1 + r.Next(1000) : null;
                var kind = q.KnowledgeArticleId is not null ? LinkKind.Known : LinkKind.New;
                db.Add(new QuestionKnowledge { QuestionId = q.Id, QuestionNumber = q.Number, ClosedAt = closedAt, ArticleId = article, Kind = article is null ? null : kind });
                if (article is { } a)
                {
                    db.Add(new ArticleLinkRow { ArticleId = a, QuestionId = q.Id, Kind = kind, At = closedAt });
                }
            }
            await db.SaveChangesAsync();
        }
        return (invitationCount, replyCount);

        Question Make(int i, string product, DateTimeOffset at, QuestionStatus status, DateTimeOffset? resolved, string? article, List<Invitation> invitations, List<Contribution> replies) => new()
        {
            SourceKey = $"bench-q-{i}", AskerId = $"a{i % 200}", AskerName = "Agent", AskerChat = chat, Title = $"Question {i} about {product}", Product = product,
            Details = "The customer sees an error after the change; steps attached.", CreatedAt = at, LastActivityAt = resolved ?? at, Status = status,
            ResolvedAt = resolved, ResolvedById = resolved is null ? null : $"a{i % 200}", KnowledgeArticleId = article, Resolution = resolved is null ? null : "Do this.",
            Invitations = invitations, Contributions = replies,
            // As the question keeps them when it happens (Question.Invite, Take, AddContribution): every reply here is an expert's.
            FirstInvitedAt = invitations.Count == 0 ? null : invitations.Min(v => v.InvitedAt),
            FirstResponseAt = invitations.Where(v => v.Status == InvitationStatus.Accepted).Select(v => v.AnsweredAt)
                .Concat(replies.Select(c => (DateTimeOffset?)c.CreatedAt)).Min(),
        };
        static Invitation Invite(int expert, DateTimeOffset at, InvitationStatus status, DateTimeOffset? answered) => new()
        {
            ExpertId = $"e{expert}", ExpertName = $"Expert {expert}", Reason = "knows the product", InvitedAt = at, Status = status, AnsweredAt = answered,
        };
        Contribution Reply(int expert, DateTimeOffset at, bool accepted, int? rating) => new()
        {
            AuthorId = $"e{expert}", AuthorName = $"Expert {expert}", Text = "Try this.", SourceActivityId = $"act-{r.Next()}-{r.Next()}", CreatedAt = at, Accepted = accepted, Rating = rating,
        };
    }

    /// <summary>"Now" for the figures that depend on it (articles due): the end of the seeded period.</summary>
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
