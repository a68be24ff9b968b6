using System.Net;
using ExpertBot.Protocol.Activities;
using ExpertBot.Protocol.Connector;

namespace ExpertBot.Tests.Connector;

/// <summary>Retries on 429/412/502/504 and network failures, on a fake clock: waits are asserted, never slept.</summary>
public sealed class RetryTests : IAsyncLifetime
{
    private const string Path = "/v3/conversations/c1/activities";
    private readonly ConnectorHarness _h = ConnectorHarness.AuthOff(("BotFramework:MaxAttempts", "3"));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private Task<ResourceResponse> Send() =>
        _h.Client.SendToConversationAsync(_h.LoopbackServiceUrl, "c1", new Activity { Type = "message", Text = "hi" }, CancellationToken.None);

    [Fact]
    public async Task Throttled_429_is_retried_only_after_the_stated_retry_after_seconds()
    {
        _h.Connector.Script(Path, new FakeAnswer(429, """{"error":{"code":"Throttled"}}""", new Dictionary<string, string> { ["Retry-After"] = "3" }));
        var start = _h.Clock.GetUtcNow();

        var send = Send();
        await _h.Connector.NextAsync();
        Assert.Equal(TimeSpan.FromSeconds(3), await _h.Clock.NextTimerAsync());

        _h.Clock.Advance(TimeSpan.FromMilliseconds(2999));
        Assert.Single(_h.Connector.All);
        Assert.False(send.IsCompleted);

        _h.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var retried = await _h.Connector.NextAsync();
        Assert.Equal(start + TimeSpan.FromSeconds(3), retried.ReceivedAt);
        Assert.NotNull((await send).Id);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_honoured()
    {
        var at = _h.Clock.GetUtcNow() + TimeSpan.FromSeconds(5);
        _h.Connector.Script(Path, new FakeAnswer(429, null, new Dictionary<string, string> { ["Retry-After"] = at.ToString("R") }));

        var send = Send();
        Assert.Equal(TimeSpan.FromSeconds(5), await _h.Clock.NextTimerAsync());
        _h.Clock.Advance(TimeSpan.FromSeconds(5));

        Assert.NotNull((await send).Id);
        Assert.Equal(at, _h.Connector.All[1].ReceivedAt);
    }

    [Theory]
    [InlineData(412)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task Transient_statuses_back_off_exponentially_with_jitter(int status)
    {
        _h.Connector.Script(Path, new FakeAnswer(status), new FakeAnswer(status));

        var send = Send();
        // Base 1 s: the first wait is in [0.5 s, 1 s], the second in [1 s, 2 s] (equal jitter).
        var first = await _h.Clock.NextTimerAsync();
        Assert.InRange(first, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        _h.Clock.Advance(first);
        var second = await _h.Clock.NextTimerAsync();
        Assert.InRange(second, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        _h.Clock.Advance(second);

        Assert.NotNull((await send).Id);
        Assert.Equal(3, _h.Connector.All.Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(500)]
    public async Task Permanent_failures_are_not_retried(int status)
    {
        _h.Connector.Script(Path, new FakeAnswer(status, """{"error":{"code":"BadArgument","message":"Activity is invalid"}}"""));

        var error = await Assert.ThrowsAsync<BotConnectorException>(Send);

        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal(1, error.Attempts);
        Assert.Equal("BadArgument", error.ErrorCode);
        Assert.Contains("Activity is invalid", error.Message, StringComparison.Ordinal);
        Assert.Single(_h.Connector.All);
        Assert.False(_h.Clock.AnyTimerStarted);
    }

    [Fact]
    public async Task Teams_error_body_is_read_into_the_exception()
    {
        _h.Connector.Script(Path, new FakeAnswer(403, """{"errorCode":209,"message":"Thread is blocked from message writes."}"""));

        var error = await Assert.ThrowsAsync<BotConnectorException>(Send);

        Assert.Equal("209", error.ErrorCode);
        Assert.Contains("blocked from message writes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gives_up_after_the_maximum_attempts_with_a_clear_error()
    {
        _h.Connector.Script(Path, new FakeAnswer(502), new FakeAnswer(502), new FakeAnswer(502), new FakeAnswer(201, """{"id":"never"}"""));

        var send = Send();
        _h.Clock.Advance(await _h.Clock.NextTimerAsync());
        _h.Clock.Advance(await _h.Clock.NextTimerAsync());
        var error = await Assert.ThrowsAsync<BotConnectorException>(() => send);

        Assert.Equal(3, error.Attempts);
        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Contains("after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, _h.Connector.All.Count);
    }

    [Fact]
    public async Task Retry_after_beyond_the_maximum_delay_fails_at_once()
    {
        _h.Connector.Script(Path, new FakeAnswer(429, null, new Dictionary<string, string> { ["Retry-After"] = "3600" }));

        var error = await Assert.ThrowsAsync<BotConnectorException>(Send);

        Assert.Contains("MaxRetryDelay", error.Message, StringComparison.Ordinal);
        Assert.Single(_h.Connector.All);
        Assert.False(_h.Clock.AnyTimerStarted);
    }

    [Fact]
    public async Task Network_failures_are_retried_then_reported()
    {
        // Nothing listens on this loopback port: every attempt is refused.
        var dead = $"http://127.0.0.1:{Ports.Free()}/";

        var send = _h.Client.SendToConversationAsync(dead, "c1", new Activity { Type = "message", Text = "hi" }, CancellationToken.None);
        _h.Clock.Advance(await _h.Clock.NextTimerAsync());
        _h.Clock.Advance(await _h.Clock.NextTimerAsync());
        var error = await Assert.ThrowsAsync<BotConnectorException>(() => send);

        Assert.Null(error.StatusCode);
        Assert.Equal(3, error.Attempts);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }
}
