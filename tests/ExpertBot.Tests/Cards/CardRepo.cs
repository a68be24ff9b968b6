using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ExpertBot.Tests.Cards;

/// <summary>Paths of the checkout (cards, cases, node scripts) and a runner for the node tools.</summary>
internal static class CardRepo
{
    public static string Root { get; } = FindRoot();

    public static string Cards => Path.Combine(Root, "cards");

    public static string Cases => Path.Combine(Root, "tests", "ExpertBot.Tests", "Cards", "cases");

    public static string Snapshots => Path.Combine(Root, "tests", "ExpertBot.Tests", "Cards", "snapshots");

    public static string NodeScripts => Path.Combine(Root, "tests", "e2e", "cards");

    public static IEnumerable<string> CardNames() =>
        Directory.EnumerateFiles(Cards, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal);

    public static IEnumerable<string> CaseNames() =>
        Directory.EnumerateFiles(Cases, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal);

    public static string TemplatePath(string card) => Path.Combine(Cards, card + ".json");

    public static string SamplePath(string card) => Path.Combine(Cards, "samples", card + ".data.json");

    public static JsonNode Read(string path) => JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidDataException(path);

    /// <summary>Runs a node script of tests/e2e/cards with a JSON input file; returns its stdout (JSON).</summary>
    public static JsonNode RunNode(string script, JsonNode input, params string[] extraArgs)
    {
        var inputFile = Path.Combine(Path.GetTempPath(), $"expertbot-cards-{Guid.NewGuid():N}.json");
        File.WriteAllText(inputFile, input.ToJsonString());
        try
        {
            var start = new ProcessStartInfo("node")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(NodeScripts, script));
            if (script == "expand.js")
            {
                start.ArgumentList.Add(inputFile);
            }
            foreach (var arg in extraArgs)
            {
                start.ArgumentList.Add(arg == "{input}" ? inputFile : arg);
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
            // Both streams are read in the background and every wait is bounded: a hung browser or a grandchild
            // holding the pipe must fail the test, never hang the run.
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var limit = TimeSpan.FromMinutes(3);
            if (!process.WaitForExit(limit) || !Task.WaitAll([stdout, stderr], limit))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{script} did not finish in {limit}");
            }
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{script} failed ({process.ExitCode}): {stderr.Result}");
            }
            return JsonNode.Parse(stdout.Result) ?? throw new InvalidDataException($"{script} printed nothing");
        }
        finally
        {
            File.Delete(inputFile);
        }
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ExpertBot.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("ExpertBot.sln not found above the test binaries");
    }
}

/// <summary>Structural JSON equality (numbers by value), with the path of the first difference.</summary>
internal static class JsonCompare
{
    public static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (JsonObject e, JsonObject a):
                foreach (var (key, value) in e)
                {
                    if (!a.ContainsKey(key))
                    {
                        return $"{path}.{key}: missing (expected {value?.ToJsonString() ?? "null"})";
                    }
                    if (FirstDifference(value, a[key], $"{path}.{key}") is { } d)
                    {
                        return d;
                    }
                }
                var extra = a.Select(p => p.Key).FirstOrDefault(k => !e.ContainsKey(k));
                return extra is null ? null : $"{path}.{extra}: unexpected {a[extra]?.ToJsonString() ?? "null"}";
            case (JsonArray e, JsonArray a):
                for (var i = 0; i < Math.Min(e.Count, a.Count); i++)
                {
                    if (FirstDifference(e[i], a[i], $"{path}[{i}]") is { } d)
                    {
                        return d;
                    }
                }
                return e.Count == a.Count ? null : $"{path}: {a.Count} items, expected {e.Count}";
            case (JsonValue e, JsonValue a)
                when e.GetValueKind() == System.Text.Json.JsonValueKind.Number && a.GetValueKind() == System.Text.Json.JsonValueKind.Number:
                return e.GetValue<double>() == a.GetValue<double>() ? null : $"{path}: {a.ToJsonString()}, expected {e.ToJsonString()}";
            default:
                var (es, @as) = (expected?.ToJsonString() ?? "null", actual?.ToJsonString() ?? "null");
                return es == @as ? null : $"{path}: {@as}, expected {es}";
        }
    }
}
