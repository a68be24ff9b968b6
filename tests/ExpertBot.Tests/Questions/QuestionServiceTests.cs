using ExpertBot.Hosting;
using ExpertBot.CardActions;
using ExpertBot.Features.Questions;
using ExpertBot.Features.Routing;
using ExpertBot.Storage;
using ExpertBot.Storage.Jobs;
using ExpertBot.Teams;
using ExpertBot.Tests.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ExpertBot.Tests.Questions;

/// <summary>The question flow on a real database (SQLite and PostgreSQL): roles, lifecycle, idempotency, outbox jobs.</summary>
[Collection(StorageCollection.Name)]
public sealed class QuestionServiceTests(PostgresServer server)
{
    private static readonly ConversationRef Chat = new("http://localhost:1/_connector", "msteams", "personal-chat-alex", "tenant", "bot");
    private static readonly Actor Asker = new("asker-aad", "Alex Wilber", Chat);
    private static readonly Actor Megan = new("megan-aad", "Megan Bowen", Chat with { ConversationId = "chat-megan" });
    private static readonly Actor Adele = new("adele-aad", "Adele Vance", Chat with { ConversationId = "chat-adele" });
    private static readonly Actor Stranger = new("stranger-aad", "Isaiah Langer", Chat with { ConversationId = "chat-isaiah" });

    private static readonly StepPolicy Policy = new(ExpertsPerStep: 3, InvitationTimeout: TimeSpan.FromMinutes(30), MaxSteps: 2);

    private static readonly Candidate[] Experts =
    [
        new(Megan.Id, Megan.Name, "knows SSO; resolved 3 similar cases"),
        new(Adele.Id, Adele.Name, "knows SAML"),
        new(Asker.Id, Asker.Name, "the asker must never be invited"),
    ];

