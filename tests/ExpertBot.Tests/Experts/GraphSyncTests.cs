using ExpertBot.Features.Experts;
using Microsoft.Graph.Models.ODataErrors;

namespace ExpertBot.Tests.Experts;

public sealed class GraphSyncTests
{
    private static int Count(FakeGraph graph, string prefix) => graph.Requests.Count(r => r.StartsWith(prefix, StringComparison.Ordinal));

    private static async Task AssertEveryoneOnceWithProfile(GraphHarness h, int users)
    {
        var people = await h.Store.ListRoutableAsync(default);
        Assert.Equal(users, people.Count);
        for (var i = 1; i <= users; i++)
        {
            var person = Assert.Single(people, p => p.Id == GraphHarness.UserId(i));
            Assert.Equal($"User {i}", person.DisplayName);
            Assert.Equal([$"skill-{i}"], person.Skills);
            Assert.Equal($"About {i}", person.AboutMe);
        }
        Assert.Empty(await h.Store.ListProfilePendingAsync(100, default));
        // No profile fetched twice: an interrupted sync resumes, it does not start over.
        Assert.All(h.Graph.ProfileSteps.GroupBy(id => id), g => Assert.Single(g));
        Assert.Equal(users, h.Graph.ProfileSteps.Distinct().Count());
    }

