using ExpertBot.Protocol.Auth;
using Microsoft.Extensions.Time.Testing;

namespace ExpertBot.Tests.Auth;

/// <summary>Key caching and refresh against a local metadata server, on a fake clock (no sleeps).</summary>
public sealed class SigningKeyRefreshTests : IAsyncLifetime
{
    private readonly TestKey _original = new("bf-2026-a", "msteams");
    private readonly TestKey _rolled = new("bf-2026-b", "msteams");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly HttpClient _http = new();
    private FakeOpenIdServer _server = null!;
    private OpenIdSigningKeys _keys = null!;

    public Task InitializeAsync()
    {
        _server = new FakeOpenIdServer("tenant-not-used", [_original], []);
        _keys = new OpenIdSigningKeys(new Uri(_server.BotMetadataUrl), () => _http, _time, KeyRefreshPolicy.Default);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Keys_are_fetched_once_and_served_from_the_cache()
    {
        for (var i = 0; i < 5; i++)
        {
            var lookup = await _keys.FindAsync(_original.Kid, CancellationToken.None);
            Assert.Equal(["msteams"], lookup.Key!.Endorsements);
        }
        Assert.Equal(1, _server.BotMetadataHits);
    }

    [Fact]
    public async Task A_rolled_key_is_accepted_after_the_refresh_its_unknown_kid_triggers()
    {
        Assert.NotNull((await _keys.FindAsync(_original.Kid, CancellationToken.None)).Key);
        _server.RotateBotKeys(_rolled);

        // Within 5 minutes of the last fetch an unknown kid does not refetch.
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Same(KeyLookup.NotFound, await _keys.FindAsync(_rolled.Kid, CancellationToken.None));
        Assert.Equal(1, _server.BotMetadataHits);

        _time.Advance(TimeSpan.FromMinutes(1));
        var lookup = await _keys.FindAsync(_rolled.Kid, CancellationToken.None);
        Assert.Equal(_rolled.Kid, lookup.Key!.KeyId);
        Assert.Equal(2, _server.BotMetadataHits);
        // The refresh replaced the set: the retired key is gone.
        Assert.Null((await _keys.FindAsync(_original.Kid, CancellationToken.None)).Key);
    }

    [Fact]
    public async Task Forged_kids_cannot_hammer_the_metadata_server()
    {
        await _keys.FindAsync(_original.Kid, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));

        // A burst of forged kids, some at once: one refetch, then nothing until 5 more minutes pass.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => _keys.FindAsync($"forged-{i}", CancellationToken.None)));
        for (var i = 0; i < 100; i++)
        {
            Assert.Same(KeyLookup.NotFound, await _keys.FindAsync($"forged-more-{i}", CancellationToken.None));
            _time.Advance(TimeSpan.FromSeconds(2));
        }
        Assert.Equal(2, _server.BotMetadataHits);

        _time.Advance(TimeSpan.FromSeconds(100));
        await _keys.FindAsync("forged-late", CancellationToken.None);
        Assert.Equal(3, _server.BotMetadataHits);
        Assert.NotNull((await _keys.FindAsync(_original.Kid, CancellationToken.None)).Key);
    }

    [Fact]
    public async Task Keys_are_refreshed_every_24_hours()
    {
        await _keys.FindAsync(_original.Kid, CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(23));
        await _keys.FindAsync(_original.Kid, CancellationToken.None);
        Assert.Equal(1, _server.BotMetadataHits);

        _time.Advance(TimeSpan.FromHours(1));
        await _keys.FindAsync(_original.Kid, CancellationToken.None);
        Assert.Equal(2, _server.BotMetadataHits);
    }

    [Fact]
    public async Task An_outage_keeps_the_last_good_keys_and_retries_after_30_seconds()
    {
        await _keys.FindAsync(_original.Kid, CancellationToken.None);
        _server.Failing = true;
        _time.Advance(TimeSpan.FromHours(24));

        Assert.NotNull((await _keys.FindAsync(_original.Kid, CancellationToken.None)).Key);
        Assert.NotNull(_keys.LastError);
        Assert.NotNull((await _keys.FindAsync(_original.Kid, CancellationToken.None)).Key);
        Assert.Equal(2, _server.BotMetadataHits);

        _server.Failing = false;
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.NotNull((await _keys.FindAsync(_original.Kid, CancellationToken.None)).Key);
        Assert.Equal(3, _server.BotMetadataHits);
        Assert.Null(_keys.LastError);
    }

    [Fact]
    public async Task With_no_keys_at_all_an_outage_is_unavailable_not_unknown()
    {
        _server.Failing = true;
        Assert.Same(KeyLookup.NoKeys, await _keys.FindAsync(_original.Kid, CancellationToken.None));
        Assert.Same(KeyLookup.NoKeys, await _keys.FindAsync(_original.Kid, CancellationToken.None));
        Assert.Equal(1, _server.BotMetadataHits);

        _server.Failing = false;
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.NotNull((await _keys.FindAsync(_original.Kid, CancellationToken.None)).Key);
    }
}
