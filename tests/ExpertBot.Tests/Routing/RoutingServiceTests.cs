using ExpertBot.Hosting;
using ExpertBot.CardActions;
using ExpertBot.Features.Experts;
using ExpertBot.Features.Questions;
using ExpertBot.Features.Routing;
using ExpertBot.Storage;
using ExpertBot.Storage.Jobs;
using ExpertBot.Teams;
using ExpertBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QuestionDecline = ExpertBot.Features.Questions.DeclineReason;

namespace ExpertBot.Tests.Routing;

/// <summary>
/// <see cref="QuestionRouting"/> on a real database (SQLite and PostgreSQL) with a small hand-made directory; questions,
/// invitations and answers are made through the real <see cref="QuestionService"/>.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class RoutingServiceTests(PostgresServer server)
{
    private static readonly StepPolicy TestPolicy = new(3, TimeSpan.FromMinutes(30), 2);

    private static readonly ConversationRef Chat = new("http://localhost:1/_connector", "msteams", "chat", "tenant", "bot");

    private static readonly DirectoryPerson[] People =
    [
        Person("alex", "Alex Wilber", "Support Agent", ["case triage", "customer communication"]),
        Person("megan", "Megan Bowen", "Identity Engineer", ["SSO", "SAML", "single sign-on"]),
        Person("johanna", "Johanna Lorenz", "Support Engineer", ["SSO", "SAML tracing", "MFA"]),
        Person("adele", "Adele Vance", "Billing Lead", ["invoice disputes", "refunds"]),
        Person("carlos", "Carlos Mendes", "Support Engineer", ["card payments", "refunds"]),
        Person("lynne", "Lynne Robbins", "Integration Engineer", ["webhooks", "HMAC signatures"]),
        Person("hugo", "Hugo Laurent", "Support Engineer", ["French"]),
    ];

    private static DirectoryPerson Person(string id, string name, string title, string[] skills) => new()
    {
        Id = id, DisplayName = name, JobTitle = title, Skills = skills, TimeZone = "UTC",
        Presence = new PresenceInfo("Available", "Available", DateTimeOffset.MinValue),
    };

    private static readonly RoutingOptions Pools = new()
    {
        Pools =
        [
            new() { Name = "Identity", Products = ["Identity"], Topics = ["SSO", "SAML", "MFA"] },
            new() { Name = "Billing", Products = ["Billing"], Topics = ["invoice", "refund"], Members = ["adele", "carlos", "alex"] },
            new() { Name = "Default" },
        ],
    };

    [Theory, SqliteData, PostgresData]
    public async Task The_pool_decides_who_can_be_asked(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);

        var billing = await env.AskAsync("alex", "Refund for a double charge", "Billing");
        var identity = await env.AskAsync("alex", "SAML assertion rejected", "Identity");

        Assert.Equal("Billing", env.Routing.PoolFor(billing).Name);
        Assert.Equal(["adele", "carlos"], (await env.Routing.FindExpertsAsync(billing, [], 5, default)).Select(c => c.Id).Order());
        var identityExperts = await env.Routing.FindExpertsAsync(identity, [], 2, default);
        Assert.Equal(["johanna", "megan"], identityExperts.Select(c => c.Id).Order());
        Assert.StartsWith("knows SAML", identityExperts.Single(c => c.Id == "megan").Reason);
        Assert.Equal("Megan Bowen", identityExperts.Single(c => c.Id == "megan").Name);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_asker_and_the_already_invited_are_never_returned(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var question = await env.AskAsync("megan", "SSO redirect loop with SAML", "Identity");

        var everyone = await env.Routing.FindExpertsAsync(question, ["johanna"], 10, default);

        Assert.Equal(["adele", "alex", "carlos", "hugo", "lynne"], everyone.Select(c => c.Id).Order());
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_expert_at_their_daily_budget_is_not_returned_until_their_next_day(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        await env.Store.SavePreferencesAsync(new ExpertPreferences("megan") { MaxInvitationsPerDay = 2 }, default);
        var question = await env.AskAsync("alex", "SSO fails with SAML error", "Identity");
        var before = await env.Routing.FindExpertsAsync(question, [], 3, default);
        Assert.Contains("megan", before.Select(c => c.Id));

        for (var i = 0; i < 2; i++)
        {
            var other = await env.AskAsync("alex", $"Other question {i}", "Reporting");
            Assert.Null((await env.Questions.RouteAsync(other.Id, Env.Actor("alex"), [new("megan", "Megan Bowen", "test")], TestPolicy, default)).Refusal);
        }

        var atBudget = await env.Routing.FindExpertsAsync(question, [], 3, default);
        Assert.DoesNotContain("megan", atBudget.Select(c => c.Id));
        Assert.Contains("johanna", atBudget.Select(c => c.Id));

        env.Clock.Advance(TimeSpan.FromDays(1));
        var nextDay = await env.Routing.FindExpertsAsync(question, [], 3, default);
        var megan = nextDay.Single(c => c.Id == "megan");
        Assert.Contains("2 questions waiting for their answer", megan.Reason); // Still waiting for her answer: load, not budget.
    }

    [Theory, SqliteData, PostgresData]
    public async Task Another_instances_invitations_count_towards_the_budget_within_the_load_cache_time(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        await env.Store.SavePreferencesAsync(new ExpertPreferences("megan") { MaxInvitationsPerDay = 1 }, default);
        var question = await env.AskAsync("alex", "SSO fails with SAML error", "Identity");
        Assert.Contains("megan", (await env.Routing.FindExpertsAsync(question, [], 3, default)).Select(c => c.Id));

        // A second instance (its own load count) invites Megan: this one reads the table again after Routing:LoadCacheTime.
        var other = env.OtherInstanceQuestions();
        var elsewhere = await other.AskAsync(new NewQuestion(Env.Actor("alex"), "Other question", null, null, "Reporting", null, null), default);
        Assert.Null((await other.RouteAsync(elsewhere.Id, Env.Actor("alex"), [new("megan", "Megan Bowen", "test")], TestPolicy, default)).Refusal);
        Assert.Contains("megan", (await env.Routing.FindExpertsAsync(question, [], 3, default)).Select(c => c.Id));

        env.Clock.Advance(Pools.LoadCacheTime);
        Assert.DoesNotContain("megan", (await env.Routing.FindExpertsAsync(question, [], 3, default)).Select(c => c.Id));
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_invitation_nobody_answered_stops_counting_as_open_once_its_question_closes(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var question = await env.AskAsync("alex", "SSO fails with SAML error", "Identity");
        var other = await env.AskAsync("alex", "Report export is empty", "Reporting");
        Assert.Null((await env.Questions.RouteAsync(other.Id, Env.Actor("alex"), [new("megan", "Megan Bowen", "test")], TestPolicy, default)).Refusal);
        Assert.Contains("1 question waiting for their answer", MeganIn(await env.Routing.FindExpertsAsync(question, [], 3, default)).Reason);

        Assert.Null((await env.Questions.CancelAsync(other.Id, Env.Actor("alex"), "solved it myself", default)).Refusal);
        env.Clock.Advance(Pools.LoadCacheTime);

        var megan = MeganIn(await env.Routing.FindExpertsAsync(question, [], 3, default));
        Assert.DoesNotContain("waiting for their answer", megan.Reason);
        Assert.Contains("invited once already today", megan.Reason); // Still one of her invitations today.

        static Candidate MeganIn(IReadOnlyList<Candidate> found) => found.Single(c => c.Id == "megan");
    }

    [Theory, SqliteData, PostgresData]
    public async Task When_the_whole_shortlist_cannot_be_asked_someone_further_down_is(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        // 40 more people; everyone but the one who ranks last is paused, so the first shortlist (20) has nobody to ask.
        var more = Enumerable.Range(0, 40).Select(i => Person($"p{i:00}", $"Person {i:00}", "Support Engineer", ["French"])).ToArray();
        await env.Store.ApplyAsync([.. more.Select(p => new DirectoryEntry(p, false, 0))], DirectorySyncState.Initial, default);
        await env.Routing.RefreshAsync(default);
        foreach (var id in People.Select(p => p.Id).Concat(more.Select(p => p.Id)).Where(id => id != "p39"))
        {
            await env.Store.SavePreferencesAsync(new ExpertPreferences(id) { PausedUntil = DateTimeOffset.MaxValue }, default);
        }
        var question = await env.AskAsync("alex", "SAML assertion rejected", "Identity");

        var found = await env.Routing.FindExpertsAsync(question, [], 1, default);

        Assert.Equal(["p39"], found.Select(c => c.Id));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Invitations_today_are_counted_in_the_experts_own_day(string provider)
    {
        // 07:30 UTC is 23:30 the day before in Los Angeles.
        await using var env = await Env.StartAsync(provider, server, new DateTimeOffset(2026, 1, 5, 7, 30, 0, TimeSpan.Zero));
        await env.Store.ApplyAsync([new DirectoryEntry(People.Single(p => p.Id == "megan") with { TimeZone = "America/Los_Angeles" }, false, 0)],
            DirectorySyncState.Initial, default);
        await env.Routing.RefreshAsync(default);
        foreach (var id in (string[])["megan", "johanna"])
        {
            await env.Store.SavePreferencesAsync(new ExpertPreferences(id) { MaxInvitationsPerDay = 1 }, default);
        }
        var earlier = await env.AskAsync("alex", "Report export is empty", "Reporting");
        await env.Questions.RouteAsync(earlier.Id, Env.Actor("alex"), [new("megan", "Megan Bowen", "test"), new("johanna", "Johanna Lorenz", "test")], TestPolicy, default);

        env.Clock.Advance(TimeSpan.FromHours(1.5)); // 09:00 UTC: still the same day in UTC, a new day (01:00) in Los Angeles.
        var question = await env.AskAsync("alex", "SSO fails with SAML error", "Identity");
        var ids = (await env.Routing.FindExpertsAsync(question, [], 3, default)).Select(c => c.Id).ToList();

        Assert.Contains("megan", ids);
        Assert.DoesNotContain("johanna", ids);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_resolved_question_makes_its_answerer_first_for_a_similar_one(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var similar = await env.AskAsync("alex", "Webhook signature fails after rotating the secret", "API");
        Assert.NotEqual("hugo", (await env.Routing.FindExpertsAsync(similar, [], 3, default))[0].Id);

        var solved = await env.AskAsync("alex", "Webhook signature mismatch after secret rotation", "API");
        await env.Questions.RouteAsync(solved.Id, Env.Actor("alex"), [new("hugo", "Hugo Laurent", "test")], TestPolicy, default);
        await env.Questions.TakeAsync(solved.Id, Env.Actor("hugo"), default);
        var reply = await env.Questions.RecordReplyAsync(solved.Id, Env.Actor("hugo"), "Both secrets stay valid for 24 hours; re-sign with the new one.", "act-1", fromAsker: false, default);
        var accepted = await env.Questions.AcceptAsync(solved.Id, Env.Actor("alex"), reply.Question!.Contributions.Single().Id, null, default);
        Assert.Null(accepted.Refusal);

        Assert.True(await env.Routing.OnResolvedAsync(solved.Id, default));
        Assert.False(await env.Routing.OnResolvedAsync(solved.Id, default)); // Counted once.

        var ranked = await env.Routing.FindExpertsAsync(similar, [], 3, default);
        Assert.Equal("hugo", ranked[0].Id);
        Assert.Contains("answered 1 similar question", ranked[0].Reason);
        Assert.Contains("1 accepted", ranked[0].Reason);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_index_is_rebuilt_from_the_database_at_start(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var solved = await env.AskAsync("alex", "Webhook retries stop after 5 attempts", "API");
        await env.Questions.RouteAsync(solved.Id, Env.Actor("alex"), [new("hugo", "Hugo Laurent", "test")], TestPolicy, default);
        var reply = await env.Questions.RecordReplyAsync(solved.Id, Env.Actor("hugo"), "Retries back off up to 5 times.", "act-1", fromAsker: false, default);
        await env.Questions.AcceptAsync(solved.Id, Env.Actor("alex"), reply.Question!.Contributions.Single().Id, null, default);

        var fresh = env.NewRoutingService();
        await fresh.RefreshAsync(default);

        Assert.Equal(1, fresh.IndexedQuestions);
        Assert.Equal(People.Length, fresh.DirectorySize);
        var similar = await env.AskAsync("alex", "Webhook retries stop early", "API");
        Assert.Equal("hugo", (await fresh.FindExpertsAsync(similar, [], 1, default))[0].Id);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_not_my_area_decline_lowers_the_expert_on_that_topic(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var first = await env.AskAsync("alex", "SAML single sign-on fails for new tenant", "Identity");
        Assert.Equal("megan", (await env.Routing.FindExpertsAsync(first, [], 1, default))[0].Id);
        await env.Questions.RouteAsync(first.Id, Env.Actor("alex"), [new("megan", "Megan Bowen", "test")], TestPolicy, default);
        Assert.Null((await env.Questions.DeclineAsync(first.Id, Env.Actor("megan"), QuestionDecline.NotMyArea, null, default)).Refusal);

        await env.Routing.RefreshAsync(default); // The periodic path: declines stored by any instance are picked up.

        var next = await env.AskAsync("alex", "SAML single sign-on fails for another tenant", "Identity");
        var ranked = await env.Routing.FindExpertsAsync(next, [], 2, default);
        Assert.Equal("johanna", ranked[0].Id);
        Assert.Contains("recently said Identity is not their area", ranked.Single(c => c.Id == "megan").Reason);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Invited_experts_together_cover_the_questions_topics(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var question = await env.AskAsync("alex", "SSO login fails and the invoice page errors", "Identity");

        // Asking for everyone is the plain ranking order (nothing to choose): both SSO people rank above Adele.
        var plain = (await env.Routing.FindExpertsAsync(question, [], 10, default)).Select(c => c.Id).ToList();
        Assert.True(plain.IndexOf("megan") < plain.IndexOf("adele") && plain.IndexOf("johanna") < plain.IndexOf("adele"), string.Join(", ", plain));

        var picked = await env.Routing.FindExpertsAsync(question, [], 2, default);

        // Two of them: the best SSO person, then Adele, who alone knows the question's other topic (invoices),
        // rather than the second SSO person.
        Assert.Equal([plain[0], "adele"], picked.Select(c => c.Id));
        Assert.EndsWith("covers invoice", picked[1].Reason);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Directory_changes_reach_the_next_ranking_on_refresh(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var question = await env.AskAsync("alex", "Android push notifications stopped", "Mobile");
        Assert.DoesNotContain("isaiah", (await env.Routing.FindExpertsAsync(question, [], 10, default)).Select(c => c.Id));

        await env.Store.ApplyAsync([new DirectoryEntry(Person("isaiah", "Isaiah Langer", "Mobile Engineer", ["Android", "push notifications"]), false, 0),
            new DirectoryEntry(People.Single(p => p.Id == "hugo") with { AccountEnabled = false }, false, 0)], DirectorySyncState.Initial, default);
        await env.Routing.RefreshAsync(default);

        var ranked = await env.Routing.FindExpertsAsync(question, [], 10, default);
        Assert.Equal("isaiah", ranked[0].Id);
        Assert.DoesNotContain("hugo", ranked.Select(c => c.Id));
    }

    private sealed class Env : IAsyncDisposable
    {
        private readonly TestDatabase _database;
        private readonly StorageHost _host;
        private readonly ExpertDirectory _directory;
        private readonly InvitationLoad _load;

        private Env(TestDatabase database, StorageHost host)
        {
            _database = database;
            _host = host;
            _directory = new ExpertDirectory(Store, new PresenceCache(new DirectoryPresenceSource(Store, host.Clock), host.Clock, TimeSpan.FromMinutes(1)));
            // One load count shared by the question service (which reports its invitations) and every routing service, as in the app.
            _load = new InvitationLoad(Database, Options.Create(Pools));
            Questions = new QuestionService(Database, host.Services.GetRequiredService<JobSignal>(), _load, new AppRoles(Options.Create(new RoleOptions()), new NoGroupMembership()), host.Clock, Options.Create(new QuestionOptions()));
            Routing = NewRoutingService();
        }

        public InMemoryDirectoryStore Store { get; } = new();

        public QuestionService Questions { get; }

        public QuestionRouting Routing { get; }

        public Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock => _host.Clock;

        private ExpertBotDatabase Database => _host.Services.GetRequiredService<ExpertBotDatabase>();

        public static async Task<Env> StartAsync(string provider, PostgresServer server, DateTimeOffset? start = null)
        {
            var database = await TestDatabase.CreateAsync(provider, server);
            var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(start ?? StorageHost.Start);
            var env = new Env(database, await StorageHost.StartAsync(database, clock: clock));
            await env.Store.ApplyAsync([.. People.Select(p => new DirectoryEntry(p, false, 0))], DirectorySyncState.Initial, default);
            await env.Routing.RefreshAsync(default);
            return env;
        }

        public QuestionRouting NewRoutingService()
        {
            var options = Options.Create(Pools);
            return new QuestionRouting(_directory, Database, new ExpertPools(options), _load, options, Clock, NullLogger<QuestionRouting>.Instance);
        }

        public QuestionService OtherInstanceQuestions() => new(Database, _host.Services.GetRequiredService<JobSignal>(),
            new InvitationLoad(Database, Options.Create(Pools)), new AppRoles(Options.Create(new RoleOptions()), new NoGroupMembership()), Clock, Options.Create(new QuestionOptions()));

        public static Actor Actor(string id) => new(id, People.Single(p => p.Id == id).DisplayName, Chat with { ConversationId = $"chat-{id}" });

        public Task<Question> AskAsync(string asker, string title, string? product) =>
            Questions.AskAsync(new NewQuestion(Actor(asker), title, null, null, product, null, null), default);

        public async ValueTask DisposeAsync()
        {
            await _host.DisposeAsync();
            await _database.DisposeAsync();
        }
    }
}
