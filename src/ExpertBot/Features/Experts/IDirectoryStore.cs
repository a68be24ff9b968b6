namespace ExpertBot.Features.Experts;

/// <summary>
/// Where the directory and the Graph sync checkpoint live. Every write takes the checkpoint
/// with it, so a page and the link that follows it are saved together or not at all: a sync
/// that stops anywhere resumes from the last saved link without losing or repeating anyone.
/// </summary>
internal interface IDirectoryStore
{
    ValueTask<DirectoryEntry?> FindAsync(string id, CancellationToken ct);

    ValueTask<IReadOnlyList<DirectoryEntry>> FindManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct);

    ValueTask<IReadOnlyList<DirectoryPerson>> ListRoutableAsync(CancellationToken ct);

    /// <summary>Ids whose per-user profile and mailbox settings still have to be fetched.</summary>
    ValueTask<IReadOnlyList<string>> ListProfilePendingAsync(int max, CancellationToken ct);

    ValueTask<DirectorySyncState> GetSyncStateAsync(CancellationToken ct);

    /// <summary>Upserts by id and saves <paramref name="state"/>, atomically.</summary>
    ValueTask ApplyAsync(IReadOnlyList<DirectoryEntry> entries, DirectorySyncState state, CancellationToken ct);

    /// <summary>The expert's own settings; never touched by a sync.</summary>
    ValueTask<ExpertPreferences?> GetPreferencesAsync(string personId, CancellationToken ct);

    /// <summary>The settings of those of <paramref name="personIds"/> who saved any, in one read (keys case-insensitive).</summary>
    ValueTask<IReadOnlyDictionary<string, ExpertPreferences>> GetPreferencesAsync(IReadOnlyCollection<string> personIds, CancellationToken ct);

    ValueTask SavePreferencesAsync(ExpertPreferences preferences, CancellationToken ct);

    /// <summary>Marks removed everyone not seen in full-sync run <paramref name="run"/> and saves <paramref name="state"/>, atomically.</summary>
    ValueTask RemoveUnseenAsync(long run, DirectorySyncState state, CancellationToken ct);
}

/// <summary>A stored person plus the sync's bookkeeping about them.</summary>
/// <param name="ProfilePending">Listed or changed, but the per-user fields are not fetched yet.</param>
/// <param name="SeenInRun">Last full-sync run that listed them; older ones are gone from Entra.</param>
internal sealed record DirectoryEntry(DirectoryPerson Person, bool ProfilePending, long SeenInRun);

internal enum SyncPhase
{
    /// <summary>Never synced, or the delta link expired: the next run starts a full listing.</summary>
    NeedsFullSync,
    /// <summary>Paging through the user (or group member) listing.</summary>
    Listing,
    /// <summary>Listing done; next: mark everyone not listed as removed.</summary>
    ListingDone,
    /// <summary>Kept current through users/delta.</summary>
    Delta,
}

/// <summary>The sync checkpoint.</summary>
/// <param name="Run">Full-sync run number, for <see cref="IDirectoryStore.RemoveUnseenAsync"/>.</param>
/// <param name="NextLink">The next page to read (<c>@odata.nextLink</c>) of the listing or of a delta round; null = first page.</param>
/// <param name="DeltaLink">Where the next delta round starts (<c>@odata.deltaLink</c>).</param>
/// <param name="GroupIndex">With group scoping: which configured group the listing is in.</param>
/// <param name="FullSyncCompletedAt">When the last full listing finished; profile fields are not in delta, so full listings recur.</param>
internal sealed record DirectorySyncState(
    SyncPhase Phase, long Run, string? NextLink, string? DeltaLink, int GroupIndex, DateTimeOffset? FullSyncCompletedAt)
{
    public static DirectorySyncState Initial { get; } = new(SyncPhase.NeedsFullSync, 0, null, null, 0, null);
}
