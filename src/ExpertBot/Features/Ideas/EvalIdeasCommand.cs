using System.Globalization;
using System.Text.Json;
using ExpertBot.Features.Knowledge.Search;
using ExpertBot.Hosting;

namespace ExpertBot.Features.Ideas;

/// <summary>
/// <c>eval-ideas --data DIR</c>: the duplicate check measured on real duplicates. shared/data/kb-search holds earlier
/// reports (DIR/articles.jsonl) and later ones that duplicate them (DIR/queries.jsonl); every earlier report becomes an
/// idea, and every later one is checked against them with the product's own function (<see cref="IdeaIndex.Rank"/>) and
/// search settings. Prints Recall@5 over the whole ranking, and Recall@N of what an agent is shown (at most
/// Ideas:SimilarShown ideas at or above Ideas:SimilarMinConfidence), overall and by word overlap.
/// </summary>
internal static class EvalIdeasCommand
{
    private const string Usage = """
        usage: eval-ideas --data <dir with articles.jsonl, queries.jsonl> [--cache <dir>] [--shown N] [--min-confidence X]
                          [--Knowledge:Search:<setting>=<value> ...]
          Relative paths are read from the directory the command was started in.
          --cache           vector cache folder (default data/embeddings)
          --shown           similar ideas shown to the agent (default 3, as Ideas:SimilarShown)
          --min-confidence  confidence an idea needs to be shown (default 0.2, as Ideas:SimilarMinConfidence)
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static int Run(string[] args) => RunAsync(args, Console.Out, Console.Error).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (CommandLine.WantsHelp(args))
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }
        var data = CommandLine.Path(args, "--data");
        var defaults = new IdeaOptions();
        if (data is null || !CommandLine.TryInt(args, "--shown", defaults.SimilarShown, out var shown) || shown is < 1 or > 10
            || !TryDouble(args, "--min-confidence", defaults.SimilarMinConfidence, out var minConfidence))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }
        foreach (var file in (string[])["articles.jsonl", "queries.jsonl"])
        {
            if (!File.Exists(Path.Combine(data, file)))
            {
                await error.WriteLineAsync($"eval-ideas: {Path.Combine(data, file)} is missing");
                return 2;
            }
        }
        if (!SearchCommandLine.TryOptions(args, out var options, out var invalid))
        {
            await error.WriteLineAsync($"eval-ideas: {invalid}");
            return 2;
        }
        var cacheFolder = CommandLine.Path(args, "--cache") ?? CommandLine.Resolve(options.CacheFolder);
        using var generator = new LocalEmbeddingGenerator(options.Model);
        var model = generator.Describe();
        using var cache = new EmbeddingCache(cacheFolder, model.Id, model.Dimensions);
        using var index = new HybridIndex(options, model, cache);

        // Idea ids are numbers: the n-th earlier report is idea n.
        var articles = Read<Row>(Path.Combine(data, "articles.jsonl")).ToList();
        var idOf = articles.Select((a, i) => (a.Id, Idea: (long)(i + 1))).ToDictionary(p => p.Id, p => p.Idea, StringComparer.Ordinal);
        await index.UpsertManyAsync([.. articles.Select((a, i) => IdeaIndex.Document(i + 1, a.Title ?? "", a.Body, a.Product))], CancellationToken.None);

        var queries = Read<Row>(Path.Combine(data, "queries.jsonl")).Where(q => q.Relevant is { Count: > 0 }).ToList();
        var texts = queries.Select(q => $"{q.Title}\n{q.Body}").ToList();
        var vectors = await EvalSearchCommand.QueryVectorsAsync(index, cache, texts);
        var results = new List<(string Overlap, double Recall5, double RecallShown)>();
        for (var i = 0; i < queries.Count; i++)
        {
            var relevant = queries[i].Relevant!.Where(idOf.ContainsKey).Select(r => idOf[r]).ToHashSet();
            var ranking = IdeaIndex.Rank(index, texts[i], vectors[i], 5, 0, null);
            var offered = IdeaIndex.Rank(index, texts[i], vectors[i], shown, minConfidence, null);
            results.Add((queries[i].Overlap ?? "", ranking.Count(r => relevant.Contains(r.Id)) / (double)relevant.Count,
                offered.Count(r => relevant.Contains(r.Id)) / (double)relevant.Count));
        }
        var c = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(c,
            $"eval-ideas: {articles.Count} ideas, {queries.Count} new reports that duplicate one; model {model.Id}, fusion {options.Fusion}; shown {shown} at confidence >= {minConfidence}"));
        var line = string.Create(c, $"Recall@5 {results.Average(r => r.Recall5):F3}, Recall@{shown} shown {results.Average(r => r.RecallShown):F3}");
        foreach (var group in results.GroupBy(r => r.Overlap).Where(g => g.Key.Length > 0).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            line += string.Create(c, $"; {group.Key}: R@5 {group.Average(r => r.Recall5):F3}, shown {group.Average(r => r.RecallShown):F3}");
        }
        await output.WriteLineAsync(line);
        return 0;
    }

    private static bool TryDouble(string[] args, string name, double fallback, out double value)
    {
        value = fallback;
        return CommandLine.Value(args, name) is not { } text
            || (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value is >= 0 and <= 1);
    }

    private static IEnumerable<T> Read<T>(string path) =>
        File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => JsonSerializer.Deserialize<T>(l, Json) ?? throw new InvalidDataException($"{path}: empty line object"));

    private sealed record Row(string Id, string? Title, string? Body, string? Product, List<string>? Relevant, string? Overlap);
}
