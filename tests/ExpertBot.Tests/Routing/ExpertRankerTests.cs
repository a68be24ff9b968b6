using ExpertBot.Features.Routing;

namespace ExpertBot.Tests.Routing;

public sealed class ExpertRankerTests
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static PastQuestion Q(string id, int daysAgo, string title, string tag, params (string Expert, bool Accepted)[] answers) =>
        new(id, Monday10Utc.AddDays(-daysAgo), title, "", [tag],
            answers.Select(a => new PastAnswer(a.Expert, Monday10Utc.AddDays(-daysAgo).AddHours(1), a.Accepted)).ToList());

    private static RoutingIndex SmallCompany()
    {
        var index = new RoutingIndex();
        foreach (var id in (string[])["ana", "bob", "carl", "dana"])
        {
            index.UpsertProfile(new ExpertProfile(id, id));
        }
        index.Add(Q("1", 60, "sso login loop with azure ad b2c", "identity", ("ana", true), ("bob", false)));
        index.Add(Q("2", 50, "b2c custom policy token lifetime", "identity", ("ana", true)));
        index.Add(Q("3", 40, "invoice totals wrong after tax change", "billing", ("carl", true)));
        index.Add(Q("4", 30, "export invoices to csv", "billing", ("carl", false), ("bob", true)));
        return index;
    }

    private static RoutingQuery Ask(string title, string tag, string? asker = null) => new(title, "", [tag], asker, Monday10Utc);

    [Fact]
    public void The_expert_with_accepted_answers_on_similar_questions_ranks_first_and_says_why()
    {
        var ranking = new ExpertRanker(SmallCompany()).Rank(Ask("customer stuck in b2c sso login loop", "identity", "dana"));

        Assert.Equal("ana", ranking[0].ExpertId);
        Assert.Equal("knows identity; answered 2 similar questions this quarter (2 accepted)", ranking[0].Why);
    }

    [Fact]
    public void The_topic_decides_who_is_first()
    {
        var ranking = new ExpertRanker(SmallCompany()).Rank(Ask("vat rounding on invoice totals", "billing"));

        Assert.Equal("carl", ranking[0].ExpertId);
        Assert.Equal("ana", ranking.Last(r => r.ExpertId is "ana" or "bob" or "carl").ExpertId);
    }

    [Fact]
    public void The_asker_is_never_a_candidate()
    {
        var ranking = new ExpertRanker(SmallCompany()).Rank(Ask("b2c sso login loop", "identity", "ana"));

        Assert.DoesNotContain(ranking, r => r.ExpertId == "ana");
        Assert.Equal(3, ranking.Count);
    }

    [Fact]
    public void Skills_beat_free_text()
    {
        var index = new RoutingIndex();
        index.UpsertProfile(new ExpertProfile("chatty", "Chatty") { AboutMe = "I once read about kubernetes ingress" });
        index.UpsertProfile(new ExpertProfile("owner", "Owner") { Skills = ["Kubernetes ingress"] });
        index.UpsertProfile(new ExpertProfile("other", "Other") { Skills = ["Payroll"] });

        var ranking = new ExpertRanker(index).Rank(Ask("kubernetes ingress returns 502", "hosting"));

        Assert.Equal(["owner", "chatty", "other"], ranking.Select(r => r.ExpertId));
        Assert.Equal("knows Kubernetes ingress", ranking[0].Why);
        Assert.Equal("no related history yet", ranking[1].Why);
    }

    [Fact]
    public void Responsibilities_and_skills_match_question_tags()
    {
        var index = new RoutingIndex();
        index.UpsertProfile(new ExpertProfile("pat", "Pat") { Responsibilities = ["Azure AD"] });
        index.UpsertProfile(new ExpertProfile("sam", "Sam") { AboutMe = "coffee" });

        var ranking = new ExpertRanker(index).Rank(Ask("users cannot sign in", "azure-ad"));

        Assert.Equal("pat", ranking[0].ExpertId);
        Assert.StartsWith("knows Azure AD", ranking[0].Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Paused_out_of_office_never_topics_and_over_budget_experts_are_not_invited()
    {
        var index = SmallCompany();
        index.UpsertProfile(new ExpertProfile("ana", "Ana") { RoutingPaused = true });
        index.UpsertProfile(new ExpertProfile("bob", "Bob") { NeverTopics = ["identity"] });
        index.UpsertProfile(new ExpertProfile("carl", "Carl") { DailyInvitationBudget = 2 });
        var availability = new Dictionary<string, ExpertAvailability>
        {
            ["carl"] = new(Presence.Available, InvitationsToday: 2),
            ["dana"] = new(Presence.Available, OutOfOffice: true),
        };

        var ranking = new ExpertRanker(index).Rank(Ask("b2c sso login loop", "identity"), new RankingOptions { Availability = availability });

        Assert.Empty(ranking);
    }

    [Fact]
    public void Budget_not_yet_used_up_keeps_the_expert_and_says_so()
    {
        var index = SmallCompany();
        index.UpsertProfile(new ExpertProfile("ana", "Ana") { DailyInvitationBudget = 3 });
        var availability = new Dictionary<string, ExpertAvailability> { ["ana"] = new(Presence.Available, InvitationsToday: 2) };

        var top = new ExpertRanker(index).Rank(Ask("b2c sso login loop", "identity"), new RankingOptions { Availability = availability })[0];

        Assert.Equal("ana", top.ExpertId);
        Assert.EndsWith("available now; invited 2 times already today (daily limit 3)", top.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Presence_and_working_hours_lower_but_do_not_exclude()
    {
        var index = SmallCompany();
        var ranker = new ExpertRanker(index);
        var query = Ask("b2c sso login loop", "identity");
        var before = ranker.Rank(query).Single(r => r.ExpertId == "ana");

        // 10:00 UTC is 19:00 in Tokyo: outside 09:00-17:00.
        index.UpsertProfile(new ExpertProfile("ana", "Ana")
        {
            TimeZoneId = "Asia/Tokyo",
            WorkingHours = new WorkingHours(new TimeOnly(9, 0), new TimeOnly(17, 0), [DayOfWeek.Monday, DayOfWeek.Tuesday]),
        });
        var availability = new Dictionary<string, ExpertAvailability> { ["ana"] = new(Presence.DoNotDisturb) };
        var after = ranker.Rank(query, new RankingOptions { Availability = availability }).Single(r => r.ExpertId == "ana");

        Assert.True(after.Score < before.Score * 0.25, $"{after.Score} vs {before.Score}");
        Assert.Contains("do not disturb; outside their working hours (Mon 19:00 for them)", after.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_invitations_spread_the_load()
    {
        var index = SmallCompany();
        var ranker = new ExpertRanker(index);
        var query = Ask("invoice export totals", "billing");
        var leader = ranker.Rank(query)[0].ExpertId;
        var availability = new Dictionary<string, ExpertAvailability> { [leader] = new(Presence.Available, OpenInvitations: 6) };

        var ranking = ranker.Rank(query, new RankingOptions { Availability = availability });

        Assert.NotEqual(leader, ranking[0].ExpertId);
        Assert.Contains("6 questions waiting for their answer", ranking.Single(r => r.ExpertId == leader).Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_my_area_lowers_that_topic_only_and_too_busy_is_about_today()
    {
        var index = SmallCompany();
        var ranker = new ExpertRanker(index);
        index.RecordDecline(new ExpertDecline("ana", Monday10Utc.AddDays(-1), DeclineReason.NotMyArea, ["identity"]));

        var identity = ranker.Rank(Ask("b2c sso login loop", "identity"));
        Assert.NotEqual("ana", identity[0].ExpertId);
        Assert.Contains("recently said identity is not their area", identity.Single(r => r.ExpertId == "ana").Why, StringComparison.Ordinal);
        var billing = ranker.Rank(Ask("invoice export totals", "billing"));
        Assert.DoesNotContain("not their area", billing.Single(r => r.ExpertId == "ana").Why, StringComparison.Ordinal);

        index.RecordDecline(new ExpertDecline("carl", Monday10Utc.AddHours(-2), DeclineReason.TooBusy, ["billing"]));
        var busy = ranker.Rank(Ask("invoice totals tax", "billing")).Single(r => r.ExpertId == "carl");
        Assert.Contains("said too busy today", busy.Why, StringComparison.Ordinal);
        var nextWeek = ranker.Rank(new RoutingQuery("invoice totals tax", "", ["billing"], null, Monday10Utc.AddDays(7))).Single(r => r.ExpertId == "carl");
        Assert.DoesNotContain("too busy", nextWeek.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Wanted_topics_lift_the_expert_and_say_so()
    {
        var index = SmallCompany();
        var ranker = new ExpertRanker(index);
        var query = Ask("invoice export totals", "billing");
        var before = ranker.Rank(query).Single(r => r.ExpertId == "bob").Score;

        index.UpsertProfile(new ExpertProfile("bob", "Bob") { WantsTopics = ["billing"] });
        var after = ranker.Rank(query).Single(r => r.ExpertId == "bob");

        Assert.True(after.Score > before, $"{after.Score} <= {before}");
        Assert.Contains("asked for billing questions", after.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_resolved_question_and_a_profile_change_show_in_the_next_ranking_without_a_rebuild()
    {
        var index = SmallCompany();
        index.UpsertProfile(new ExpertProfile("erin", "Erin"));
        var ranker = new ExpertRanker(index);
        var query = Ask("kubernetes ingress certificate renewal", "hosting");
        Assert.Equal("no related history yet", ranker.Rank(query).Single(r => r.ExpertId == "erin").Why);

        index.Add(Q("5", 1, "ingress certificate renewal fails on kubernetes", "hosting", ("erin", true)));
        var top = ranker.Rank(query)[0];
        Assert.Equal("erin", top.ExpertId);
        Assert.Equal("knows hosting; answered 1 similar question this quarter (1 accepted)", top.Why);

        index.UpsertProfile(new ExpertProfile("dana", "Dana") { Skills = ["Kubernetes ingress certificate renewal"] });
        Assert.Contains(ranker.Rank(query), r => r.ExpertId == "dana" && r.Why.StartsWith("knows Kubernetes ingress", StringComparison.Ordinal));
        index.RemoveFromDirectory("erin");
        Assert.DoesNotContain(ranker.Rank(query), r => r.ExpertId == "erin");
    }

    [Fact]
    public void Bad_input_is_refused_and_changes_nothing()
    {
        var index = SmallCompany();
        Assert.Throws<ArgumentException>(() => index.UpsertProfile(new ExpertProfile("ana", "Ana") { TimeZoneId = "Mars/Olympus" }));
        Assert.Throws<ArgumentException>(() => index.UpsertProfile(new ExpertProfile("ana", "Ana") { DailyInvitationBudget = -1 }));
        Assert.Throws<InvalidOperationException>(() => index.Add(Q("1", 1, "duplicate", "identity", ("bob", true))));
        Assert.Throws<ArgumentException>(() => index.Add(Q("9", 1, "sso login loop b2c", "identity", ("", true))));
        Assert.Throws<ArgumentException>(() => index.Add(Q("9", 1, "sso login loop b2c", " ", ("bob", true))));
        Assert.Equal(4, index.QuestionCount);
        Assert.Equal("ana", new ExpertRanker(index).Rank(Ask("b2c sso login loop", "identity"))[0].ExpertId);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExpertRanker(index).Rank(Ask("x", "y"), new RankingOptions { Top = 0 }));
    }
}
