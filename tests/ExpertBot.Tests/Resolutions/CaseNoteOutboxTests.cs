using ExpertBot.Features.Questions;
using ExpertBot.Features.Resolutions;
using ExpertBot.Integrations.Crm.Dynamics;
using ExpertBot.Storage;
using ExpertBot.Storage.Jobs;
using ExpertBot.Teams;
using ExpertBot.Tests.Connector;
using ExpertBot.Tests.Host;
using ExpertBot.Tests.Integrations.Crm;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ExpertBot.Tests.Resolutions;

/// <summary>
/// The write-back through the durable outbox, on a fake clock, against a local Dataverse: resolutions committed while the
/// CRM is down for an hour are each written once when it is back, with nothing dead-lettered and nothing written twice.
/// </summary>
public sealed class CaseNoteOutboxTests : IAsyncDisposable
{
    private const string AuthorityHost = "login.crm-test.example";
    private static readonly Guid[] Incidents = [Guid.Parse("1f0c0b7e-5d1a-4c3b-9e2f-0a1b2c3d4e51"), Guid.Parse("1f0c0b7e-5d1a-4c3b-9e2f-0a1b2c3d4e52"), Guid.Parse("1f0c0b7e-5d1a-4c3b-9e2f-0a1b2c3d4e53")];

    private readonly DynamicsFake _dataverse = new();
    private readonly FakeEntra _entra = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
    private readonly BotApp _root = new();

    // Where the asker's chat is: each resolution also drafts a knowledge article whose card goes there.
    private readonly FakeBotConnector _teams = new();

    [Fact]
    public async Task A_crm_down_for_an_hour_loses_nothing_and_gets_each_note_once_when_it_is_back()
    {
        for (var i = 0; i < Incidents.Length; i++)
        {
            _dataverse.Add(new DataverseIncident(Incidents[i], $"CAS-2000{i}", $"Case {i}", "In Progress", "High", "Fabrikam", 1m, "Dana", "Identity"));
        }
        await using var app = WithDataverse();
        var services = app.Services;
        var questions = services.GetRequiredService<QuestionService>();
        var runner = services.GetRequiredService<JobRunner>();

        // The CRM goes down; three questions are resolved meanwhile.
        _dataverse.DownWith = 503;
        var asker = new Actor("a1", "Alex Wilber", new ConversationRef(_teams.ServiceUrl, "msteams", "a:1", "t1", "28:bot"));
        var resolved = new List<long>();
        for (var i = 0; i < Incidents.Length; i++)
        {
            var q = await questions.AskAsync(new NewQuestion(asker, $"Question {i}", null, null, "Identity", null, $"CAS-2000{i}"), default);
            Assert.Null((await questions.AcceptAsync(q.Id, asker, null, $"Answer {i}", default)).Refusal);
            resolved.Add(q.Id);
        }

        // An hour passes, minute by minute; every due job runs each time (the note jobs fail and come back later).
        var start = _clock.GetUtcNow();
        while (_clock.GetUtcNow() - start < TimeSpan.FromHours(1))
        {
            while (await runner.RunOnceAsync(default) > 0)
            {
            }
            _clock.Advance(TimeSpan.FromMinutes(1));
        }
        Assert.All(Incidents, id => Assert.Empty(_dataverse.NotesOn(id)));
        // Each try asks for the case first (to attach the note to it) and meets the outage there.
        var tries = _dataverse.Requests.Count;
        Assert.True(tries >= 3 * 10, $"The notes were tried {tries} times in the hour: the outbox should keep trying.");
        Assert.All(await StatesAsync(services, resolved), s => Assert.Equal(CaseNoteState.Pending, s));

        // Back: within the next backoff step (at most ten minutes) every note is written, once.
        _dataverse.DownWith = null;
        for (var minute = 0; minute <= 11; minute++)
        {
            while (await runner.RunOnceAsync(default) > 0)
            {
            }
            _clock.Advance(TimeSpan.FromMinutes(1));
        }
        Assert.All(Incidents, id => Assert.Single(_dataverse.NotesOn(id)));
        Assert.All(await StatesAsync(services, resolved), s => Assert.Equal(CaseNoteState.Written, s));
        await using var db = services.GetRequiredService<ExpertBotDatabase>().CreateContext();
        Assert.Equal(0, await db.Set<Job>().CountAsync(j => j.Status == JobStatus.DeadLettered));
    }

