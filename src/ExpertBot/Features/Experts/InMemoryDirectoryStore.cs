namespace ExpertBot.Features.Experts;

/// <summary>The store for the JSON directory and for tests; Graph in production keeps it in the database.</summary>
internal sealed class InMemoryDirectoryStore : IDirectoryStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DirectoryEntry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ExpertPreferences> _preferences = new(StringComparer.OrdinalIgnoreCase);
    private DirectorySyncState _state = DirectorySyncState.Initial;

    public ValueTask<DirectoryEntry?> FindAsync(string id, CancellationToken ct)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_entries.GetValueOrDefault(id));
        }
    }

    public ValueTask<IReadOnlyList<DirectoryEntry>> FindManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        lock (_gate)
        {
            IReadOnlyList<DirectoryEntry> found = [.. ids.Select(_entries.GetValueOrDefault).OfType<DirectoryEntry>()];
            return ValueTask.FromResult(found);
        }
    }

    public ValueTask<IReadOnlyList<DirectoryPerson>> ListRoutableAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            IReadOnlyList<DirectoryPerson> people = [.. _entries.Values.Select(e => e.Person).Where(p => p.IsRoutable).OrderBy(p => p.Id, StringComparer.Ordinal)];
            return ValueTask.FromResult(people);
        }
    }

    public ValueTask<IReadOnlyList<string>> ListProfilePendingAsync(int max, CancellationToken ct)
    {
        lock (_gate)
        {
            IReadOnlyList<string> ids = [.. _entries.Values.Where(e => e.ProfilePending).Select(e => e.Person.Id).Order(StringComparer.Ordinal).Take(max)];
            return ValueTask.FromResult(ids);
        }
    }

    public ValueTask<DirectorySyncState> GetSyncStateAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_state);
        }
    }

    public ValueTask ApplyAsync(IReadOnlyList<DirectoryEntry> entries, DirectorySyncState state, CancellationToken ct)
    {
        lock (_gate)
        {
            foreach (var entry in entries)
            {
                _entries[entry.Person.Id] = entry;
            }
            _state = state;
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveUnseenAsync(long run, DirectorySyncState state, CancellationToken ct)
    {
        lock (_gate)
        {
            foreach (var entry in _entries.Values.Where(e => e.SeenInRun < run && !e.Person.Removed).ToList())
            {
                _entries[entry.Person.Id] = entry with { Person = entry.Person with { Removed = true }, ProfilePending = false };
            }
            _state = state;
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask<ExpertPreferences?> GetPreferencesAsync(string personId, CancellationToken ct)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_preferences.GetValueOrDefault(personId));
        }
    }

    public ValueTask<IReadOnlyDictionary<string, ExpertPreferences>> GetPreferencesAsync(IReadOnlyCollection<string> personIds, CancellationToken ct)
    {
        lock (_gate)
        {
            var found = new Dictionary<string, ExpertPreferences>(StringComparer.OrdinalIgnoreCase);
            foreach (var id in personIds)
            {
                if (_preferences.TryGetValue(id, out var preferences))
                {
                    found[id] = preferences;
                }
            }
            return ValueTask.FromResult<IReadOnlyDictionary<string, ExpertPreferences>>(found);
        }
    }

    public ValueTask SavePreferencesAsync(ExpertPreferences preferences, CancellationToken ct)
    {
        lock (_gate)
        {
            _preferences[preferences.PersonId] = preferences;
        }
        return ValueTask.CompletedTask;
    }
}
