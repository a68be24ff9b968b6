using System.Net;
using System.Text;
using ExpertBot.Integrations.Crm;
using ExpertBot.Integrations.Crm.Webhook;

namespace ExpertBot.Tests.Integrations.Crm;

/// <summary>The webhook connector against <see cref="WebhookReceiver"/>, which verifies with the documented recipe.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    private const string Secret = "test-only-webhook-secret-0123456789abcdef";
    private readonly WebhookReceiver _receiver;
    private readonly CrmHarness _harness;

    public WebhookTests()
    {
        CrmHarness? harness = null;
        _receiver = new WebhookReceiver(Secret, () => harness!.Clock.GetUtcNow());
        _harness = harness = new CrmHarness("Webhook", WebhookOptions.Section, new Dictionary<string, string?>
        {
            ["Url"] = $"{_receiver.BaseUrl}hooks/expertbot",
            ["Secret"] = Secret,
            ["DisplayName"] = "Freshdesk",
        });
    }

    private ICaseSystem Crm => _harness.Crm;

    private static InternalNote Note(string key) => new("4521", key, "Resolved with the experts", "Add the EU reply URL to the app registration.");

    private static bool IsDelivery(FakeRequest r) => r.Method == "POST";

    [Fact]
    public async Task A_note_is_delivered_signed_with_a_delivery_id_fixed_by_the_key()
    {
        var key = Guid.NewGuid().ToString();
        var written = await Crm.AddInternalNoteAsync(Note(key), default);

        var request = Assert.Single(_receiver.Requests);
        var delivery = IdempotencyMarker.RecordId("webhook-note", key).ToString();
        Assert.Equal(delivery, request.Header("X-ExpertBot-Delivery"));
        Assert.Equal("case.note", request.Header("X-ExpertBot-Event"));
        Assert.Equal(_harness.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(), request.Header("X-ExpertBot-Timestamp"));
        Assert.StartsWith("sha256=", request.Header("X-ExpertBot-Signature"), StringComparison.Ordinal);
        var body = _receiver.Processed[delivery];
        Assert.Equal("4521", body["case"]!["reference"]!.GetValue<string>());
        Assert.True(body["note"]!["internal"]!.GetValue<bool>());
        Assert.Equal(key, body["idempotencyKey"]!.GetValue<string>());
        Assert.Equal("Freshdesk", written.System);
        Assert.Equal($"note-{delivery[..8]}", written.NoteId);
        Assert.False(written.AlreadyWritten);
    }

    [Fact]
    public async Task The_signature_verifies_with_the_recipe_and_an_altered_or_replayed_request_does_not()
    {
        await Crm.AddInternalNoteAsync(Note(Guid.NewGuid().ToString()), default);
        var sent = Assert.Single(_receiver.Requests);
        var timestamp = sent.Header("X-ExpertBot-Timestamp");
        var signature = sent.Header("X-ExpertBot-Signature");
        var body = Encoding.UTF8.GetBytes(sent.Body);
        var now = _harness.Clock.GetUtcNow();

        Assert.True(WebhookRecipe.Verify(Secret, timestamp, signature, body, now));
        var altered = Encoding.UTF8.GetBytes(sent.Body.Replace("EU reply URL", "US reply URL", StringComparison.Ordinal));
        Assert.False(WebhookRecipe.Verify(Secret, timestamp, signature, altered, now));
        Assert.False(WebhookRecipe.Verify(Secret, (long.Parse(timestamp!) + 1).ToString(), signature, body, now));
        Assert.False(WebhookRecipe.Verify("another-secret-of-the-same-length-000000", timestamp, signature, body, now));
        Assert.False(WebhookRecipe.Verify(Secret, timestamp, signature, body, now.AddMinutes(6)));
    }

    [Fact]
    public async Task The_same_key_is_the_same_delivery_and_the_receiver_processes_it_once()
    {
        var key = Guid.NewGuid().ToString();
        var first = await Crm.AddInternalNoteAsync(Note(key), default);
        _harness.Clock.Advance(TimeSpan.FromMinutes(10)); // the outbox tries again much later: a fresh timestamp and signature
        var again = await Crm.AddInternalNoteAsync(Note(key), default);

        Assert.Single(_receiver.Processed);
        Assert.True(again.AlreadyWritten);
        Assert.Equal(first.NoteId, again.NoteId);
        var requests = _receiver.Requests.ToList();
        Assert.NotEqual(requests[0].Header("X-ExpertBot-Timestamp"), requests[1].Header("X-ExpertBot-Timestamp"));
        Assert.Equal(requests[0].Header("X-ExpertBot-Delivery"), requests[1].Header("X-ExpertBot-Delivery"));
    }

    [Fact]
    public async Task Server_errors_a_hang_and_a_crash_after_processing_are_retried_in_the_call_and_processed_once()
    {
        _receiver.Inject(IsDelivery, Fault.Answer(502));
        _receiver.Inject(IsDelivery, Fault.Crash());
        var written = await Crm.AddInternalNoteAsync(Note(Guid.NewGuid().ToString()), default);
        Assert.True(written.AlreadyWritten); // the crashed attempt had been processed
        Assert.Single(_receiver.Processed);

        var hang = _receiver.Inject(IsDelivery, Fault.Hanging());
        var call = Crm.AddInternalNoteAsync(Note(Guid.NewGuid().ToString()), default);
        await hang.HitAsync();
        _harness.Clock.Advance(CrmHarness.AttemptTimeout);
        await call;
        Assert.Equal(2, _receiver.Processed.Count);
    }

    [Fact]
    public async Task A_throttled_delivery_waits_what_Retry_After_says()
    {
        _receiver.Inject(IsDelivery, Fault.Answer(429, retryAfter: "7"));

        var call = Crm.CreateArticleDraftAsync(new ArticleDraft(Guid.NewGuid().ToString(), "Title", "Issue", "Env", "Cause", "Fix", ArticleAudience.Internal, []), default);
        await _harness.Clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(7));
        var article = await call;

        Assert.False(article.AlreadyWritten);
        var body = Assert.Single(_receiver.Processed).Value;
        Assert.Equal("knowledge.draft", body["event"]!.GetValue<string>());
        Assert.Equal("internal", body["article"]!["audience"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refused_signature_or_a_bad_request_is_permanent_and_reading_cases_is_not_offered()
    {
        _receiver.Inject(IsDelivery, Fault.Answer(400, code: "bad_payload"));
        var bad = await Assert.ThrowsAsync<CrmPermanentException>(() => Crm.AddInternalNoteAsync(Note(Guid.NewGuid().ToString()), default));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        await using var wrongSecret = new CrmHarness("Webhook", WebhookOptions.Section, new Dictionary<string, string?>
        {
            ["Url"] = $"{_receiver.BaseUrl}hooks/expertbot",
            ["Secret"] = "a-different-secret-than-the-receiver-has-000",
        });
        var refused = await Assert.ThrowsAsync<CrmPermanentException>(() => wrongSecret.Crm.AddInternalNoteAsync(Note(Guid.NewGuid().ToString()), default));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Empty(_receiver.Processed);

        Assert.False(Crm.Features.HasFlag(CaseSystemFeatures.ReadCases));
        await Assert.ThrowsAsync<CrmPermanentException>(() => Crm.FindCaseAsync("4521", default));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _receiver.DisposeAsync();
    }
}
