using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace ExpertBot.Features.Experts;

/// <summary>
/// Time zones by id, remembered per id. Ranking looks up every shortlisted expert's zone on every question, and the
/// runtime's own lookup takes a process-wide lock each time (about 1% of a question turn's CPU under load).
/// </summary>
internal static class TimeZones
{
    // Ids come from the directory (a bounded set of IANA/Windows names); unknown ones are remembered as null too.
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> Known = new(StringComparer.Ordinal);

    public static bool TryFind(string id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = Known.GetOrAdd(id, static id => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) ? found : null);
        return zone is not null;
    }
}
