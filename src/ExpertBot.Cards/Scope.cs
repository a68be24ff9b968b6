using System.Globalization;

namespace ExpertBot.Cards;

/// <summary>
/// What expressions can read: <c>$root</c>, the current <c>$data</c> (the root until a <c>$data</c> narrows it),
/// <c>$index</c> inside a repeated element. A name without a leading '$' is read from <c>$data</c>.
/// </summary>
internal sealed class Scope(object? root)
{
    private static readonly object? TemplateVersion = JsValue.FromJson(System.Text.Json.Nodes.JsonNode.Parse(
        """{"major":2,"minor":3,"patch":1,"suffix":""}"""));

    public object? Root { get; } = root;

    /// <summary>Undefined means "not narrowed": reads fall back to the root.</summary>
    public object? Data { get; set; } = Undefined.Value;

    public object? Index { get; set; } = Undefined.Value;

    private object? CurrentData => Data is Undefined ? Root : Data;

    /// <summary>The official engine's TemplateObjectMemory.getValue: a '$'-less path reads from $data.</summary>
    public object? GetValue(string path)
    {
        var fullPath = path.Length > 0 && path[0] != '$' ? "$data." + path : path;
        var parts = SplitPath(fullPath);
        if (parts.Count == 0)
        {
            return Undefined.Value;
        }
        var first = parts[0].ToLowerInvariant() switch
        {
            "$root" => Root,
            "$data" => CurrentData,
            "$index" => Index,
            "$_actemplateversion" => TemplateVersion,
            _ => Undefined.Value, // $host is never given; unknown $names are absent.
        };
        return Walk(first, parts, 1);
    }

    /// <summary>SimpleObjectMemory.getValue over an arbitrary value.</summary>
    public static object? GetPath(object? instance, string path)
    {
        if (instance is Undefined || path.Length == 0)
        {
            return Undefined.Value;
        }
        return Walk(instance, SplitPath(path), 0);
    }

    private static object? Walk(object? scope, List<string> parts, int from)
    {
        object? value = scope;
        for (var i = from; i < parts.Count; i++)
        {
            var part = parts[i];
            if (ParseIntPrefix(part) is { } index && scope is List<object?> list)
            {
                if (index < 0 || index >= list.Count)
                {
                    return Undefined.Value; // an index error: the official memory answers undefined
                }
                value = list[(int)index];
            }
            else
            {
                value = AccessProperty(scope, part);
            }
            scope = value;
        }
        return value;
    }

    /// <summary>A case-insensitive property read that is undefined (never an error) when absent.</summary>
    public static object? AccessProperty(object? instance, string property)
    {
        if (JsValue.IsFalsy(instance))
        {
            return Undefined.Value;
        }
        switch (instance)
        {
            case OrderedDictionary<string, object?> obj:
                // The first key equal ignoring case, in insertion order, as the official engine finds it.
                foreach (var (key, value) in obj)
                {
                    if (string.Equals(key, property, StringComparison.OrdinalIgnoreCase))
                    {
                        return value;
                    }
                }
                return Undefined.Value;
            case List<object?> list when IsCanonicalIndex(property, list.Count, out var i):
                return list[i];
            case string s when IsCanonicalIndex(property, s.Length, out var i):
                return s[i].ToString();
            default:
                return Undefined.Value;
        }
    }

    public static object? AccessIndex(object? instance, int index, out string? error)
    {
        error = null;
        if (JsValue.IsNullish(instance))
        {
            return Undefined.Value;
        }
        if (instance is List<object?> list)
        {
            if (index >= 0 && index < list.Count)
            {
                return list[index];
            }
            error = $"{index} is out of range for {JsValue.ToStringForJoin(instance)}";
            return Undefined.Value;
        }
        error = $"{JsValue.ToStringForJoin(instance)} is not a collection.";
        return Undefined.Value;
    }

    // Object.keys of arrays and strings are their indexes, written canonically ("0", "1", not "01").
    private static bool IsCanonicalIndex(string property, int count, out int index) =>
        int.TryParse(property, NumberStyles.None, CultureInfo.InvariantCulture, out index)
        && index < count && index.ToString(CultureInfo.InvariantCulture) == property;

    // Paths repeat on every bind (they come from the template); the cap keeps data-driven index paths from growing it.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, List<string>> SplitCache = new(StringComparer.Ordinal);

    private static List<string> SplitPath(string path)
    {
        if (SplitCache.TryGetValue(path, out var cached))
        {
            return cached;
        }
        var parts = Split(path);
        if (SplitCache.Count < 10_000)
        {
            SplitCache.TryAdd(path, parts);
        }
        return parts;
    }

    private static List<string> Split(string path)
    {
        var parts = new List<string>();
        foreach (var raw in path.Split(['.', '[', ']'], StringSplitOptions.RemoveEmptyEntries))
        {
            var part = raw;
            if (part.Length >= 2 && ((part[0] == '"' && part[^1] == '"') || (part[0] == '\'' && part[^1] == '\'')))
            {
                part = part[1..^1];
            }
            parts.Add(part);
        }
        return parts;
    }

    /// <summary>JavaScript's parseInt(part): optional whitespace and sign, then leading digits.</summary>
    internal static double? ParseIntPrefix(string text)
    {
        var i = 0;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
        var negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }
        if (i == start)
        {
            return null;
        }
        var value = double.Parse(text[start..i], CultureInfo.InvariantCulture);
        return negative ? -value : value;
    }
}
