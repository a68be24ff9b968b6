using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExpertBot.Features.Experts;

/// <summary>
/// Reads the JSON directory (the demo company, or a file of your own): the same fields Graph
/// gives, one object per person. A bad file is refused as a whole with every problem listed,
/// so a typo never leaves half a directory.
/// </summary>
internal static class JsonDirectory
{
    /// <summary>The demo company, copied next to the app.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "demo-directory.json");

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static IReadOnlyList<DirectoryPerson> Load(string path, TimeProvider time)
    {
        if (!File.Exists(path))
        {
            throw new DirectoryFileException($"Directory file '{path}' does not exist (Directory:JsonPath).");
        }
        using var stream = File.OpenRead(path);
        return Parse(stream, path, time);
    }

    public static IReadOnlyList<DirectoryPerson> Parse(Stream json, string source, TimeProvider time)
    {
        DirectoryFile? file;
        try
        {
            file = JsonSerializer.Deserialize<DirectoryFile>(json, Options);
        }
        catch (JsonException e)
        {
            throw new DirectoryFileException($"Directory file '{source}' is not valid: {e.Message}", e);
        }
        if (file?.People is not { Count: > 0 } rows)
        {
            throw new DirectoryFileException($"Directory file '{source}' has no \"people\".");
        }
        var problems = new List<string>();
        var people = new List<DirectoryPerson>(rows.Count);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var now = time.GetUtcNow();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var where = $"people[{i}]{(string.IsNullOrWhiteSpace(row.DisplayName) ? "" : $" ({row.DisplayName})")}";
            var before = problems.Count;
            // Ids are Entra object ids (what Teams sends as from.aadObjectId), so a demo file works unchanged against Graph ids.
            if (!Guid.TryParse(row.Id, out _))
            {
                problems.Add($"{where}: \"id\" must be an Entra object id (a GUID), got '{row.Id}'.");
            }
            else if (!seen.Add(row.Id!))
            {
                problems.Add($"{where}: duplicate id '{row.Id}'.");
            }
            if (string.IsNullOrWhiteSpace(row.DisplayName))
            {
                problems.Add($"{where}: \"displayName\" is required.");
            }
            if (row.TimeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(row.TimeZone, out _))
            {
                problems.Add($"{where}: unknown time zone '{row.TimeZone}'.");
            }
            var hours = ParseHours(row.WorkingHours, row.TimeZone, where, problems);
            if (problems.Count > before)
            {
                continue;
            }
            people.Add(new DirectoryPerson
            {
                Id = row.Id!,
                DisplayName = row.DisplayName!.Trim(),
                Mail = row.Mail,
                UserPrincipalName = row.UserPrincipalName,
                JobTitle = row.JobTitle,
                Department = row.Department,
                OfficeLocation = row.OfficeLocation,
                PreferredLanguage = row.PreferredLanguage,
                TimeZone = row.TimeZone,
                WorkingHours = hours,
                AboutMe = row.AboutMe,
                Skills = Clean(row.Skills),
                Interests = Clean(row.Interests),
                PastProjects = Clean(row.PastProjects),
                Responsibilities = Clean(row.Responsibilities),
                Schools = Clean(row.Schools),
                AccountEnabled = row.AccountEnabled ?? true,
                // A file has no live presence: what it says stands for "as of loading".
                Presence = row.Presence is null ? null : new PresenceInfo(row.Presence, row.Presence, now),
            });
        }
        if (problems.Count > 0)
        {
            throw new DirectoryFileException($"Directory file '{source}' has {problems.Count} problem(s):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
        }
        return people;
    }

    private static WorkingHours? ParseHours(HoursRow? row, string? timeZone, string where, List<string> problems)
    {
        if (row is null)
        {
            return null;
        }
        if (!TimeOnly.TryParse(row.Start, out var start) || !TimeOnly.TryParse(row.End, out var end))
        {
            problems.Add($"{where}: workingHours needs \"start\" and \"end\" as HH:mm.");
            return null;
        }
        if (end <= start)
        {
            problems.Add($"{where}: workingHours end {row.End} is not after start {row.Start}.");
            return null;
        }
        if (row.Days is not { Count: > 0 })
        {
            problems.Add($"{where}: workingHours needs \"days\".");
            return null;
        }
        return new WorkingHours(row.Days, start, end, timeZone);
    }

    private static IReadOnlyList<string> Clean(List<string>? values) =>
        values is null ? [] : [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];

    private sealed record DirectoryFile(string? Company, List<PersonRow>? People);

    private sealed record PersonRow(
        string? Id, string? DisplayName, string? Mail, string? UserPrincipalName, string? JobTitle, string? Department,
        string? OfficeLocation, string? PreferredLanguage, string? TimeZone, HoursRow? WorkingHours, string? AboutMe,
        List<string>? Skills, List<string>? Interests, List<string>? PastProjects, List<string>? Responsibilities,
        List<string>? Schools, bool? AccountEnabled, string? Presence);

    private sealed record HoursRow(List<DayOfWeek>? Days, string? Start, string? End);
}

/// <summary>The directory file cannot be used; the message says where and why.</summary>
internal sealed class DirectoryFileException : Exception
{
    public DirectoryFileException(string message) : base(message)
    {
    }

    public DirectoryFileException(string message, Exception inner) : base(message, inner)
    {
    }
}
