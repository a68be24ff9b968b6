using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ExpertBot.Features.Packaging;

/// <summary>
/// Fills <c>{{Key}}</c> placeholders in manifest.json. It works on the parsed JSON, string value by string
/// value, so a value can never break the document's syntax, and it refuses placeholders it has no value for:
/// a package with a literal "{{TeamsApp:Id}}" installs nowhere.
/// </summary>
internal static partial class ManifestTemplate
{
    // Relaxed escaping: the manifest is a file read by Teams, not HTML, and "it's" reads better than "it\u0027s".
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static (string? Json, IReadOnlyList<string> Errors) Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(template);
        }
        catch (JsonException e)
        {
            return (null, [$"manifest.json is not valid JSON: {e.Message}"]);
        }
        if (root is not JsonObject)
        {
            return (null, ["manifest.json must be a JSON object."]);
        }

        var unknown = new SortedSet<string>(StringComparer.Ordinal);
        Visit(root, values, unknown);
        if (unknown.Count > 0)
        {
            return (null, [.. unknown.Select(key => $"manifest.json uses {{{{{key}}}}}, which the package command has no value for (known: {string.Join(", ", values.Keys)}).")]);
        }
        var json = root.ToJsonString(Indented);
        // A malformed placeholder ("{{ Teams App }}") is no placeholder to the pattern, yet still not a value.
        return json.Contains("{{", StringComparison.Ordinal)
            ? (null, ["manifest.json still contains '{{' after filling: a placeholder is misspelt."])
            : (json, []);
    }

    /// <summary>The placeholder names used anywhere in a text (tests and checks use it).</summary>
    public static IReadOnlyCollection<string> PlaceholdersIn(string text) =>
        Placeholder().Matches(text).Select(m => m.Groups["key"].Value).ToHashSet(StringComparer.Ordinal);

    private static void Visit(JsonNode node, IReadOnlyDictionary<string, string> values, ISet<string> unknown)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (child is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        obj[key] = Replace(text, values, unknown);
                    }
                    else if (child is not null)
                    {
                        Visit(child, values, unknown);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        array[i] = Replace(text, values, unknown);
                    }
                    else if (array[i] is { } child)
                    {
                        Visit(child, values, unknown);
                    }
                }
                break;
        }
    }

    private static string Replace(string text, IReadOnlyDictionary<string, string> values, ISet<string> unknown) =>
        Placeholder().Replace(text, match =>
        {
            var key = match.Groups["key"].Value;
            if (values.TryGetValue(key, out var value))
            {
                return value;
            }
            unknown.Add(key);
            return match.Value;
        });

    [GeneratedRegex(@"\{\{\s*(?<key>[A-Za-z0-9_.:]+)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