    [Fact]
    public async Task Full_sync_pages_the_listing_and_batches_profiles_and_mailbox_settings()
    {
        await using var h = new GraphHarness();
        h.Graph.PageSize = 15;
        h.AddUsers(45);
        h.Graph.Update(GraphHarness.UserId(7), u => u with { TimeZone = null }); // no mailbox: 404 step

        await h.Sync.RunAsync(default);

        await AssertEveryoneOnceWithProfile(h, 45);
        Assert.Equal(3, Count(h.Graph, "GET /v1.0/users?"));
        Assert.Contains(h.Graph.Requests, r => r.Contains("$filter=accountEnabled eq true and userType eq 'Member'") && r.Contains("$select=id,displayName,mail"));
        // 15 users a page, 10 users (20 steps: profile + mailbox) a batch: 10 + 5 per page.
        Assert.Equal([20, 10, 20, 10, 20, 10], h.Graph.BatchSizes);
        Assert.All(h.Graph.Authorizations, a => Assert.Equal("Bearer test-token", a));

        var person = (await h.Store.FindAsync(GraphHarness.UserId(1), default))!.Person;
        Assert.Equal("Pacific Standard Time", person.TimeZone);
        Assert.Equal(new WorkingHours([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
            new TimeOnly(8, 0), new TimeOnly(17, 0), "Pacific Standard Time").Days, person.WorkingHours!.Days);
        Assert.Equal(new TimeOnly(17, 0), person.WorkingHours.End);
        Assert.Equal("Support", person.Department);
        var noMailbox = (await h.Store.FindAsync(GraphHarness.UserId(7), default))!.Person;
        Assert.Null(noMailbox.TimeZone);
        Assert.Equal(["skill-7"], noMailbox.Skills);

        var state = await h.Store.GetSyncStateAsync(default);
        Assert.Equal(SyncPhase.Delta, state.Phase);
        Assert.EndsWith("$deltatoken=46", state.DeltaLink); // 45 added + 1 update
        Assert.Empty(h.Time.Waits);
    }

    [Fact]
    public async Task A_throttled_batch_step_is_retried_after_its_own_Retry_After()
    {
        await using var h = new GraphHarness();
        h.AddUsers(12);
        h.Graph.ThrottleProfileStepOnce(GraphHarness.UserId(3));
        h.Graph.ThrottleProfileStepOnce(GraphHarness.UserId(11));

        await h.Sync.RunAsync(default);

        await AssertEveryoneOnceWithProfile(h, 12);
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7)], h.Time.Waits);
        // Only the throttled step goes again, alone in its batch.
        Assert.Equal([20, 1, 4, 1], h.Graph.BatchSizes);
    }

    [Fact]
    public async Task Throttled_and_unavailable_whole_requests_wait_and_retry()
    {
        await using var h = new GraphHarness();
        h.AddUsers(5);
        h.Graph.Fault((r, _) => r.Path == "/v1.0/users", 429, "3");
        h.Graph.Fault((r, _) => r.Path == "/v1.0/$batch", 503);
        h.Graph.Fault((r, _) => r.Path == "/v1.0/$batch", 504, "Mon, 02 Mar 2026 09:01:00 GMT");

        await h.Sync.RunAsync(default);

        await AssertEveryoneOnceWithProfile(h, 5);
        // Retry-After in seconds, then exponential back-off (none given), then Retry-After as a date.
        Assert.Equal(TimeSpan.FromSeconds(3), h.Time.Waits.First());
        Assert.Equal(3, h.Time.Waits.Count);
        Assert.Equal(TimeSpan.FromSeconds(1), h.Time.Waits.ElementAt(1));
        Assert.InRange(h.Time.Waits.ElementAt(2), TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(57));
    }

    [Fact]
    public async Task Throttling_beyond_the_retry_budget_fails_the_run_and_keeps_the_checkpoint()
    {
        await using var h = new GraphHarness(o => o.MaxRetries = 2);
        h.AddUsers(3);
        for (var i = 0; i < 3; i++)
        {
            h.Graph.Fault((r, _) => r.Path == "/v1.0/users", 429, "1");
        }

        var error = await Assert.ThrowsAsync<ODataError>(() => h.Sync.RunAsync(default));

        Assert.Equal(429, error.ResponseStatusCode);
        Assert.Empty(await h.Store.ListRoutableAsync(default));
        var state = await h.Store.GetSyncStateAsync(default);
        Assert.Equal(SyncPhase.Listing, state.Phase);
        Assert.Null(state.NextLink);

        await h.Sync.RunAsync(default);
        await AssertEveryoneOnceWithProfile(h, 3);
    }

    /// <summary>Fails the sync at each of its requests in turn, then resumes: the result never changes.</summary>
    [Fact]
    public async Task A_sync_interrupted_at_any_request_resumes_without_losing_or_repeating_anyone()
    {
        int total;
        await using (var reference = new GraphHarness())
        {
            reference.Graph.PageSize = 15;
            reference.AddUsers(45);
            await reference.Sync.RunAsync(default);
            total = reference.Graph.Requests.Count;
        }
        Assert.True(total >= 10, $"expected a multi-step sync, got {total} requests");

        for (var failAt = 1; failAt <= total; failAt++)
        {
            await using var h = new GraphHarness();
            h.Graph.PageSize = 15;
            h.AddUsers(45);
            var k = failAt;
            h.Graph.Fault((_, number) => number == k, 500);

            // ODataError from a plain request, ServiceException from a batch.
            await Assert.ThrowsAnyAsync<Exception>(() => h.Sync.RunAsync(default));
            await h.Sync.RunAsync(default);

            await AssertEveryoneOnceWithProfile(h, 45);
            // Each listing page was read once successfully: the failed one again, none before it.
            Assert.InRange(Count(h.Graph, "GET /v1.0/users?"), 3, 4);
            Assert.Equal(total + 1, h.Graph.Requests.Count);
        }
    }

    [Fact]
    public async Task Delta_applies_updates_new_users_removals_and_disabled_accounts()
    {
        await using var h = new GraphHarness();
        h.AddUsers(10);
        await h.Sync.RunAsync(default);
        h.Graph.PageSize = 2; // delta rounds over several pages

        h.Graph.Update(GraphHarness.UserId(3), u => u with { Department = "Billing", Skills = ["invoicing"] });
        h.Graph.Update(GraphHarness.UserId(4), u => u with { AccountEnabled = false });
        h.Graph.Delete(GraphHarness.UserId(5));
        h.Graph.Add(new FakeUser(GraphHarness.UserId(11), "User 11") { Skills = ["skill-11"] });
        h.Graph.Add(new FakeUser(GraphHarness.UserId(12), "Guest 12") { UserType = "Guest" });
        h.Graph.Add(new FakeUser(GraphHarness.UserId(13), "User 13") { Skills = ["skill-13"] }); // alone on the round's last page
        var before = h.Graph.Requests.Count;

        await h.Sync.RunAsync(default);

        var routable = (await h.Store.ListRoutableAsync(default)).Select(p => p.Id).ToHashSet();
        Assert.Equal(10, routable.Count);
        Assert.DoesNotContain(GraphHarness.UserId(4), routable);
        Assert.DoesNotContain(GraphHarness.UserId(5), routable);
        Assert.DoesNotContain(GraphHarness.UserId(12), routable);
        Assert.Contains(GraphHarness.UserId(11), routable);
        var updated = (await h.Store.FindAsync(GraphHarness.UserId(3), default))!.Person;
        Assert.Equal("Billing", updated.Department);
        Assert.Equal(["invoicing"], updated.Skills); // changed users get their profile again
        Assert.Equal(["skill-11"], (await h.Store.FindAsync(GraphHarness.UserId(11), default))!.Person.Skills);
        Assert.Equal(["skill-13"], (await h.Store.FindAsync(GraphHarness.UserId(13), default))!.Person.Skills);
        Assert.Empty(await h.Store.ListProfilePendingAsync(100, default));
        Assert.False((await h.Store.FindAsync(GraphHarness.UserId(4), default))!.Person.AccountEnabled);
        Assert.True((await h.Store.FindAsync(GraphHarness.UserId(5), default))!.Person.Removed);
        Assert.Null(await h.Store.FindAsync(GraphHarness.UserId(12), default));
        Assert.Equal(0, h.Graph.Requests.Skip(before).Count(r => r.StartsWith("GET /v1.0/users?", StringComparison.Ordinal)));
        Assert.Equal(3, h.Graph.Requests.Skip(before).Count(r => r.StartsWith("GET /v1.0/users/delta", StringComparison.Ordinal)));

        // Nothing changed since: one delta request, same people.
        var again = h.Graph.Requests.Count;
        await h.Sync.RunAsync(default);
        Assert.Equal(["GET /v1.0/users/delta?$deltatoken=16"], h.Graph.Requests.Skip(again));
        Assert.Equal(10, (await h.Store.ListRoutableAsync(default)).Count);

        // Re-enabled in Entra: routable again.
        h.Graph.Update(GraphHarness.UserId(4), u => u with { AccountEnabled = true });
        await h.Sync.RunAsync(default);
        Assert.True((await h.Store.FindAsync(GraphHarness.UserId(4), default))!.Person.IsRoutable);
    }

    [Fact]
    public async Task An_expired_delta_link_starts_a_full_listing_that_drops_people_gone_meanwhile()
    {
        await using var h = new GraphHarness();
        h.AddUsers(6);
        await h.Sync.RunAsync(default);
        h.Graph.ExpireDeltaTokens();
        h.Graph.Delete(GraphHarness.UserId(2));

        await h.Sync.RunAsync(default);

        var state = await h.Store.GetSyncStateAsync(default);
        Assert.Equal(2, state.Run);
        Assert.Equal(SyncPhase.Delta, state.Phase);
        Assert.True((await h.Store.FindAsync(GraphHarness.UserId(2), default))!.Person.Removed);
        Assert.Equal(5, (await h.Store.ListRoutableAsync(default)).Count);
    }

    [Fact]
    public async Task Full_listing_recurs_after_the_full_sync_interval_to_refresh_profiles()
    {
        await using var h = new GraphHarness(o => o.FullSyncInterval = TimeSpan.FromHours(12));
        h.AddUsers(3);
        await h.Sync.RunAsync(default);
        // Profile fields change without showing in users/delta.
        h.Graph.Update(GraphHarness.UserId(1), u => u with { Skills = ["kubernetes"] });
        h.Graph.ExpireDeltaTokens();
        h.Graph.Delete(GraphHarness.UserId(3));
        h.Graph.Add(new FakeUser(GraphHarness.UserId(3), "User 3") { Skills = ["skill-3"], AboutMe = "About 3" });

        h.Time.Advance(TimeSpan.FromHours(13));
        await h.Sync.RunAsync(default);

        Assert.Equal(["kubernetes"], (await h.Store.FindAsync(GraphHarness.UserId(1), default))!.Person.Skills);
        Assert.Equal(2, (await h.Store.GetSyncStateAsync(default)).Run);
    }

    [Fact]
    public async Task Group_scoping_syncs_only_enabled_members_of_the_configured_groups()
    {
        const string Group = "2b000000-0000-4000-8000-000000000001";
        await using var h = new GraphHarness(o => o.GroupIds = [Group]);
        h.Graph.PageSize = 4;
        for (var i = 1; i <= 10; i++)
        {
            h.Graph.Add(new FakeUser(GraphHarness.UserId(i), $"User {i}")
            {
                Skills = [$"skill-{i}"], AboutMe = $"About {i}", Groups = i <= 6 ? [Group] : [],
                AccountEnabled = i != 2, UserType = i == 3 ? "Guest" : "Member",
            });
        }

        await h.Sync.RunAsync(default);

        var ids = (await h.Store.ListRoutableAsync(default)).Select(p => p.Id).Order().ToList();
        Assert.Equal([GraphHarness.UserId(1), GraphHarness.UserId(4), GraphHarness.UserId(5), GraphHarness.UserId(6)], ids);
        Assert.Equal(2, Count(h.Graph, $"GET /v1.0/groups/{Group}/transitiveMembers/"));
        Assert.All(h.Graph.Requests.Where(r => r.Contains("/groups/")), r => Assert.Contains("graph.user", r));
    }
}
