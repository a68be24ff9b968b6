using System.Text.Json;
using ExpertBot.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Experts;

/// <summary>
/// The directory in the database, shared by every instance. Each write and its checkpoint commit
/// in one transaction (SaveChanges), which is what makes an interrupted sync resumable.
/// </summary>
internal sealed class DatabaseDirectoryStore(ExpertBotDatabase database, TimeProvider time, IOptions<DirectoryOptions> options) : IDirectoryStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Routing reads the settings of a shortlist for every question; a busy topic has the same shortlist many times a
    // second. Kept for Directory:SettingsCacheTime; a save here forgets them at once (other instances' saves show later).
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (ExpertPreferences? Preferences, DateTimeOffset ReadAt)> _settings = new(StringComparer.OrdinalIgnoreCase);
    private long _saves;

    public async ValueTask<DirectoryEntry?> FindAsync(string id, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var key = id.ToLowerInvariant();
        var row = await db.Set<DirectoryPersonRow>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == key, ct);
        return row?.ToEntry();
    }

    public async ValueTask<IReadOnlyList<DirectoryEntry>> FindManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var keys = ids.Select(i => i.ToLowerInvariant()).Distinct().ToList();
        var rows = await db.Set<DirectoryPersonRow>().AsNoTracking().Where(r => keys.Contains(r.Id)).ToListAsync(ct);
        return [.. rows.Select(r => r.ToEntry())];
    }

    public async ValueTask<IReadOnlyList<DirectoryPerson>> ListRoutableAsync(CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var rows = await db.Set<DirectoryPersonRow>().AsNoTracking().Where(r => r.Routable).OrderBy(r => r.Id).ToListAsync(ct);
        return [.. rows.Select(r => r.ToEntry().Person)];
    }

    public async ValueTask<IReadOnlyList<string>> ListProfilePendingAsync(int max, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var rows = await db.Set<DirectoryPersonRow>().AsNoTracking().Where(r => r.ProfilePending).OrderBy(r => r.Id).Take(max).ToListAsync(ct);
        // The profile keeps the id as Graph spelled it, which is what Graph is asked with.
        return [.. rows.Select(r => r.ToEntry().Person.Id)];
    }

    public async ValueTask<DirectorySyncState> GetSyncStateAsync(CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var row = await db.Set<DirectorySyncRow>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == DirectorySyncRow.SingletonId, ct);
        return row?.ToState() ?? DirectorySyncState.Initial;
    }

    public async ValueTask ApplyAsync(IReadOnlyList<DirectoryEntry> entries, DirectorySyncState state, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var now = time.GetUtcNow();
        var byKey = entries.GroupBy(e => e.Person.Id.ToLowerInvariant()).ToDictionary(g => g.Key, g => g.Last());
        var keys = byKey.Keys.ToList();
        var existing = await db.Set<DirectoryPersonRow>().Where(r => keys.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        foreach (var (key, entry) in byKey)
        {
            if (existing.TryGetValue(key, out var row))
            {
                row.Set(entry, now);
            }
            else
            {
                var added = DirectoryPersonRow.From(entry, now);
                added.Id = key;
                db.Add(added);
            }
        }
        await SetStateAsync(db, state, ct);
        await db.SaveChangesAsync(ct);
    }

    public async ValueTask RemoveUnseenAsync(long run, DirectorySyncState state, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var now = time.GetUtcNow();
        var unseen = await db.Set<DirectoryPersonRow>().Where(r => r.SeenInRun < run).ToListAsync(ct);
        foreach (var row in unseen)
        {
            var entry = row.ToEntry();
            if (!entry.Person.Removed)
            {
                row.Set(entry with { Person = entry.Person with { Removed = true }, ProfilePending = false }, now);
            }
        }
        await SetStateAsync(db, state, ct);
        await db.SaveChangesAsync(ct);
    }

    public async ValueTask<ExpertPreferences?> GetPreferencesAsync(string personId, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var key = personId.ToLowerInvariant();
        var row = await db.Set<ExpertPreferencesRow>().AsNoTracking().SingleOrDefaultAsync(r => r.PersonId == key, ct);
        return row is null ? null : JsonSerializer.Deserialize<ExpertPreferences>(row.Preferences, Json);
    }

    public async ValueTask<IReadOnlyDictionary<string, ExpertPreferences>> GetPreferencesAsync(IReadOnlyCollection<string> personIds, CancellationToken ct)
    {
        var found = new Dictionary<string, ExpertPreferences>(StringComparer.OrdinalIgnoreCase);
        var now = time.GetUtcNow();
        var maxAge = options.Value.SettingsCacheTime;
        var keys = new List<string>();
        long saves;
        lock (_gate)
        {
            saves = _saves;
            foreach (var id in personIds)
            {
                if (_settings.TryGetValue(id, out var known) && now >= known.ReadAt && now - known.ReadAt < maxAge)
                {
                    if (known.Preferences is { } preferences)
                    {
                        found[id] = preferences;
                    }
                }
                else
                {
                    keys.Add(id.ToLowerInvariant());
                }
            }
        }
        if (keys.Count == 0)
        {
            return found;
        }
        await using var db = database.CreateContext();
        keys = [.. keys.Distinct()];
        var read = new Dictionary<string, ExpertPreferences>(StringComparer.OrdinalIgnoreCase);
        // One round trip for a whole shortlist (or directory): most people never saved any, so most keys find nothing.
        foreach (var row in await db.Set<ExpertPreferencesRow>().AsNoTracking().Where(r => keys.Contains(r.PersonId)).ToListAsync(ct))
        {
            read[row.PersonId] = JsonSerializer.Deserialize<ExpertPreferences>(row.Preferences, Json)!;
        }
        lock (_gate)
        {
            foreach (var key in keys)
            {
                var preferences = read.GetValueOrDefault(key);
                if (preferences is not null)
                {
                    found[key] = preferences;
                }
                // A save during the read may be newer than what it found: then nothing read is kept.
                if (_saves == saves && maxAge > TimeSpan.Zero)
                {
                    _settings[key] = (preferences, now);
                }
            }
        }
        return found;
    }

    public async ValueTask SavePreferencesAsync(ExpertPreferences preferences, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var key = preferences.PersonId.ToLowerInvariant();
        var json = JsonSerializer.Serialize(preferences, Json);
        var row = await db.Set<ExpertPreferencesRow>().SingleOrDefaultAsync(r => r.PersonId == key, ct);
        if (row is null)
        {
            db.Add(new ExpertPreferencesRow { PersonId = key, Preferences = json });
        }
        else
        {
            row.Preferences = json;
        }
        await db.SaveChangesAsync(ct);
        lock (_gate)
        {
            _saves++;
            _settings.Remove(key);
        }
    }

    private static async Task SetStateAsync(ExpertBotDb db, DirectorySyncState state, CancellationToken ct)
    {
        var row = await db.Set<DirectorySyncRow>().SingleOrDefaultAsync(r => r.Id == DirectorySyncRow.SingletonId, ct);
        if (row is null)
        {
            row = new DirectorySyncRow();
            db.Add(row);
        }
        row.Set(state);
    }
}
