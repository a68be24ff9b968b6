using System.Net;
using System.Text;
using ExpertBot.Features.Experts;
using ExpertBot.Protocol.Activities;
using ExpertBot.Tests.Connector;
using ExpertBot.Tests.Host;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ExpertBot.Tests.Experts;

public sealed class SelfServiceTests
{
    private const string MeganId = "1a000000-0000-4000-8000-000000000001";
    private static readonly ChannelAccount Megan = new() { Id = "user-id-1", AadObjectId = MeganId };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryDirectoryStore _store = new();
    private readonly SelfService _selfService;
    private readonly ExpertDirectory _directory;

    public SelfServiceTests()
    {
        // Off the test's synchronization context: blocking on it there could starve xunit's few threads.
        Task.Run(() => _store.ApplyAsync([new DirectoryEntry(new DirectoryPerson
        {
            Id = MeganId, DisplayName = "Megan Bowen", JobTitle = "Senior Identity Engineer", TimeZone = "America/Los_Angeles",
            Skills = ["SAML 2.0", "SCIM provisioning"],
        }, false, 0)], DirectorySyncState.Initial, default).AsTask()).GetAwaiter().GetResult();
        _directory = new ExpertDirectory(_store, new PresenceCache(new DirectoryPresenceSource(_store, _time), _time, TimeSpan.FromMinutes(1)));
        _selfService = new SelfService(_directory, _store, new ExpertProfileCards(new ExpertBot.Teams.CardLibrary(), _time), _time);
    }

    /// <summary>The reply (a card or a text) as JSON, with text as written: what the person sees is in it.</summary>
    private async Task<string?> Say(string text) => Json(await _selfService.TryHandleAsync(Megan, text, default));

