using System.Net;
using ExpertBot.Features.Experts;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace ExpertBot.Integrations.Graph;

/// <summary>
/// Brings the directory in line with Entra: a full listing the first time (then again every
/// <see cref="GraphOptions.FullSyncInterval"/>, because profile fields are not tracked by delta),
/// users/delta in between. Every page is applied together with the link that follows it, so a
/// run stopped anywhere resumes where it stopped; upserts by id make a replayed page harmless.
/// </summary>
internal sealed class GraphDirectorySync(
    GraphServiceClient graph, IDirectoryStore store, IOptions<GraphOptions> options, TimeProvider time, ILogger<GraphDirectorySync> logger)
{
    private const string MemberFilter = "accountEnabled eq true and userType eq 'Member'";

    private GraphOptions Options => options.Value;

    /// <summary>Runs until the directory is current (a delta round ended with a new delta link).</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var state = await store.GetSyncStateAsync(ct);
        if (state.Phase == SyncPhase.NeedsFullSync || FullSyncDue(state))
        {
            state = await StartFullSyncAsync(state, ct);
        }
        // An interrupted run may have left listed users without their profile.
        await FetchPendingProfilesAsync(state, ct);
        while (true)
        {
            switch (state.Phase)
            {
                case SyncPhase.Listing:
                    state = await ListPageAsync(state, ct);
                    break;
                case SyncPhase.ListingDone:
                    var done = state with { Phase = SyncPhase.Delta, NextLink = null, FullSyncCompletedAt = time.GetUtcNow() };
                    await store.RemoveUnseenAsync(state.Run, done, ct);
                    Log.FullSyncDone(logger, state.Run);
                    state = done;
                    break;
                case SyncPhase.Delta:
                    (state, var roundDone) = await DeltaPageAsync(state, ct);
                    if (roundDone)
                    {
                        await FetchPendingProfilesAsync(state, ct);
                        return;
                    }
                    break;
                default:
                    state = await StartFullSyncAsync(state, ct);
                    break;
            }
            await FetchPendingProfilesAsync(state, ct);
        }
    }

    private bool FullSyncDue(DirectorySyncState state) =>
        state is { Phase: SyncPhase.Delta, NextLink: null, FullSyncCompletedAt: { } at } && time.GetUtcNow() - at >= Options.FullSyncInterval;

    /// <summary>
    /// Takes the delta link for "now" before listing, so changes made while the listing runs
    /// come in the first delta round instead of being lost.
    /// </summary>
    private async Task<DirectorySyncState> StartFullSyncAsync(DirectorySyncState state, CancellationToken ct)
    {
        var url = $"{BaseUrl}/users/delta?$select={string.Join(',', GraphUserMapping.ListFields)}&$deltatoken=latest";
        var latest = await graph.Users.Delta.WithUrl(url).GetAsDeltaGetResponseAsync(cancellationToken: ct);
        var deltaLink = latest?.OdataDeltaLink ?? throw new GraphSyncException("users/delta with $deltatoken=latest returned no @odata.deltaLink.");
        var next = new DirectorySyncState(SyncPhase.Listing, state.Run + 1, null, deltaLink, 0, state.FullSyncCompletedAt);
        await store.ApplyAsync([], next, ct);
        Log.FullSyncStarted(logger, next.Run);
        return next;
    }

    private async Task<DirectorySyncState> ListPageAsync(DirectorySyncState state, CancellationToken ct)
    {
        var groups = Options.GroupIds;
        var page = groups.Length == 0
            ? await ListUsersAsync(state.NextLink, ct)
            : await ListGroupMembersAsync(groups[state.GroupIndex], state.NextLink, ct);
        // Group members come unfiltered (the cast segment takes no $filter on accountEnabled without advanced queries).
        var users = (page?.Value ?? []).Where(u => u.Id is not null && u.AccountEnabled != false && GraphUserMapping.IsMember(u)).ToList();
        var known = await KnownAsync(users, ct);
        var entries = users
            .DistinctBy(u => u.Id)
            .Select(u => new DirectoryEntry(GraphUserMapping.Merge(known.GetValueOrDefault(u.Id!)?.Person, u), ProfilePending: true, SeenInRun: state.Run))
            .ToList();
        var next = page?.OdataNextLink is { } link
            ? state with { NextLink = link }
            : state.GroupIndex + 1 < groups.Length
                ? state with { NextLink = null, GroupIndex = state.GroupIndex + 1 }
                : state with { NextLink = null, Phase = SyncPhase.ListingDone };
        await store.ApplyAsync(entries, next, ct);
        return next;
    }

    private Task<UserCollectionResponse?> ListUsersAsync(string? nextLink, CancellationToken ct) => nextLink is null
        ? graph.Users.GetAsync(r =>
        {
            r.QueryParameters.Filter = MemberFilter;
            r.QueryParameters.Select = GraphUserMapping.ListFields;
            r.QueryParameters.Top = Options.PageSize;
        }, ct)
        : graph.Users.WithUrl(nextLink).GetAsync(cancellationToken: ct);

    private Task<UserCollectionResponse?> ListGroupMembersAsync(string groupId, string? nextLink, CancellationToken ct) => nextLink is null
        ? graph.Groups[groupId].TransitiveMembers.GraphUser.GetAsync(r =>
        {
            r.QueryParameters.Select = GraphUserMapping.ListFields;
            r.QueryParameters.Top = Options.PageSize;
        }, ct)
        : graph.Groups[groupId].TransitiveMembers.GraphUser.WithUrl(nextLink).GetAsync(cancellationToken: ct);

    /// <summary>One page of a delta round; Done when the round ended and its new delta link is saved.</summary>
    private async Task<(DirectorySyncState State, bool Done)> DeltaPageAsync(DirectorySyncState state, CancellationToken ct)
    {
        var link = state.NextLink ?? state.DeltaLink ?? throw new GraphSyncException("No delta link to continue from.");
        Microsoft.Graph.Users.Delta.DeltaGetResponse? page;
        try
        {
            page = await graph.Users.Delta.WithUrl(link).GetAsDeltaGetResponseAsync(cancellationToken: ct);
        }
        catch (ODataError e) when (e.ResponseStatusCode == (int)HttpStatusCode.Gone)
        {
            // The delta token expired (Graph keeps them for a limited time): list everyone again.
            Log.DeltaExpired(logger);
            return (await StartFullSyncAsync(state, ct), false);
        }
        var users = (page?.Value ?? []).Where(u => u.Id is not null).DistinctBy(u => u.Id).ToList();
        var known = await KnownAsync(users, ct);
        var scoped = Options.GroupIds.Length > 0;
        var entries = new List<DirectoryEntry>();
        foreach (var user in users)
        {
            var entry = known.GetValueOrDefault(user.Id!);
            if (GraphUserMapping.IsRemoved(user) || !GraphUserMapping.IsMember(user))
            {
                if (entry is not null)
                {
                    entries.Add(entry with { Person = entry.Person with { Removed = true }, ProfilePending = false });
                }
                continue;
            }
            // users/delta is tenant-wide; with group scoping, newcomers arrive with the next full listing.
            if (entry is null && scoped)
            {
                continue;
            }
            var person = GraphUserMapping.Merge(entry?.Person, user);
            entries.Add(new DirectoryEntry(person, ProfilePending: person.AccountEnabled, SeenInRun: entry?.SeenInRun ?? state.Run));
        }
        var next = page?.OdataNextLink is { } nextLink
            ? state with { NextLink = nextLink }
            : page?.OdataDeltaLink is { } deltaLink
                ? state with { NextLink = null, DeltaLink = deltaLink }
                : throw new GraphSyncException("A users/delta page had neither @odata.nextLink nor @odata.deltaLink.");
        await store.ApplyAsync(entries, next, ct);
        Log.DeltaApplied(logger, entries.Count);
        return (next, next.NextLink is null);
    }

    private async Task<Dictionary<string, DirectoryEntry>> KnownAsync(List<User> users, CancellationToken ct)
    {
        var found = await store.FindManyAsync([.. users.Select(u => u.Id!)], ct);
        return found.ToDictionary(e => e.Person.Id, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Fetches profile + mailbox settings of pending users, one JSON batch at a time, each batch applied on its own.</summary>
    private async Task FetchPendingProfilesAsync(DirectorySyncState state, CancellationToken ct)
    {
        while (await store.ListProfilePendingAsync(Options.UsersPerBatch, ct) is { Count: > 0 } ids)
        {
            var fetched = await new ProfileBatch(graph, Options.MaxRetries, time, logger).FetchAsync(ids, ct);
            var entries = await store.FindManyAsync(ids, ct);
            var updated = entries
                .Select(e => e with
                {
                    Person = GraphUserMapping.WithProfile(e.Person, fetched.Profiles.GetValueOrDefault(e.Person.Id), fetched.Mailboxes.GetValueOrDefault(e.Person.Id)),
                    ProfilePending = false,
                })
                .ToList();
            await store.ApplyAsync(updated, state, ct);
        }
    }

    private string BaseUrl => Options.BaseUrl.ToString().TrimEnd('/');
}

/// <summary>Graph answered something the sync cannot go on from; the checkpoint stays where it was.</summary>
internal sealed class GraphSyncException(string message) : Exception(message);
