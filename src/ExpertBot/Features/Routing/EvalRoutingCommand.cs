using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExpertBot.Features.Routing;

/// <summary>
/// <c>eval-routing --data DIR --out RUN.jsonl</c>: imports history.jsonl and profiles.jsonl through the
/// product's own index, ranks the whole pool for every query in queries.jsonl, and writes one line per query
/// in the format of shared/data/expert-routing/score.py. Post id order stands in for time.
/// </summary>
internal static class EvalRoutingCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static int Run(string[] args)
    {
        var data = Option(args, "--data");
        var output = Option(args, "--out");
        if (data is null || output is null)
        {
            Console.Error.WriteLine("usage: eval-routing --data <dir with history.jsonl, profiles.jsonl, queries.jsonl> --out <run.jsonl>");
            return 2;
        }

        var index = new RoutingIndex();
        // Post ids grow with time: they are the order the index learns in and its notion of recency.
        var history = Read<HistoryRow>(Path.Combine(data, "history.jsonl"))
            .Select(row => new PastQuestion(row.Qid, long.Parse(row.Qid, System.Globalization.CultureInfo.InvariantCulture), row.Title ?? "", row.Body ?? "",
                row.Tags ?? [], row.AnswererIds ?? [], row.AcceptedAnswererId))
            .OrderBy(q => q.Order);
        foreach (var question in history)
        {
            index.Add(question);
        }
        var pool = Read<ProfileRow>(Path.Combine(data, "profiles.jsonl")).Select(p => p.UserId).ToList();
        var ranker = new ExpertRanker(index);

        using var writer = new StreamWriter(output);
        var count = 0;
        foreach (var query in Read<QueryRow>(Path.Combine(data, "queries.jsonl")))
        {
            var ranking = ranker.Rank(new RoutingQuery(query.Title ?? "", query.Body ?? "", query.Tags ?? [], query.AskerId), pool);
            writer.WriteLine(JsonSerializer.Serialize(new RunLine(query.Qid, ranking.Select(r => r.ExpertId).ToList()), Json));
            count++;
        }
        Console.WriteLine($"ranked {count} queries over {pool.Count} experts from {index.QuestionCount} past questions -> {output}");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static IEnumerable<T> Read<T>(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return JsonSerializer.Deserialize<T>(line, Json) ?? throw new InvalidDataException($"{path}: empty line object");
            }
        }
    }

    private sealed record HistoryRow(string Qid, string? Title, string? Body, List<string>? Tags, List<string>? AnswererIds, string? AcceptedAnswererId);

    private sealed record ProfileRow(string UserId);

    private sealed record QueryRow(string Qid, string? Title, string? Body, List<string>? Tags, string? AskerId);

    private sealed record RunLine(string Qid, List<string> Ranking);
}
