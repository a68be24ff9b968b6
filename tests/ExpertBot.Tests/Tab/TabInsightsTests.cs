using System.Net;
using System.Text.Json.Nodes;
using ExpertBot.Features.Ideas;
using ExpertBot.Features.Knowledge.Articles;
using ExpertBot.Features.Questions;
using ExpertBot.Features.Tab.Insights;
using ExpertBot.Storage;
using ExpertBot.Teams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ExpertBot.Tests.Tab;

/// <summary>
/// The insights endpoints over a small hand-built set of questions, invitations, replies, articles and ideas whose figures
/// are worked out by hand below (each expected number says where it comes from): the endpoint computes them from the
/// tables, so a wrong query or definition fails here. Only supervisors, admins and product managers see them.
/// </summary>
public sealed class TabInsightsTests : IAsyncLifetime
{
    private const string Pm = "0c000000-0000-4000-8000-0000000000b1";
    private const string Supervisor = "0c000000-0000-4000-8000-0000000000b2";
    private const string Admin = "0c000000-0000-4000-8000-0000000000b3";
    private const string Agent = "0a000000-0000-4000-8000-0000000000b4";
    private const string Megan = "0e000000-0000-4000-8000-0000000000e1";
    private const string Lee = "0e000000-0000-4000-8000-0000000000e2";
    // A reply's author name as a person could type it: a formula to Excel, with a comma and quotes to escape.
    private const string LeeAsTyped = "=cmd|' /C calc'!A0, \"Lee\"";
    internal const string Period = "from=2026-11-16&to=2026-12-04"; // the weeks of 16 Nov, 23 Nov and 30 Nov

    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private TabHost _host = null!;
    private KnowledgeReport _before = null!;