    private static string? Json(ExpertBot.Protocol.Activities.Activity? reply) => reply is null ? null
        : AllText(System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(reply, ExpertBot.Protocol.Activities.ProtocolJson.Options)));

    /// <summary>Every string in a message or card, one per line, as the person reads it (no JSON escapes).</summary>
    internal static string AllText(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        System.Text.Json.Nodes.JsonObject o => string.Join("\n", o.Select(p => AllText(p.Value))),
        System.Text.Json.Nodes.JsonArray a => string.Join("\n", a.Select(AllText)),
        System.Text.Json.Nodes.JsonValue v when v.TryGetValue<string>(out var text) => text,
        _ => "",
    };

    private Task<ExpertPreferences> Preferences() => _directory.GetPreferencesAsync(MeganId, default);

    [Theory]
    [InlineData("how do I reset SSO?")]
    [InlineData("my invoice is wrong")]
    [InlineData("pauses in video playback")]
    [InlineData("pause button does nothing on iOS")]
    [InlineData("max upload size for the API?")]
    [InlineData("quiet hours setting missing from the admin center")]
    public async Task Questions_are_not_self_service(string text) => Assert.Null(await Say(text));

    [Fact]
    public async Task My_profile_shows_what_routing_uses()
    {
        var reply = await Say("my profile");

        Assert.Contains("Megan Bowen", reply);
        Assert.Contains("SAML 2.0, SCIM provisioning", reply);
        Assert.Contains("Active: you can be invited", reply);
    }

    [Fact]
    public async Task Topics_can_be_added_blocked_and_forgotten()
    {
        await Say("ask me about Okta");
        await Say("never ask me about billing");
        Assert.Equal(["Okta"], (await Preferences()).AskMeAbout);
        Assert.Equal(["billing"], (await Preferences()).NeverAskAbout);

        await Say("don't ask me about okta"); // moves it across, case-insensitively
        Assert.Empty((await Preferences()).AskMeAbout);
        Assert.Equal(["billing", "okta"], (await Preferences()).NeverAskAbout);

        Assert.Contains("Forgot \"billing\"", await Say("forget billing"));
        Assert.Contains("not one of your topics", await Say("forget kubernetes"));
        Assert.Equal(["okta"], (await Preferences()).NeverAskAbout);
    }

    [Fact]
    public async Task Quiet_hours_daily_limit_and_pause()
    {
        await Say("quiet hours 18:00-08:00");
        await Say("max 3 per day");
        var p = await Preferences();
        Assert.Equal(new QuietHours(new TimeOnly(18, 0), new TimeOnly(8, 0)), p.Quiet);
        Assert.Equal(3, p.MaxInvitationsPerDay);
        // 03:00 UTC is 19:00 in Seattle (quiet); 20:00 UTC is 12:00 (not).
        Assert.True(p.Quiet!.ContainsInstant(new DateTimeOffset(2026, 3, 3, 3, 0, 0, TimeSpan.Zero), "America/Los_Angeles"));
        Assert.False(p.Quiet.ContainsInstant(new DateTimeOffset(2026, 3, 3, 20, 0, 0, TimeSpan.Zero), "America/Los_Angeles"));

        await Say("pause 5 days");
        Assert.True((await Preferences()).IsPausedAt(_time.GetUtcNow()));
        Assert.False((await Preferences()).IsPausedAt(_time.GetUtcNow().AddDays(5)));
        await Say("pause");
        Assert.True((await Preferences()).IsPausedAt(_time.GetUtcNow().AddYears(5)));
        Assert.Contains("Paused until", await Say("my profile"));
        await Say("resume");
        Assert.False((await Preferences()).IsPausedAt(_time.GetUtcNow()));

        await Say("quiet hours off");
        await Say("max off");
        Assert.Null((await Preferences()).Quiet);
        Assert.Null((await Preferences()).MaxInvitationsPerDay);
    }

    [Theory]
    [InlineData("quiet hours 25:00-08:00", "quiet hours 18:00-08:00")]
    [InlineData("quiet hours whenever", "quiet hours 18:00-08:00")]
    [InlineData("max 500 per day", "max 3 per day")]
    [InlineData("max lots", "max 3 per day")]
    [InlineData("pause forever and ever", "pause 5 days")]
    [InlineData("pause until 2026-02-30", "pause until")]
    [InlineData("ask me about ", "1 to 60")]
    public async Task Bad_input_explains_and_changes_nothing(string text, string hint)
    {
        await Say("max 2 per day");
        var before = await Preferences();

        Assert.Contains(hint, await Say(text));

        Assert.Equal(before, await Preferences());
    }

    [Fact]
    public async Task A_past_pause_date_is_refused()
    {
        Assert.Contains("passed", await Say("pause until 2026-03-01"));
        Assert.Null((await Preferences()).PausedUntil);
    }

    [Fact]
    public async Task Someone_not_in_the_directory_is_told_so()
    {
        var reply = Json(await _selfService.TryHandleAsync(new ChannelAccount { Id = "29:stranger", AadObjectId = Guid.NewGuid().ToString() }, "my profile", default));
        Assert.Contains("can't find you in the company directory", reply);
    }
}

/// <summary>Self-service through /api/messages, as the Playground's Megan Bowen.</summary>
public sealed class SelfServiceChatTests(BotApp factory) : IClassFixture<BotApp>, IAsyncLifetime
{
    private readonly FakeBotConnector _connector = new();
    private readonly HttpClient _client = factory.CreateClient();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    private async Task<string> SayAsync(string id, string text)
    {
        var body = $$"""
            {"type":"message","id":"{{id}}","channelId":"msteams","serviceUrl":"{{_connector.ServiceUrl}}",
             "from":{"id":"user-id-1","name":"Megan Bowen","aadObjectId":"1a000000-0000-4000-8000-000000000001"},
             "recipient":{"id":"28:bot"},"conversation":{"id":"a:personal-megan","conversationType":"personal"},
             "text":"{{text}}"}
            """;
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"))).StatusCode);
        return SelfServiceTests.AllText((await _connector.NextAsync()).Body);
    }

    [Fact]
    public async Task An_expert_sees_and_changes_their_profile_in_chat()
    {
        var profile = await SayAsync("s-1", "my profile");
        Assert.Contains("Senior Identity Engineer", profile);
        Assert.Contains("SAML 2.0", profile);

        var reply = await SayAsync("s-2", "ask me about passkeys");
        Assert.Contains("ask you about \"passkeys\"", reply);
        var preferences = await factory.Services.GetRequiredService<ExpertDirectory>().GetPreferencesAsync("1a000000-0000-4000-8000-000000000001", default);
        Assert.Contains("passkeys", preferences.AskMeAbout);
    }
}