    [Theory, SqliteData, PostgresData]
    public async Task Invited_expert_takes_and_the_change_is_stored_with_its_jobs(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var q = await env.AskAndRouteAsync();

        Assert.Equal(QuestionStatus.Routing, q.Status);
        Assert.Equal([Megan.Id, Adele.Id], q.Invitations.Select(i => i.ExpertId));
        var before = await env.JobKindsAsync();
        Assert.Contains(ExpertBot.Features.Questions.Jobs.DeliverInvitations.Kind, before);
        Assert.Contains(ExpertBot.Features.Questions.Jobs.EscalateStep.Kind, before);

        var taken = await env.Service.TakeAsync(q.Id, Megan, default);

        Assert.Null(taken.Refusal);
        var stored = (await env.Service.FindAsync(q.Id, default))!;
        Assert.Equal(QuestionStatus.InDiscussion, stored.Status);
        Assert.Equal(InvitationStatus.Accepted, stored.Invitations.Single(i => i.ExpertId == Megan.Id).Status);
        var after = await env.JobKindsAsync();
        Assert.Equal(before.Count + 2, after.Count); // card refresh + asker told
        Assert.Contains(ExpertBot.Features.Questions.Jobs.RefreshQuestionCards.Kind, after);
        Assert.Contains(ExpertBot.Features.Questions.Jobs.NotifyPerson.Kind, after);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_new_routed_question_is_stored_whole_in_one_write_and_reads_back_through_the_model(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var draft = env.Service.Draft(new NewQuestion(Asker, "SSO fails with AADSTS50011 after EU move", "Since Monday", "Cleared cache", "Identity", "high", "CAS-10421"));

        var outcome = await env.Service.AskAndRouteAsync(draft, Experts, Policy, default);

        var asked = outcome.Question!;
        var stored = (await env.Service.FindAsync(asked.Id, default))!;
        Assert.Equal((asked.AskerId, asked.AskerName, asked.AskerChat, asked.Title, asked.Details, asked.Tried, asked.Product, asked.Urgency, asked.CaseNumber),
            (stored.AskerId, stored.AskerName, stored.AskerChat, stored.Title, stored.Details, stored.Tried, stored.Product, stored.Urgency, stored.CaseNumber));
        Assert.Equal((QuestionStatus.Routing, 2, 0), (stored.Status, stored.Version, stored.EscalationStep));
        Assert.Equal((asked.CreatedAt, asked.LastActivityAt), (stored.CreatedAt, stored.LastActivityAt));
        Assert.Null(stored.AskerCardActivityId);
        Assert.Equal(asked.Invitations.Select(i => (i.Id, i.ExpertId, i.ExpertName, i.Reason, i.Step, i.Status, i.InvitedAt)),
            stored.Invitations.OrderBy(i => i.Id).Select(i => (i.Id, i.ExpertId, i.ExpertName, i.Reason, i.Step, i.Status, i.InvitedAt)));
        Assert.All(stored.Invitations, i => Assert.Equal(asked.Id, i.QuestionId));
        Assert.Contains(ExpertBot.Features.Questions.Jobs.DeliverInvitations.Kind, await env.JobKindsAsync());
    }

    [Fact]
    public void The_new_question_insert_writes_every_column_a_new_question_has()
    {
        // A column added to the model must be added to QuestionInsert too (or be one a new question leaves NULL).
        using var db = new ExpertBot.Storage.SqliteExpertBotDb(new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<ExpertBot.Storage.SqliteExpertBotDb>()
            .UseSqlite("Data Source=:memory:").Options);
        string[] questionNull = ["Id", "ThreadConversationId", "ThreadRootActivityId", "AskerCardActivityId", "Resolution", "ResolvedById", "ResolvedAt",
            "KnowledgeArticleId", "CancelReason", "FirstResponseAt"];
        string[] invitationNull = ["Id", "DeclineReason", "SuggestedExpertId", "AnsweredAt", "CardConversationId", "CardActivityId"];
        Assert.Equal(Columns(db, typeof(Question)), QuestionInsert.QuestionColumns.Concat(questionNull).Order());
        Assert.Equal(Columns(db, typeof(Invitation)), QuestionInsert.InvitationColumns.Concat(invitationNull).Order());
    }

    [Fact]
    public void The_delivery_read_reads_every_mapped_column()
    {
        // A column added to the model must be read by QuestionRead too, or deliveries would see it unset.
        using var db = new ExpertBot.Storage.SqliteExpertBotDb(new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<ExpertBot.Storage.SqliteExpertBotDb>()
            .UseSqlite("Data Source=:memory:").Options);
        Assert.Equal(Columns(db, typeof(Question)), QuestionRead.QuestionColumns.Order());
        Assert.Equal(Columns(db, typeof(Invitation)), QuestionRead.InvitationColumns.Order());
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_delivery_read_returns_what_the_model_reads(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var q = await env.AskAndRouteAsync();
        await env.Service.AttachCardsAsync(q.Id, "19:experts@thread.tacv2;messageid=7", "root-7", "asker-card-1", default);
        await env.Service.DeclineAsync(q.Id, Adele, ExpertBot.Features.Questions.DeclineReason.SomeoneElse, new Candidate(Stranger.Id, Stranger.Name, "knows SAML"), default);
        await env.Service.TakeAsync(q.Id, Megan, default);
        await env.Service.AcceptAsync(q.Id, Asker, null, "Re-add the reply URL.", default);
        var empty = await env.Service.AskAsync(new NewQuestion(Asker, "Invoice VAT rate wrong", null, null, null, null, null), default);

        foreach (var id in new[] { q.Id, empty.Id })
        {
            var model = (await env.Service.FindAsync(id, default))!;
            var read = (await env.Service.FindWithInvitationsAsync(id, default))!;
            // Everything but replies and followers, which this read leaves out, with the invitations in the read's order
            // (EF's is unspecified).
            var expected = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(model))!.AsObject();
            expected["Contributions"] = new System.Text.Json.Nodes.JsonArray();
            expected["Followers"] = new System.Text.Json.Nodes.JsonArray();
            expected["Invitations"] = new System.Text.Json.Nodes.JsonArray([.. expected["Invitations"]!.AsArray().OrderBy(i => (long)i!["Id"]!).Select(i => i!.DeepClone())]);
            Assert.Equal(expected.ToJsonString(), System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(read))!.ToJsonString());
        }
        var resolved = (await env.Service.FindWithInvitationsAsync(q.Id, default))!;
        Assert.Equal(QuestionStatus.Resolved, resolved.Status);
        Assert.NotNull(resolved.ResolvedAt);
        Assert.Equal(3, resolved.Invitations.Count); // Megan, Adele, and the colleague Adele suggested
        Assert.Equal(ExpertBot.Features.Questions.DeclineReason.SomeoneElse, resolved.Invitations.Single(i => i.ExpertId == Adele.Id).DeclineReason);
        Assert.Empty((await env.Service.FindWithInvitationsAsync(empty.Id, default))!.Invitations);
        Assert.Null(await env.Service.FindWithInvitationsAsync(q.Id + 1000, default));
    }

