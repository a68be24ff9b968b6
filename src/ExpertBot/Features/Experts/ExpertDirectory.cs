using ExpertBot.Protocol.Activities;

namespace ExpertBot.Features.Experts;

/// <summary>
/// What the rest of ExpertBot asks of the directory: who can be routed to, who is this Teams
/// user, and who is available. Same answers whether the people came from Graph or a file.
/// </summary>
internal sealed class ExpertDirectory(IDirectoryStore store, PresenceCache presence)
{
    /// <summary>Everyone who may be invited: enabled and still in the directory (removed or disabled people are not).</summary>
    public Task<IReadOnlyList<DirectoryPerson>> GetCandidatesAsync(CancellationToken ct) => store.ListRoutableAsync(ct).AsTask();

    /// <summary>A person by Entra object id, routable or not (history still names people who left).</summary>
    public async Task<DirectoryPerson?> FindAsync(string aadObjectId, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(aadObjectId) ? null : (await store.FindAsync(aadObjectId, ct))?.Person;

    /// <summary>
    /// The person behind an activity's <c>from</c>: Teams sends <c>aadObjectId</c>. A client that
    /// does not (a bare Playground user) is looked up by its channel id, which only matches a
    /// directory file whose ids are those channel ids.
    /// </summary>
    public async Task<DirectoryPerson?> FindByAccountAsync(ChannelAccount? from, CancellationToken ct)
    {
        if (from is null)
        {
            return null;
        }
        if (!string.IsNullOrWhiteSpace(from.AadObjectId))
        {
            return await FindAsync(from.AadObjectId, ct);
        }
        return string.IsNullOrWhiteSpace(from.Id) ? null : await FindAsync(from.Id, ct);
    }

    /// <summary>Current presence of the given people (cached briefly); people with none known are left out.</summary>
    public Task<IReadOnlyDictionary<string, PresenceInfo>> GetPresenceAsync(IEnumerable<string> ids, CancellationToken ct) =>
        presence.GetAsync(ids, ct);

    /// <summary>
    /// The routable people a name or email typed into a card can mean: an exact (case-insensitive) match on email or
    /// sign-in name wins; otherwise everyone whose display name matches exactly. The caller decides what to do with
    /// none or several.
    /// </summary>
    public async Task<IReadOnlyList<DirectoryPerson>> FindByNameOrEmailAsync(string text, CancellationToken ct)
    {
        var wanted = text.Trim().TrimStart('@');
        if (wanted.Length == 0)
        {
            return [];
        }
        var people = await GetCandidatesAsync(ct);
        var byAddress = people.Where(p => Same(p.Mail, wanted) || Same(p.UserPrincipalName, wanted)).ToArray();
        return byAddress.Length > 0 ? byAddress : people.Where(p => Same(p.DisplayName, wanted)).ToArray();
    }

    private static bool Same(string? a, string b) => a is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>The expert's own routing settings (topics, quiet hours, daily budget, pause); defaults when never set.</summary>
    public async Task<ExpertPreferences> GetPreferencesAsync(string personId, CancellationToken ct) =>
        await store.GetPreferencesAsync(personId, ct) ?? new ExpertPreferences(personId);

    /// <summary>The routing settings of each of <paramref name="personIds"/> (defaults for who never set any), in one read.</summary>
    public async Task<IReadOnlyDictionary<string, ExpertPreferences>> GetPreferencesAsync(IReadOnlyCollection<string> personIds, CancellationToken ct)
    {
        var stored = await store.GetPreferencesAsync(personIds, ct);
        var all = new Dictionary<string, ExpertPreferences>(personIds.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var id in personIds)
        {
            all[id] = stored.GetValueOrDefault(id) ?? new ExpertPreferences(id);
        }
        return all;
    }
}
