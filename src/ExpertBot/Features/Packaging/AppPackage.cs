using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace ExpertBot.Features.Packaging;

/// <summary>
/// Writes the Teams app package: manifest.json and the two icons it names, at the zip root and nothing else
/// (Teams rejects folders and ignores extra files at best).
/// </summary>
internal static class AppPackage
{
    // Fixed entry times make the same inputs give byte-identical zips, so a package can be compared
    // with the one deployed; the clock has nothing to say here.
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The icon files manifest.json names, or an error when they are missing or not at the root.</summary>
    private static readonly string[] IconKinds = ["color", "outline"];

    public static (IReadOnlyList<string> Icons, IReadOnlyList<string> Errors) IconsOf(string manifestJson, string manifestDir)
    {
        var icons = JsonNode.Parse(manifestJson)?["icons"];
        var names = IconKinds.Select(kind => (kind, name: icons?[kind]?.GetValue<string>())).ToList();
        var errors = new List<string>();
        foreach (var (kind, name) in names)
        {
            if (string.IsNullOrEmpty(name) || name != Path.GetFileName(name))
            {
                errors.Add($"manifest.json icons.{kind} must name a file at the package root, not '{name}'.");
            }
            else if (!File.Exists(Path.Combine(manifestDir, name)))
            {
                errors.Add($"icons.{kind} '{name}' is not in {manifestDir}.");
            }
        }
        return (names.Select(n => n.name ?? "").ToList(), errors);
    }

    /// <summary>Writes beside the target and moves into place, so a failure never leaves a half-written zip.</summary>
    public static void Write(string zipPath, string manifestJson, string manifestDir, IReadOnlyList<string> icons)
    {
        var full = Path.GetFullPath(zipPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var partial = full + ".partial";
        try
        {
            using (var zip = ZipFile.Open(partial, ZipArchiveMode.Create))
            {
                Add(zip, "manifest.json", Encoding.UTF8.GetBytes(manifestJson));
                foreach (var icon in icons.Distinct(StringComparer.Ordinal))
                {
                    Add(zip, icon, File.ReadAllBytes(Path.Combine(manifestDir, icon)));
                }
            }
            File.Move(partial, full, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        stream.Write(content);
    }
}