    private static IEnumerable<string> Columns(Microsoft.EntityFrameworkCore.DbContext db, Type entity) =>
        db.Model.FindEntityType(entity)!.GetProperties().Select(p => p.GetColumnName()).Order();

    [Theory, SqliteData, PostgresData]
    public async Task Card_locations_are_remembered_and_each_attach_keeps_the_others_without_a_state_change(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var q = await env.AskAndRouteAsync();

        await env.Service.AttachCardsAsync(q.Id, null, null, "asker-card-1", default);
        await env.Service.AttachCardsAsync(q.Id, "19:experts@thread.tacv2;messageid=7", "root-7", null, default);

        var stored = (await env.Service.FindAsync(q.Id, default))!;
        Assert.Equal("asker-card-1", stored.AskerCardActivityId);
        Assert.Equal("19:experts@thread.tacv2;messageid=7", stored.ThreadConversationId);
        Assert.Equal("root-7", stored.ThreadRootActivityId);
        Assert.Equal(q.Version, stored.Version);
        Assert.Equal(q.Id, (await env.Service.FindByThreadAsync("19:experts@thread.tacv2;messageid=7", default))!.Id);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Someone_not_invited_cannot_take_and_nothing_changes(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var q = await env.AskAndRouteAsync();
        var jobs = (await env.JobKindsAsync()).Count;

        var outcome = await env.Service.TakeAsync(q.Id, Stranger, default);

        Assert.Equal("You're not invited", outcome.Refusal?.Title);
        var stored = (await env.Service.FindAsync(q.Id, default))!;
        Assert.Equal(q.Version, stored.Version);
        Assert.Equal(QuestionStatus.Routing, stored.Status);
        Assert.Equal(jobs, (await env.JobKindsAsync()).Count);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_repeated_click_is_idempotent(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var q = await env.AskAndRouteAsync();
        await env.Service.TakeAsync(q.Id, Megan, default);
        var jobs = (await env.JobKindsAsync()).Count;
        var version = (await env.Service.FindAsync(q.Id, default))!.Version;

        var again = await env.Service.TakeAsync(q.Id, Megan, default);

        Assert.Null(again.Refusal);
        Assert.False(again.Changed);
        Assert.Equal(version, (await env.Service.FindAsync(q.Id, default))!.Version);
        Assert.Equal(jobs, (await env.JobKindsAsync()).Count);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Only_the_asker_accepts_and_a_stale_action_after_resolution_is_refused(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var q = await env.AskAndRouteAsync();
        await env.Service.TakeAsync(q.Id, Megan, default);
        await env.Service.RecordReplyAsync(q.Id, Megan, "Add the EU reply URL to the Entra app.", "reply-1", fromAsker: false, default);
        var reply = (await env.Service.FindAsync(q.Id, default))!.Contributions.Single();

        var byExpert = await env.Service.AcceptAsync(q.Id, Megan, reply.Id, null, default);
        var byAsker = await env.Service.AcceptAsync(q.Id, Asker, reply.Id, null, default);
        var lateCancel = await env.Service.CancelAsync(q.Id, Asker, "never mind", default);
        var lateTake = await env.Service.TakeAsync(q.Id, Adele, default);

        Assert.Equal("Only the asker can do that", byExpert.Refusal?.Title);
        Assert.Null(byAsker.Refusal);
        Assert.NotNull(lateCancel.Refusal);
        Assert.Equal("That can't be done now", lateTake.Refusal?.Title);
        var stored = (await env.Service.FindAsync(q.Id, default))!;
        Assert.Equal(QuestionStatus.Resolved, stored.Status);
        Assert.Equal("Add the EU reply URL to the Entra app.", stored.Resolution);
        Assert.True(stored.Contributions.Single().Accepted);
        // Adele never answered: her invitation closed with the question.
        Assert.Equal(InvitationStatus.Withdrawn, stored.Invitations.Single(i => i.ExpertId == Adele.Id).Status);
        Assert.Equal(InvitationStatus.Accepted, stored.Invitations.Single(i => i.ExpertId == Megan.Id).Status);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Repeated_clicks_by_the_asker_on_ask_the_experts_and_on_accept_change_nothing_and_are_not_refused(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var q = await env.AskAndRouteAsync();
        var routedAgain = await env.Service.RouteAsync(q.Id, Asker, [new(Stranger.Id, Stranger.Name, "would be a second round")], Policy, default);
        Assert.Null(routedAgain.Refusal);
        Assert.False(routedAgain.Changed);
        await env.Service.TakeAsync(q.Id, Megan, default);
        await env.Service.RecordReplyAsync(q.Id, Megan, "Add the EU reply URL.", "reply-1", fromAsker: false, default);
        var reply = (await env.Service.FindAsync(q.Id, default))!.Contributions.Single();
        var jobs = (await env.JobKindsAsync()).Count;

        var accepted = await env.Service.AcceptAsync(q.Id, Asker, reply.Id, null, default);
        var again = await env.Service.AcceptAsync(q.Id, Asker, reply.Id, null, default);
        var byOther = await env.Service.AcceptAsync(q.Id, Megan, reply.Id, null, default);

        Assert.True(accepted.Changed);
        Assert.Null(again.Refusal);
        Assert.False(again.Changed);
        Assert.Equal("Only the asker can do that", byOther.Refusal?.Title);
        var stored = (await env.Service.FindAsync(q.Id, default))!;
        Assert.Equal([Adele.Id, Megan.Id], stored.Invitations.Select(i => i.ExpertId).Order(StringComparer.Ordinal));
        // Once: a card refresh, the write-back to the case, the knowledge base's draft, and the thanks to the expert whose
        // answer it was (the asker, who accepted, is not told).
        Assert.Equal(jobs + 4, (await env.JobKindsAsync()).Count);
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_answer_proposed_in_the_thread_is_stored_proposed_in_one_change_and_only_by_an_expert_who_took_it(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var q = await env.AskAndRouteAsync();
        await env.Service.TakeAsync(q.Id, Megan, default);

        var notJoined = await env.Service.RecordProposalAsync(q.Id, Adele, "Re-import the metadata.", "adele-1", default);
        Assert.Null(notJoined.Refusal);
        Assert.Equal(QuestionStatus.InDiscussion, notJoined.Question!.Status);
        Assert.False(notJoined.Question.Contributions.Single().ProposedAnswer);

        var proposed = await env.Service.RecordProposalAsync(q.Id, Megan, "Add the EU reply URL.", "megan-1", default);
        var stored = (await env.Service.FindAsync(q.Id, default))!;
        Assert.Equal(QuestionStatus.Answered, stored.Status);
        Assert.True(stored.Contributions.Single(c => c.SourceActivityId == "megan-1").ProposedAnswer);
        Assert.Contains(await env.NoticesAsync(), n => n.Text.Contains("Megan Bowen proposed an answer", StringComparison.Ordinal));
        Assert.True(proposed.Changed);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_redelivered_thread_reply_is_stored_once(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var q = await env.AskAndRouteAsync();

        await env.Service.RecordReplyAsync(q.Id, Megan, "First thought", "activity-7", fromAsker: false, default);
        var again = await env.Service.RecordReplyAsync(q.Id, Megan, "First thought", "activity-7", fromAsker: false, default);

        Assert.False(again.Changed);
        Assert.Single((await env.Service.FindAsync(q.Id, default))!.Contributions);
        Assert.Single(await env.JobKindsAsync(), k => k == ExpertBot.Features.Questions.Jobs.RelayToAsker.Kind);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Escalation_times_out_the_step_and_invites_the_next_experts_once(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var q = await env.AskAndRouteAsync();
        Candidate[] next = [new(Stranger.Id, Stranger.Name, "knows ADFS"), new(Megan.Id, Megan.Name, "already invited")];

        var escalated = await env.Service.EscalateAsync(q.Id, step: 0, next, Policy, default);
        var late = await env.Service.EscalateAsync(q.Id, step: 0, next, Policy, default);

        Assert.Null(escalated.Refusal);
        Assert.NotNull(late.Refusal); // the step-0 timer fired twice: the second is a no-op
        var stored = (await env.Service.FindAsync(q.Id, default))!;
        Assert.Equal(1, stored.EscalationStep);
        Assert.All(stored.Invitations.Where(i => i.Step == 0), i => Assert.Equal(InvitationStatus.TimedOut, i.Status));
        Assert.Equal([Stranger.Id], stored.Invitations.Where(i => i.Step == 1).Select(i => i.ExpertId));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Two_experts_taking_at_once_are_both_recorded(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var q = await env.AskAndRouteAsync();

        var outcomes = await Task.WhenAll(env.Service.TakeAsync(q.Id, Megan, default), env.Service.TakeAsync(q.Id, Adele, default));

        Assert.All(outcomes, o => Assert.Null(o.Refusal));
        var stored = (await env.Service.FindAsync(q.Id, default))!;
        Assert.All(stored.Invitations, i => Assert.Equal(InvitationStatus.Accepted, i.Status));
        Assert.Equal(q.Version + 2, stored.Version);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Followers_get_an_update_on_each_state_change(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var q = await env.AskAndRouteAsync();

        await env.Service.FollowAsync(q.Id, Stranger, default);
        var again = await env.Service.FollowAsync(q.Id, Stranger, default);
        await env.Service.TakeAsync(q.Id, Megan, default);

        Assert.False(again.Changed);
        var notices = await env.NoticesAsync();
        Assert.Contains(notices, n => n.UserId == Stranger.Id && n.Text.Contains("Megan Bowen is taking", StringComparison.Ordinal));
        Assert.Contains(notices, n => n.UserId == Asker.Id && n.Text.Contains("Megan Bowen is taking", StringComparison.Ordinal));
    }

    [Theory, SqliteData, PostgresData]
    public async Task An_idle_question_reminds_the_asker_then_expires(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var q = await env.AskAndRouteAsync();
        var seen = (await env.Service.FindAsync(q.Id, default))!.LastActivityAt;

        env.Clock.Advance(TimeSpan.FromHours(25));
        await env.Service.IdleAsync(q.Id, seen, default);
        Assert.Equal(QuestionStatus.Routing, (await env.Service.FindAsync(q.Id, default))!.Status);
        Assert.Contains(await env.NoticesAsync(), n => n.UserId == Asker.Id && n.Text.Contains("no activity for a while", StringComparison.Ordinal));

        env.Clock.Advance(TimeSpan.FromDays(7));
        await env.Service.IdleAsync(q.Id, seen, default);
        Assert.Equal(QuestionStatus.Expired, (await env.Service.FindAsync(q.Id, default))!.Status);
        Assert.Contains(await env.NoticesAsync(), n => n.Text.Contains("expired", StringComparison.Ordinal));
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_timer_that_runs_twice_neither_fails_nor_repeats_its_effects(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var q = await env.AskAndRouteAsync();
        var seen = (await env.Service.FindAsync(q.Id, default))!.LastActivityAt;
        env.Clock.Advance(TimeSpan.FromHours(25));

        // A crash after the job's work but before its completion was recorded runs it again.
        await env.Service.IdleAsync(q.Id, seen, default);
        await env.Service.IdleAsync(q.Id, seen, default);

        Assert.Single(await env.NoticesAsync(), n => n.Text.Contains("no activity for a while", StringComparison.Ordinal));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Activity_after_the_timer_was_set_postpones_the_reminder(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var q = await env.AskAndRouteAsync();
        var seen = (await env.Service.FindAsync(q.Id, default))!.LastActivityAt;
        env.Clock.Advance(TimeSpan.FromHours(2));
        await env.Service.TakeAsync(q.Id, Megan, default);
        var before = (await env.NoticesAsync()).Count;

        env.Clock.Advance(TimeSpan.FromHours(23));
        await env.Service.IdleAsync(q.Id, seen, default);

        Assert.Equal(before, (await env.NoticesAsync()).Count);
        Assert.Equal(QuestionStatus.InDiscussion, (await env.Service.FindAsync(q.Id, default))!.Status);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_asker_rates_each_expert_and_one_bad_rating_stores_none(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var q = await env.AskAndRouteAsync();
        await env.Service.TakeAsync(q.Id, Megan, default);
        await env.Service.TakeAsync(q.Id, Adele, default);
        await env.Service.RecordReplyAsync(q.Id, Megan, "Check the reply URL.", "a-1", fromAsker: false, default);
        await env.Service.RecordReplyAsync(q.Id, Adele, "And the EU tenant's app registration.", "a-2", fromAsker: false, default);
        var replies = (await env.Service.FindAsync(q.Id, default))!.Contributions.OrderBy(c => c.Id).ToArray();
        await env.Service.AcceptAsync(q.Id, Asker, replies[0].Id, null, default);

        var bad = await env.Service.RateAsync(q.Id, Asker, [(replies[0].Id, 5), (replies[1].Id, 9)], default);
        var notTheAsker = await env.Service.RateAsync(q.Id, Megan, [(replies[0].Id, 5)], default);
        Assert.NotNull(bad.Refusal);
        Assert.NotNull(notTheAsker.Refusal);
        Assert.All((await env.Service.FindAsync(q.Id, default))!.Contributions, c => Assert.Null(c.Rating));

        Assert.Null((await env.Service.RateAsync(q.Id, Asker, [(replies[0].Id, 5), (replies[1].Id, 3)], default)).Refusal);
        var rated = (await env.Service.FindAsync(q.Id, default))!.Contributions.OrderBy(c => c.Id).Select(c => c.Rating);
        Assert.Equal([5, 3], rated);
    }

    [Theory, SqliteData, PostgresData]
    public async Task The_asker_can_resolve_with_their_own_answer_before_any_expert_replied(string provider)
    {
        await using var env = await Env.StartAsync(provider, server);
        var q = await env.AskAndRouteAsync();

        Assert.NotNull((await env.Service.AcceptAsync(q.Id, Megan, null, "Megan may not close it", default)).Refusal);
        var resolved = await env.Service.AcceptAsync(q.Id, Asker, null, "Customer fixed it by re-adding the reply URL.", default);

        Assert.Null(resolved.Refusal);
        var stored = (await env.Service.FindAsync(q.Id, default))!;
        Assert.Equal(QuestionStatus.Resolved, stored.Status);
        Assert.Equal("Customer fixed it by re-adding the reply URL.", stored.Resolution);
        Assert.Null(stored.KnowledgeArticleId);
    }

    private sealed class Env : IAsyncDisposable
    {
        private readonly TestDatabase _database;
        private readonly StorageHost _host;

        private Env(TestDatabase database, StorageHost host)
        {
            _database = database;
            _host = host;
            var db = host.Services.GetRequiredService<ExpertBotDatabase>();
            Service = new QuestionService(db, host.Services.GetRequiredService<JobSignal>(), new InvitationLoad(db, Options.Create(new RoutingOptions())),
                new AppRoles(Options.Create(new RoleOptions()), new NoGroupMembership()), host.Clock, Options.Create(new QuestionOptions()));
        }

        public QuestionService Service { get; }

        public Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock => _host.Clock;

        public async Task<List<ExpertBot.Features.Questions.Jobs.NotifyPerson>> NoticesAsync()
        {
            await using var db = _host.Services.GetRequiredService<ExpertBotDatabase>().CreateContext();
            var payloads = await db.Set<Job>().Where(j => j.Kind == ExpertBot.Features.Questions.Jobs.NotifyPerson.Kind).Select(j => j.Payload).ToListAsync();
            return payloads.Select(p => System.Text.Json.JsonSerializer.Deserialize<ExpertBot.Features.Questions.Jobs.NotifyPerson>(p, System.Text.Json.JsonSerializerOptions.Web)!).ToList();
        }

        public static async Task<Env> StartAsync(string provider, PostgresServer server)
        {
            var database = await TestDatabase.CreateAsync(provider, server);
            return new Env(database, await StorageHost.StartAsync(database));
        }

        public async Task<Question> AskAndRouteAsync()
        {
            var q = await Service.AskAsync(new NewQuestion(Asker, "SSO fails with AADSTS50011 after EU move", "Since Monday", "Cleared cache", "Identity", "high", "CAS-10421"), default);
            var routed = await Service.RouteAsync(q.Id, Asker, Experts, Policy, default);
            Assert.Null(routed.Refusal);
            return routed.Question!;
        }

        public async Task<List<string>> JobKindsAsync()
        {
            await using var db = _host.Services.GetRequiredService<ExpertBotDatabase>().CreateContext();
            return await db.Set<Job>().Where(j => j.Kind.StartsWith("questions.")).Select(j => j.Kind).ToListAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await _host.DisposeAsync();
            await _database.DisposeAsync();
        }
    }
}