    [Fact]
    public async Task A_note_the_crm_refuses_is_told_to_the_asker_and_each_supervisor_who_is_a_person_once()
    {
        const string Megan = "1a000000-0000-4000-8000-000000000001"; // in the demo directory
        const string SupervisorGroup = "6c000000-0000-4000-8000-0000000000e1"; // a group id: no one to open a chat with
        await using var app = WithDataverse(("Questions:Supervisors:0", Megan), ("Questions:Supervisors:1", SupervisorGroup));
        var services = app.Services;
        var questions = services.GetRequiredService<QuestionService>();
        var runner = services.GetRequiredService<JobRunner>();

        // The case does not exist in Dataverse: the note is refused for good, not retried.
        var asker = new Actor("a1", "Alex Wilber", new ConversationRef(_teams.ServiceUrl, "msteams", "a:1", "t1", "28:bot"));
        var q = await questions.AskAsync(new NewQuestion(asker, "Refund stuck in pending", null, null, "Billing", null, "CAS-40404"), default);
        Assert.Null((await questions.AcceptAsync(q.Id, asker, null, "Re-run the settlement.", default)).Refusal);
        for (var minute = 0; minute <= 2; minute++)
        {
            while (await runner.RunOnceAsync(default) > 0)
            {
            }
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal([CaseNoteState.Failed], await StatesAsync(services, [q.Id]));
        var sent = _teams.All.ToList();
        Assert.Single(sent, r => r.RawPath == "/v3/conversations/a%3A1/activities" && Told(r));
        var chats = sent.Where(r => r.Method == "POST" && r.RawPath == "/v3/conversations").Select(r => r.Body!.ToJsonString()).ToList();
        Assert.Single(chats, c => c.Contains(Megan, StringComparison.Ordinal));
        Assert.DoesNotContain(chats, c => c.Contains(SupervisorGroup, StringComparison.Ordinal));
        Assert.Equal(2, sent.Count(Told));
    }

    /// <summary>
    /// The host with Dynamics 365 on the local Dataverse, the job worker off (the test runs the outbox on its clock) and
    /// one CRM call per job attempt (the outbox retries, not the connector within a call).
    /// </summary>
    private WebApplicationFactory<Program> WithDataverse(params (string Key, string Value)[] settings) => _root.WithWebHostBuilder(web =>
    {
        web.UseSetting("Crm:Provider", "Dynamics");
        web.UseSetting("Crm:Dynamics:EnvironmentUrl", _dataverse.BaseUrl.ToString());
        web.UseSetting("Crm:Dynamics:TenantId", "7d0e4c1a-5b2f-4e8a-9c3d-1f2e3a4b5c6d");
        web.UseSetting("Crm:Dynamics:ClientId", "5e3c1a2b-0000-4000-8000-00000000d365");
        web.UseSetting("Crm:Dynamics:ClientSecret", "test-only-secret");
        web.UseSetting("Crm:Dynamics:AuthorityHost", $"https://{AuthorityHost}");
        web.UseSetting("Crm:Dynamics:MaxRetries", "0");
        web.UseSetting("Storage:Jobs:WorkerEnabled", "false");
        foreach (var (key, value) in settings)
        {
            web.UseSetting(key, value);
        }
        web.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(_clock);
            services.AddHttpClient(DynamicsCredential.LoginClient).AddHttpMessageHandler(() => new RouteToLoopback(new Dictionary<string, Uri> { [AuthorityHost] = _entra.BaseUrl }));
        });
    });

    private static bool Told(ReceivedRequest r) => r.Body?.ToJsonString().Contains("could not write the internal note", StringComparison.Ordinal) == true;

    private static async Task<List<CaseNoteState>> StatesAsync(IServiceProvider services, IEnumerable<long> ids)
    {
        var store = services.GetRequiredService<ResolutionStore>();
        var states = new List<CaseNoteState>();
        foreach (var id in ids)
        {
            states.Add((await store.FindAsync(id, default))?.NoteState ?? CaseNoteState.Pending);
        }
        return states;
    }

    public async ValueTask DisposeAsync()
    {
        await _root.DisposeAsync();
        await _dataverse.DisposeAsync();
        await _entra.DisposeAsync();
        await _teams.DisposeAsync();
    }
}
