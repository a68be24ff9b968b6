using System.Net;
using ExpertBot.Integrations.Crm;

namespace ExpertBot.Tests.Integrations.Crm;

/// <summary>
/// What every connector owes the durable outbox above it, run against each product's local fake: reads, one note per
/// idempotency key whatever fails in between (429 with Retry-After, 5xx, a hang past the time-out, a crash between the
/// CRM's write and its answer), one token refresh on 401, and failures classified as retriable or permanent.
/// A connector whose writes are safe to resend (<see cref="WritesRepeatInCall"/>) rides out an unclear failure inside
/// the call; the others fail retriable and the next call (the outbox's retry) finds what was written by its marker.
/// </summary>
public abstract class CaseSystemContract : IAsyncLifetime
{
    private CrmHarness? _harness;

    private protected CrmHarness Harness => _harness ?? throw new InvalidOperationException("not started");
    private protected ICaseSystem Crm => Harness.Crm;
    private protected CrmClock Clock => Harness.Clock;
    private protected abstract CrmFake Fake { get; }

    /// <summary>The case number the fake knows.</summary>
    protected abstract string KnownCase { get; }
    protected virtual string MissingCase => "CAS-99999-NOPE00";

    /// <summary>Writes are idempotent on the wire (Dataverse upserts), so the resilience pipeline may resend them.</summary>
    protected abstract bool WritesRepeatInCall { get; }

    /// <summary>A 401 can be cured by a fresh token (OAuth); fixed credentials cannot.</summary>
    protected abstract bool RefreshesToken { get; }

    protected abstract int TokensIssued { get; }
    protected abstract int NotesOnKnownCase();
    protected abstract int ArticleCount();
    private protected abstract bool IsCaseRead(FakeRequest request);
    private protected abstract bool IsNoteWrite(FakeRequest request);
    private protected abstract bool IsArticleWrite(FakeRequest request);
    private protected abstract void AssertKnownCase(CrmCase found);
    private protected abstract Task<CrmHarness> StartAsync();
    private protected abstract ValueTask StopFakesAsync();

    public async Task InitializeAsync() => _harness = await StartAsync();

