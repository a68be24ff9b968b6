using System.Text.Json;
using System.Text.Json.Serialization;
using ExpertBot.Hosting;

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

    private const string Usage = """
        usage: eval-routing --data <dir with history.jsonl, profiles.jsonl, queries.jsonl> --out <run.jsonl>
          Ranks every query's experts with the product's own ranker and writes the run for score.py.
          Relative paths are read from the directory the command was started in.
        """;

    public static int Run(string[] args)
    {
        if (CommandLine.WantsHelp(args))
        {
            Console.WriteLine(Usage);
            return 0;
        }
        var data = CommandLine.Path(args, "--data");
        var output = CommandLine.Path(args, "--out");
        if (data is null || output is null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        foreach (var file in (string[])["history.jsonl", "profiles.jsonl", "queries.jsonl"])
        {
            if (!File.Exists(Path.Combine(data, file)))
            {
                Console.Error.WriteLine($"eval-routing: {Path.Combine(data, file)} is missing");
                return 2;
            }
        }

        var index = new RoutingIndex();
        // Post ids grow with time: they are the order the index learns in and its clock (one id = one minute).
        foreach (var row in Read<HistoryRow>(Path.Combine(data, "history.jsonl")).OrderBy(r => PostTime(r.Qid)))
        {
            var answers = row.Answers is { Count: > 0 }
                ? row.Answers.Select(a => new PastAnswer(a.UserId, PostTime(a.AnswerId), a.Accepted)).ToList()
                : (row.AnswererIds ?? []).Select(id => new PastAnswer(id, PostTime(row.Qid), id == row.AcceptedAnswererId)).ToList();
            index.Add(new PastQuestion(row.Qid, PostTime(row.Qid), row.Title ?? "", row.Body ?? "", row.Tags ?? [], answers));
        }
        var pool = new List<string>();
        foreach (var profile in Read<ProfileRow>(Path.Combine(data, "profiles.jsonl")))
        {
            // The data's profiles are derived from the history itself (about_me is null): only the free text is a profile field.
            index.UpsertProfile(new ExpertProfile(profile.UserId, profile.UserId) { AboutMe = profile.AboutMe });
            pool.Add(profile.UserId);
        }
        var ranker = new ExpertRanker(index);
        var options = new RankingOptions { Pool = pool, Top = int.MaxValue, Explain = false };

        using var writer = new StreamWriter(output);
        var count = 0;
        foreach (var query in Read<QueryRow>(Path.Combine(data, "queries.jsonl")))
        {
            var ranking = ranker.Rank(new RoutingQuery(query.Title ?? "", query.Body ?? "", query.Tags ?? [], query.AskerId, PostTime(query.Qid)), options);
            writer.WriteLine(JsonSerializer.Serialize(new RunLine(query.Qid, ranking.Select(r => r.ExpertId).ToList()), Json));
            count++;
        }
        Console.WriteLine($"ranked {count} queries over {pool.Count} experts from {index.QuestionCount} past questions -> {Path.GetFullPath(output)}");
        return 0;
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

    private static DateTimeOffset PostTime(string postId) =>
        long.TryParse(postId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? DateTimeOffset.UnixEpoch.AddMinutes(id)
            : throw new InvalidDataException($"post id '{postId}' is not a number");

    private sealed record HistoryRow(string Qid, string? Title, string? Body, List<string>? Tags, List<string>? AnswererIds,
        string? AcceptedAnswererId, List<AnswerRow>? Answers);

    private sealed record AnswerRow(string AnswerId, string UserId, bool Accepted);

    private sealed record ProfileRow(string UserId, string? AboutMe);

    private sealed record QueryRow(string Qid, string? Title, string? Body, List<string>? Tags, string? AskerId);

    private sealed record RunLine(string Qid, List<string> Ranking);
}
