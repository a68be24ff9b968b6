using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

using ExpertBot.Hosting;

namespace ExpertBot.Features.Knowledge.Search;

/// <summary>
/// <c>eval-search --data DIR --out RUN.jsonl</c>: indexes DIR/articles.jsonl with the product's own hybrid search and
/// configuration, searches every report of DIR/queries.jsonl (title and body, as an agent would paste them) over the
/// whole pool and writes the rankings in the format of shared/data/kb-search/score.py. Vectors are cached (--cache,
/// default data/embeddings), so a second run embeds nothing. Settings can be overridden as for the app, e.g.
/// <c>--Knowledge:Search:Model=ArcticXs</c>.
/// </summary>
internal static class EvalSearchCommand
{
    private const string Usage = """
        usage: eval-search --data <dir with articles.jsonl, queries.jsonl> --out <run.jsonl> [--cache <dir>] [--top N]
                           [--filter-product] [--explain <top1.tsv>] [--Knowledge:Search:<setting>=<value> ...]
          Relative paths are read from the directory the command was started in.
          --cache           vector cache folder (default data/embeddings)
          --top             ranking length per query (default 100)
          --filter-product  search only the query's own product (the default searches everything)
          --explain         also write, per query, the top hit's confidence, coverage and cosine, whether it is
                            right, the same for the best wrong hit (what the bot would see with no answer), and the
                            cosine of the tenth nearest report (the crowd the confidence reads cosines against)
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static int Run(string[] args) => RunAsync(args, Console.Out, Console.Error).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }
        var data = CommandLine.Path(args, "--data");
        var outPath = CommandLine.Path(args, "--out");
        if (data is null || outPath is null || !CommandLine.TryInt(args, "--top", 100, out var top) || top < 1)
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }
        foreach (var file in (string[])["articles.jsonl", "queries.jsonl"])
        {
            if (!File.Exists(Path.Combine(data, file)))
            {
                await error.WriteLineAsync($"eval-search: {Path.Combine(data, file)} is missing");
                return 2;
            }
        }
        if (!SearchCommandLine.TryOptions(args, out var options, out var invalid))
        {
            await error.WriteLineAsync($"eval-search: {invalid}");
            return 2;
        }
        var cacheFolder = CommandLine.Path(args, "--cache") ?? CommandLine.Resolve(options.CacheFolder);
        var filterProduct = args.Contains("--filter-product");
        var explainPath = CommandLine.Path(args, "--explain");
        await using var explain = explainPath is null ? null : new StreamWriter(explainPath);
        if (explain is not null)
        {
            await explain.WriteLineAsync("id\toverlap\tright\tconfidence\tcoverage\tcosine\twrong_confidence\twrong_coverage\twrong_cosine\tcrowd");
        }

        using var generator = new LocalEmbeddingGenerator(options.Model);
        var model = generator.Describe();
        using var cache = new EmbeddingCache(cacheFolder, model.Id, model.Dimensions);
        using var index = new HybridIndex(options, model, cache);

        var clock = Stopwatch.StartNew();
        var articles = Read<ArticleRow>(Path.Combine(data, "articles.jsonl"))
            .Select(a => new SearchDocument(a.Id, a.Title ?? "", a.Body ?? "", a.Product ?? "", DocumentKind.Article)).ToList();
        await index.UpsertManyAsync(articles, CancellationToken.None);
        var indexed = clock.Elapsed;
        var documentsEmbedded = generator.TextsEmbedded;

        clock.Restart();
        var queries = Read<QueryRow>(Path.Combine(data, "queries.jsonl")).ToList();
        var texts = queries.Select(q => $"{q.Title}\n{q.Body}").ToList();
        var vectors = await QueryVectorsAsync(index, cache, texts);
        var metrics = new List<(string Overlap, double Reciprocal, double Recall5)>();
        await using (var writer = new StreamWriter(outPath))
        {
            for (var i = 0; i < queries.Count; i++)
            {
                var q = queries[i];
                var hits = index.Search(texts[i], vectors[i], top, filterProduct ? new SearchFilter(Product: q.Product) : null);
                var ranking = hits.Select(h => h.Document.Id).ToList();
                await writer.WriteLineAsync(JsonSerializer.Serialize(new RunLine(q.Id, ranking), Json));
                if (q.Relevant is { Count: > 0 } relevant)
                {
                    if (explain is not null && hits.Count > 0 && hits.FirstOrDefault(h => !relevant.Contains(h.Document.Id)) is { } wrong)
                    {
                        await explain.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                            $"{q.Id}\t{q.Overlap}\t{(relevant.Contains(hits[0].Document.Id) ? 1 : 0)}\t{hits[0].Confidence:F4}\t{hits[0].Lexical:F4}\t{hits[0].Semantic:F4}\t{wrong.Confidence:F4}\t{wrong.Lexical:F4}\t{wrong.Semantic:F4}\t{hits[0].Crowd:F4}"));
                    }
                    var first = ranking.Take(10).ToList().FindIndex(relevant.Contains);
                    metrics.Add((q.Overlap ?? "", first < 0 ? 0 : 1.0 / (first + 1), ranking.Take(5).Count(relevant.Contains) / (double)relevant.Count));
                }
            }
        }
        var c = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(c,
            $"eval-search: {articles.Count} articles ({documentsEmbedded} passages embedded, {cache.Hits} from the cache) in {indexed.TotalSeconds:F1} s; "
            + $"{queries.Count} queries in {clock.Elapsed.TotalSeconds:F1} s; model {model.Id}, fusion {options.Fusion} -> {Path.GetFullPath(outPath)}"));
        if (metrics.Count > 0)
        {
            var line = string.Create(c, $"MRR@10 {metrics.Average(m => m.Reciprocal):F3}, R@5 {metrics.Average(m => m.Recall5):F3}");
            foreach (var group in metrics.GroupBy(m => m.Overlap).Where(g => g.Key.Length > 0).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                line += string.Create(c, $"; {group.Key}: MRR@10 {group.Average(m => m.Reciprocal):F3}, R@5 {group.Average(m => m.Recall5):F3}");
            }
            await output.WriteLineAsync(line);
        }
        return 0;
    }

    /// <summary>Query vectors go through the same cache (keyed by the exact text the model reads), so reruns are fast.</summary>
    internal static async Task<QueryVectors[]> QueryVectorsAsync(HybridIndex index, EmbeddingCache cache, List<string> queries)
    {
        var texts = queries.Select(index.QueryTexts).ToArray();
        var known = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var missing = new List<(string Text, UInt128 Key)>();
        foreach (var text in texts.SelectMany(t => t).Distinct(StringComparer.Ordinal))
        {
            var key = EmbeddingCache.Key(text);
            if (cache.TryGet(key, out var vector))
            {
                known[text] = vector;
            }
            else
            {
                missing.Add((text, key));
            }
        }
        foreach (var batch in missing.Chunk(64))
        {
            var embeddings = await index.Model.Generator.GenerateAsync(batch.Select(m => m.Text));
            var fresh = batch.Select((m, j) => (m.Key, embeddings[j].Vector.ToArray())).ToList();
            cache.Add(fresh);
            for (var j = 0; j < batch.Length; j++)
            {
                known[batch[j].Text] = fresh[j].Item2;
            }
        }
        return [.. texts.Select(t => new QueryVectors(known[t[0]], known[t[^1]]))];
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

    private sealed record ArticleRow(string Id, string? Title, string? Body, string? Product);

    private sealed record QueryRow(string Id, string? Title, string? Body, string? Product, List<string>? Relevant, string? Overlap);

    private sealed record RunLine(string Id, List<string> Ranking);
}

/// <summary>The search commands' settings: the app's, overridden on the command line.</summary>
internal static class SearchCommandLine
{
    /// <summary>The app's search settings: defaults, overridden by <c>--Knowledge:Search:Name=value</c> arguments.</summary>
    public static bool TryOptions(string[] args, out KnowledgeSearchOptions options, out string? invalid)
    {
        var overrides = args.Where(a => a.StartsWith("--" + KnowledgeSearchOptions.Section + ":", StringComparison.OrdinalIgnoreCase) && a.Contains('='));
        var configuration = new ConfigurationBuilder().AddCommandLine([.. overrides]).Build();
        options = new KnowledgeSearchOptions();
        invalid = null;
        try
        {
            configuration.GetSection(KnowledgeSearchOptions.Section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            invalid = e.Message;
            return false;
        }
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            invalid = string.Join("; ", results.Select(r => r.ErrorMessage));
            return false;
        }
        return true;
    }
}