    // The pools are the demo company's (appsettings.json): Identity and Billing take the questions of their product.
    public async Task InitializeAsync()
    {
        _host = new TabHost(_time,
            ("Roles:ProductManagers:0", Pm), ("Roles:Admins:0", Admin), ("Questions:Supervisors:0", Supervisor));
        _before = await _host.Services.GetRequiredService<KnowledgeFigures>().ReportAsync(null, default);
        await SeedAsync(_host.Services);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static DateTimeOffset At(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A question as stored, with the first expert response it keeps (<paramref name="respondedAfter"/> minutes after asking)
    /// given by hand; without <paramref name="stored"/> those columns are left empty, as before the InsightsColumns migration.
    /// </summary>
    private static Question Ask(bool stored, string product, DateTimeOffset at, QuestionStatus status, DateTimeOffset? resolvedAt = null, string? article = null,
        Invitation[]? invitations = null, Contribution[]? replies = null, double? respondedAfter = null) => new()
    {
        AskerId = Agent, AskerName = "Agent", AskerChat = new ConversationRef("https://smba.trafficmanager.net/amer/", "msteams", "a:1", TabHost.Tenant, "28:bot"),
        Title = $"A question about {product}", Product = product, CreatedAt = at, LastActivityAt = at, Status = status, ResolvedAt = resolvedAt,
        KnowledgeArticleId = article, Invitations = invitations ?? [], Contributions = replies ?? [], SourceKey = Guid.NewGuid().ToString("N"),
        FirstInvitedAt = stored && invitations is { Length: > 0 } ? at : null,
        FirstResponseAt = stored && respondedAfter is { } m ? at.AddMinutes(m) : null,
    };

    private static Invitation Invite(string expert, DateTimeOffset at, InvitationStatus status, double? answeredAfterMinutes = null) => new()
    {
        ExpertId = expert, ExpertName = expert == Megan ? "Megan Bowen" : "Lee Gu", Reason = "knows it", InvitedAt = at, Status = status,
        AnsweredAt = answeredAfterMinutes is { } m ? at.AddMinutes(m) : null,
    };

    private static Contribution Reply(string author, DateTimeOffset at, bool accepted = false, int? rating = null) => new()
    {
        AuthorId = author, AuthorName = author == Megan ? "Megan Bowen" : LeeAsTyped, Text = "Try this", SourceActivityId = Guid.NewGuid().ToString("N"),
        CreatedAt = at, Accepted = accepted, Rating = rating,
    };

    /// <summary>
    /// Q1 Identity, 17 Nov: Megan takes it after 10 min, replies (accepted, 5 stars), resolved after 120 min.
    /// Q2 Identity, 24 Nov: Megan times out, Lee takes it after 90 min, replies (accepted, 3 stars), resolved after 300 min.
    /// Q3 Identity, 25 Nov: both time out; expired (nobody joined).
    /// Q4 Billing, 1 Dec: resolved from the knowledge base after 5 min, no experts.
    /// Q5 Billing, 2 Dec: Megan invited, still looking (open load: Megan 1).
    /// Q6 Billing, 2 Dec: Lee declines but replies after 2,000 min (answered, not resolved).
    /// Q7 Identity, 10 Nov (before the period): Lee's invitation is still open (load counts it: load is now, not the period's).
    /// Without <paramref name="stored"/>, the questions' first invitation and first response are left for the migration to fill.
    /// </summary>
    internal static async Task SeedAsync(IServiceProvider services, bool stored = true)
    {
        var q1 = At(11, 17, 10);
        var q2 = At(11, 24, 9);
        var q3 = At(11, 25, 9);
        var q4 = At(12, 1, 8);
        var q5 = At(12, 2, 8);
        var q6 = At(12, 2, 12);
        var q7 = At(11, 10, 9);
        var questions = new[]
        {
            Ask(stored, "Identity", q1, QuestionStatus.Resolved, q1.AddMinutes(120), invitations: [Invite(Megan, q1, InvitationStatus.Accepted, 10)], replies: [Reply(Megan, q1.AddMinutes(30), true, 5)],
                respondedAfter: 10),
            Ask(stored, "Identity", q2, QuestionStatus.Resolved, q2.AddMinutes(300),
                invitations: [Invite(Megan, q2, InvitationStatus.TimedOut, 30), Invite(Lee, q2.AddMinutes(30), InvitationStatus.Accepted, 60)], replies: [Reply(Lee, q2.AddMinutes(100), true, 3)],
                respondedAfter: 90),
            Ask(stored, "Identity", q3, QuestionStatus.Expired, invitations: [Invite(Megan, q3, InvitationStatus.TimedOut, 30), Invite(Lee, q3.AddMinutes(30), InvitationStatus.TimedOut, 30)]),
            Ask(stored, "Billing", q4, QuestionStatus.Resolved, q4.AddMinutes(5), article: "KB-1"),
            Ask(stored, "Billing", q5, QuestionStatus.Routing, invitations: [Invite(Megan, q5, InvitationStatus.Invited)]),
            Ask(stored, "Billing", q6, QuestionStatus.Answered, invitations: [Invite(Lee, q6, InvitationStatus.Declined, 5)], replies: [Reply(Lee, q6.AddMinutes(2000))],
                respondedAfter: 2000),
            Ask(stored, "Identity", q7, QuestionStatus.Routing, invitations: [Invite(Lee, q7, InvitationStatus.Invited)]),
        };
        await using var db = services.GetRequiredService<ExpertBotDatabase>().CreateContext();
        db.AddRange(questions);
        await db.SaveChangesAsync();
        long[] _q = [.. questions.Select(q => q.Id)];

        var due = new Article { Title = "Reset MFA", OwnerId = Megan, OwnerName = "Megan Bowen", State = ArticleState.Validated, VerifyDueAt = At(11, 1, 0), CreatedAt = q7, UpdatedAt = q7 };
        var poor = new Article { Title = "Refund rules", OwnerId = Lee, OwnerName = "Lee Gu", State = ArticleState.Validated, VerifyDueAt = At(12, 31, 0), CreatedAt = q7, UpdatedAt = q7 };
        var liked = new Article { Title = "Invoice copies", OwnerId = Lee, OwnerName = "Lee Gu", State = ArticleState.Validated, CreatedAt = q7, UpdatedAt = q7 };
        db.AddRange(due, poor, liked);
        await db.SaveChangesAsync();
        db.AddRange(
            new ArticleRating { ArticleId = poor.Id, PersonId = "p1", Stars = 2, At = q4 }, new ArticleRating { ArticleId = poor.Id, PersonId = "p2", Stars = 1, At = q4 },
            new ArticleRating { ArticleId = liked.Id, PersonId = "p1", Stars = 5, At = q4 }, new ArticleRating { ArticleId = liked.Id, PersonId = "p2", Stars = 4, At = q4 },
            new ArticleFlag { ArticleId = poor.Id, PersonId = "p3", PersonName = "Someone", Reason = FlagReason.Outdated, At = q4 },
            new ArticleFlag { ArticleId = liked.Id, PersonId = "p3", PersonName = "Someone", Reason = FlagReason.Unclear, At = q4, ResolvedAt = q5 },
            // Closed questions of the period: Q1 (article written from it), Q4 (an existing article reused), Q3 (none).
            new QuestionKnowledge { QuestionId = _q[0], QuestionNumber = $"Q-{_q[0]}", ClosedAt = q1.AddMinutes(120), ArticleId = due.Id, Kind = LinkKind.New },
            new QuestionKnowledge { QuestionId = _q[3], QuestionNumber = $"Q-{_q[3]}", ClosedAt = q4.AddMinutes(5), ArticleId = due.Id, Kind = LinkKind.Known },
            new QuestionKnowledge { QuestionId = _q[2], QuestionNumber = $"Q-{_q[2]}", ClosedAt = q3.AddHours(2) },
            new ArticleLinkRow { ArticleId = due.Id, QuestionId = _q[0], Kind = LinkKind.New, At = q1.AddMinutes(120) },
            new ArticleLinkRow { ArticleId = due.Id, QuestionId = _q[3], Kind = LinkKind.Known, At = q4.AddMinutes(5) },
            new Idea { Title = "New one", Status = IdeaStatus.New, SubmitterId = Agent, SubmitterName = "Agent", SourceKey = "i1", CreatedAt = At(11, 20, 9), UpdatedAt = At(11, 20, 9) },
            new Idea { Title = "Planned one", Status = IdeaStatus.Planned, SubmitterId = Agent, SubmitterName = "Agent", SourceKey = "i2", CreatedAt = At(12, 1, 9), UpdatedAt = At(12, 1, 9) },
            new Idea { Title = "Shipped before", Status = IdeaStatus.Shipped, SubmitterId = Agent, SubmitterName = "Agent", SourceKey = "i3", CreatedAt = At(11, 1, 9), UpdatedAt = At(11, 1, 9) });
        await db.SaveChangesAsync();
    }

    private async Task<JsonNode> ReportAsync(string query, string user = Pm) => (await _host.JsonAsync("/tab/api/insights?" + query, user))["report"]!;

    private static double? Number(JsonNode? node) => node?.GetValue<double>();

    [Fact]
    public async Task The_figures_are_those_of_the_hand_built_questions()
    {
        var r = await ReportAsync(Period);

        Assert.Equal(6, r["questions"]!.GetValue<int>()); // Q1-Q6; Q7 was asked before the period
        Assert.Equal([("2026-11-16", 1), ("2026-11-23", 2), ("2026-11-30", 3)],
            r["questionsPerWeek"]!.AsArray().Select(w => (w!["week"]!.ToString(), w["questions"]!.GetValue<int>())));

        // First expert response: Q1 10 min (Megan took it), Q2 30 + 60 = 90 min (Lee took it), Q6 2,000 min (Lee's reply); nearest rank.
        var first = r["firstResponse"]!;
        Assert.Equal(3, first["questions"]!.GetValue<int>());
        Assert.Equal(90, Number(first["medianMinutes"]));
        Assert.Equal(2000, Number(first["p90Minutes"]));
        Assert.Equal([1, 0, 1, 0, 1, 0], first["buckets"]!.AsArray().Select(b => b!["questions"]!.GetValue<int>()));
        Assert.Equal([10.0, 90.0, 2000.0], first["weekly"]!.AsArray().Select(w => Number(w!["medianMinutes"])!.Value));

        // Resolution: Q4 5 min, Q1 120 min, Q2 300 min.
        var resolution = r["resolution"]!;
        Assert.Equal(120, Number(resolution["medianMinutes"]));
        Assert.Equal(300, Number(resolution["p90Minutes"]));
        Assert.Equal([1, 0, 1, 1, 0, 0], resolution["buckets"]!.AsArray().Select(b => b!["questions"]!.GetValue<int>()));

        Assert.Equal((5, 6), Share(r["sentToExperts"])); // all but Q4
        Assert.Equal((1, 4), Share(r["nobodyJoined"])); // of Q1, Q2, Q3, Q6 (Q5 is still looking): Q3
        Assert.Equal((1, 6), Share(r["answeredFromKnowledge"])); // Q4

        var kb = r["knowledge"]!;
        Assert.Equal((2, 3), Share(kb["linkRate"])); // Q1 and Q4 of Q1, Q3, Q4
        Assert.Equal((1, 2), Share(kb["reuse"])); // Q4's link of the two
        Assert.Equal(_before.Validated + 3, kb["validated"]!.GetValue<int>());
        Assert.Equal(_before.OpenFlags + 1, kb["openFlags"]!.GetValue<int>());
        Assert.Equal(_before.DueForVerification + 1, kb["dueForVerification"]!.GetValue<int>());
        Assert.Contains(kb["due"]!.AsArray(), a => a!["title"]!.ToString() == "Reset MFA");
        var lowRated = Assert.Single(kb["lowRated"]!.AsArray(), a => a!["title"]!.ToString() is "Refund rules" or "Invoice copies")!;
        Assert.Equal("Refund rules", lowRated["title"]!.ToString());
        Assert.Equal("1.5 of 5 from 2 ratings", lowRated["detail"]!.ToString());
        Assert.Equal("Refund rules", Assert.Single(kb["flagged"]!.AsArray(), a => a!["title"]!.ToString() is "Refund rules" or "Invoice copies")!["title"]!.ToString());

        // Lee: 2 replies (Q2 accepted, 3 stars; Q6), Megan: 1 (Q1 accepted, 5 stars). Same accepted count: more replies first.
        var top = r["topContributors"]!.AsArray();
        Assert.Equal([LeeAsTyped, "Megan Bowen"], top.Select(c => c!["name"]!.ToString()));
        Assert.Equal([(1, 2, 3.0), (1, 1, 5.0)], top.Select(c => (c!["acceptedAnswers"]!.GetValue<int>(), c["replies"]!.GetValue<int>(), Number(c["averageRating"])!.Value)));

        Assert.Equal([("Lee Gu", 1), ("Megan Bowen", 1)], r["load"]!.AsArray().Select(e => (e!["name"]!.ToString(), e["openInvitations"]!.GetValue<int>())));
        var funnel = r["ideaFunnel"]!.AsArray().ToDictionary(s => s!["status"]!.ToString(), s => s!["ideas"]!.GetValue<int>());
        Assert.Equal(1, funnel["New"]);
        Assert.Equal(1, funnel["Planned"]);
        Assert.Equal(0, funnel["Shipped"]); // shipped, but raised before the period
    }

    [Fact]
    public async Task A_pool_and_a_period_narrow_the_figures()
    {
        var identity = await ReportAsync(Period + "&pool=identity");
        Assert.Equal("Identity", identity["pool"]!.ToString());
        Assert.Equal(3, identity["questions"]!.GetValue<int>()); // Q1-Q3
        Assert.Equal((1, 3), Share(identity["nobodyJoined"]));
        Assert.Equal((0, 3), Share(identity["answeredFromKnowledge"]));
        Assert.Equal((1, 2), Share(identity["knowledge"]!["linkRate"])); // Q1 of Q1, Q3
        Assert.Equal([("Lee Gu", 1)], identity["load"]!.AsArray().Select(e => (e!["name"]!.ToString(), e["openInvitations"]!.GetValue<int>()))); // Q7

        var billing = await ReportAsync(Period + "&pool=Billing");
        Assert.Equal(3, billing["questions"]!.GetValue<int>()); // Q4-Q6
        Assert.Equal((1, 3), Share(billing["answeredFromKnowledge"]));
        Assert.Equal([("Megan Bowen", 1)], billing["load"]!.AsArray().Select(e => (e!["name"]!.ToString(), e["openInvitations"]!.GetValue<int>()))); // Q5

        var lastWeek = await ReportAsync("from=2026-11-30&to=2026-12-06");
        Assert.Equal(3, lastWeek["questions"]!.GetValue<int>()); // Q4-Q6
        Assert.Single(lastWeek["questionsPerWeek"]!.AsArray());

        // By default: the last 12 weeks up to today (Q7 of 10 Nov is in them).
        var byDefault = await ReportAsync("");
        Assert.Equal(7, byDefault["questions"]!.GetValue<int>());
        Assert.Equal(12, byDefault["questionsPerWeek"]!.AsArray().Count);

        foreach (var bad in new[] { "pool=Nowhere", "from=16.11.2026", "from=2026-12-04&to=2026-11-01", "from=2020-01-01&to=2026-01-01" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await _host.SendAsync(HttpMethod.Get, "/tab/api/insights?" + bad, _host.Token(Pm))).StatusCode);
        }
    }

    [Fact]
    public async Task Only_supervisors_admins_and_product_managers_see_insights()
    {
        foreach (var user in new[] { Pm, Supervisor, Admin })
        {
            Assert.Equal(HttpStatusCode.OK, (await _host.SendAsync(HttpMethod.Get, "/tab/api/insights?" + Period, _host.Token(user))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await _host.SendAsync(HttpMethod.Get, "/tab/api/insights.csv?" + Period, _host.Token(user))).StatusCode);
        }
        foreach (var path in new[] { "/tab/api/insights", "/tab/api/insights.csv" })
        {
            var refused = await _host.SendAsync(HttpMethod.Get, path, _host.Token(Agent));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.DoesNotContain("questions", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Unauthorized, (await _host.SendAsync(HttpMethod.Get, path, null)).StatusCode);
            foreach (var (name, token) in _host.BadTokens(Pm, Agent))
            {
                var response = await _host.SendAsync(HttpMethod.Get, path, token);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path}, {name}: {response.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task The_csv_is_rfc_4180_with_a_header_and_cells_excel_would_run_neutralised()
    {
        var response = await _host.SendAsync(HttpMethod.Get, "/tab/api/insights.csv?" + Period + "&pool=Identity", _host.Token(Supervisor));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("insights-2026-11-16-2026-12-04.csv", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var text = await response.Content.ReadAsStringAsync();
        var lines = text.Split("\r\n");
        Assert.Equal(InsightsCsv.Header, lines[0]);
        Assert.Equal("", lines[^1]); // every record ends with CRLF
        Assert.DoesNotContain('\n', text.Replace("\r\n", "", StringComparison.Ordinal));
        Assert.Contains("period,pool,name,Identity", lines);
        Assert.Contains("questions,all,questions,3", lines);
        Assert.Contains("nobody joined,all,rate,0.3333", lines);
        // Lee's name as typed: a formula (leading apostrophe added), with a comma and quotes (quoted, quotes doubled).
        Assert.Contains("top contributors,\"'=cmd|' /C calc'!A0, \"\"Lee\"\"\",replies,1", lines);
        Assert.All(lines.Skip(1).Where(l => l.Length > 0), l => Assert.Equal(4, Fields(l).Count));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=a,\"b\"", "\"'=a,\"\"b\"\"\"")]
    public void A_cell_is_quoted_and_neutralised(string value, string written) => Assert.Equal(written, InsightsCsv.Cell(value));

    private static (int, int) Share(JsonNode? share) => (share!["part"]!.GetValue<int>(), share["whole"]!.GetValue<int>());

    /// <summary>An RFC 4180 record's fields (quoted fields may hold commas and doubled quotes).</summary>
    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        fields.Add(field.ToString());
        return fields;
    }
}