    public async Task DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
        await StopFakesAsync();
    }

    private protected InternalNote Note(string key, string? caseReference = null) =>
        new(caseReference ?? KnownCase, key, "Resolved with the experts", "Add the EU reply URL to the Entra app registration, then sign in again.");

    private protected static ArticleDraft Draft(string key, ArticleAudience audience = ArticleAudience.Internal) => new(
        key,
        "AADSTS50011 after moving the tenant to the EU",
        "Users get AADSTS50011 (reply URL mismatch) at sign-in after the tenant moved to the EU data boundary.",
        "Entra ID, single sign-on, EU data boundary",
        "The app registration lists only the old reply URL.",
        "Add the EU reply URL to the app registration.\n\nAsk the users to sign in again.",
        audience,
        ["Megan Bowen", "Alex Wilber"]);

    private protected static string Key() => Guid.NewGuid().ToString();

    [Fact]
    public async Task Reads_a_case_by_its_number()
    {
        var found = await Crm.FindCaseAsync(KnownCase, default);

        Assert.NotNull(found);
        AssertKnownCase(found);
    }

    [Fact]
    public async Task An_unknown_case_reads_as_null_not_as_an_error()
    {
        Assert.Null(await Crm.FindCaseAsync(MissingCase, default));
    }

    [Fact]
    public async Task Writes_an_internal_note_and_says_where()
    {
        var written = await Crm.AddInternalNoteAsync(Note(Key()), default);

        Assert.Equal(Crm.DisplayName, written.System);
        Assert.Equal(KnownCase, written.CaseNumber);
        Assert.False(string.IsNullOrEmpty(written.NoteId));
        Assert.False(written.AlreadyWritten);
        Assert.Equal(1, NotesOnKnownCase());
    }

    [Fact]
    public async Task The_same_key_writes_one_note_and_another_key_another()
    {
        var key = Key();
        var first = await Crm.AddInternalNoteAsync(Note(key), default);
        var again = await Crm.AddInternalNoteAsync(Note(key), default);

        Assert.True(again.AlreadyWritten);
        Assert.Equal(first.NoteId, again.NoteId);
        Assert.Equal(1, NotesOnKnownCase());

        await Crm.AddInternalNoteAsync(Note(Key()), default);
        Assert.Equal(2, NotesOnKnownCase());
    }

    [Fact]
    public async Task A_throttled_write_waits_what_Retry_After_says_then_succeeds()
    {
        Fake.Inject(IsNoteWrite, Fault.Answer(429, retryAfter: "7"));

        var call = Crm.AddInternalNoteAsync(Note(Key()), default);
        await Clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(7));
        var written = await call;

        Assert.False(written.AlreadyWritten);
        Assert.Equal(2, Fake.Requests.Count(IsNoteWrite));
        Assert.Equal(1, NotesOnKnownCase());
    }

    [Fact]
    public async Task A_Retry_After_longer_than_a_call_should_take_is_left_to_the_outbox()
    {
        Fake.Inject(IsNoteWrite, Fault.Answer(429, retryAfter: "120"));

        var e = await Assert.ThrowsAsync<CrmTransientException>(() => Crm.AddInternalNoteAsync(Note(Key()), default));

        Assert.True(e.IsRetriable);
        Assert.Equal(HttpStatusCode.TooManyRequests, e.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(120), e.RetryAfter);
        Assert.DoesNotContain(TimeSpan.FromSeconds(120), Clock.Started);
        Assert.Equal(0, NotesOnKnownCase());
    }

    [Fact]
    public async Task A_server_error_on_a_read_is_retried_within_the_call()
    {
        Fake.Inject(IsCaseRead, Fault.Answer(503));

        var found = await Crm.FindCaseAsync(KnownCase, default);

        Assert.NotNull(found);
        Assert.Equal(2, Fake.Requests.Count(IsCaseRead));
    }

    [Fact]
    public async Task A_server_error_on_a_write_then_success_leaves_one_note()
    {
        Fake.Inject(IsNoteWrite, Fault.Answer(500));
        var key = Key();

        if (!WritesRepeatInCall)
        {
            var e = await Assert.ThrowsAsync<CrmTransientException>(() => Crm.AddInternalNoteAsync(Note(key), default));
            Assert.Equal(HttpStatusCode.InternalServerError, e.StatusCode);
        }
        var written = await Crm.AddInternalNoteAsync(Note(key), default);

        Assert.False(written.AlreadyWritten);
        Assert.Equal(1, NotesOnKnownCase());
    }

    [Fact]
    public async Task A_write_hanging_past_the_time_out_is_abandoned_and_the_retry_writes_once()
    {
        var hang = Fake.Inject(IsNoteWrite, Fault.Hanging());
        var key = Key();

        var call = Crm.AddInternalNoteAsync(Note(key), default);
        await hang.HitAsync();
        Clock.Advance(CrmHarness.AttemptTimeout);
        if (!WritesRepeatInCall)
        {
            var e = await Assert.ThrowsAsync<CrmTransientException>(() => call);
            Assert.Null(e.StatusCode);
            call = Crm.AddInternalNoteAsync(Note(key), default);
        }
        await call;

        Assert.Equal(1, NotesOnKnownCase());
    }

    [Fact]
    public async Task A_crash_between_the_write_and_its_answer_then_a_retry_leaves_exactly_one_note()
    {
        var crash = Fake.Inject(IsNoteWrite, Fault.Crash());
        var key = Key();

        if (!WritesRepeatInCall)
        {
            var e = await Assert.ThrowsAsync<CrmTransientException>(() => Crm.AddInternalNoteAsync(Note(key), default));
            Assert.Null(e.StatusCode);
            Assert.Equal(1, NotesOnKnownCase());
        }
        var written = await Crm.AddInternalNoteAsync(Note(key), default);

        await crash.HitAsync();
        Assert.True(written.AlreadyWritten);
        Assert.Equal(1, NotesOnKnownCase());
    }

    [Fact]
    public async Task A_note_for_a_case_that_does_not_exist_fails_permanently()
    {
        var e = await Assert.ThrowsAsync<CrmPermanentException>(() => Crm.AddInternalNoteAsync(Note(Key(), MissingCase), default));

        Assert.False(e.IsRetriable);
        Assert.True(e.CaseNotFound);
        Assert.Equal(0, Fake.Requests.Count(IsNoteWrite));
    }

    [Fact]
    public async Task A_401_gets_one_fresh_token_or_fails_permanently_without_one()
    {
        var refused = Fake.Inject(IsNoteWrite, Fault.Answer(401));

        if (RefreshesToken)
        {
            await Crm.AddInternalNoteAsync(Note(Key()), default);
            var first = (await refused.HitAsync()).Header("Authorization");
            var retried = Fake.Requests.Where(IsNoteWrite).Last().Header("Authorization");
            Assert.NotEqual(first, retried);
            Assert.Equal(2, TokensIssued);
            Assert.Equal(1, NotesOnKnownCase());
        }
        else
        {
            var e = await Assert.ThrowsAsync<CrmPermanentException>(() => Crm.AddInternalNoteAsync(Note(Key()), default));
            Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
            Assert.Equal(0, NotesOnKnownCase());
        }
    }

    [Fact]
    public async Task Credentials_refused_again_after_a_fresh_token_fail_permanently()
    {
        Fake.Inject(IsNoteWrite, Fault.Answer(401));
        Fake.Inject(IsNoteWrite, Fault.Answer(401));

        var e = await Assert.ThrowsAsync<CrmPermanentException>(() => Crm.AddInternalNoteAsync(Note(Key()), default));

        Assert.False(e.IsRetriable);
        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.Equal(0, NotesOnKnownCase());
    }

    [Fact]
    public async Task An_article_draft_is_created_once_per_key()
    {
        var key = Key();
        var first = await Crm.CreateArticleDraftAsync(Draft(key), default);
        var again = await Crm.CreateArticleDraftAsync(Draft(key), default);

        Assert.False(first.AlreadyWritten);
        Assert.True(again.AlreadyWritten);
        Assert.Equal(first.ArticleId, again.ArticleId);
        Assert.Equal(1, ArticleCount());
    }

    [Fact]
    public async Task A_crash_after_the_article_was_stored_then_a_retry_leaves_one_article()
    {
        Fake.Inject(IsArticleWrite, Fault.Crash());
        var key = Key();

        if (!WritesRepeatInCall)
        {
            await Assert.ThrowsAsync<CrmTransientException>(() => Crm.CreateArticleDraftAsync(Draft(key), default));
        }
        var article = await Crm.CreateArticleDraftAsync(Draft(key), default);

        Assert.True(article.AlreadyWritten);
        Assert.Equal(1, ArticleCount());
    }
}
