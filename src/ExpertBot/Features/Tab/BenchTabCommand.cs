using System.Diagnostics;
using System.Globalization;
using ExpertBot.Features.Ideas;
using ExpertBot.Features.Knowledge.Search;
using ExpertBot.Features.Tab.Insights;
using ExpertBot.Hosting;
using ExpertBot.Storage;
using ExpertBot.Teams;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Tab;

/// <summary>
/// <c>bench-tab [--ideas N] [--dup-ideas N] [--runs N]</c>: the tab's speed targets, measured on the product's own code.
/// The board: N ideas (default 10,000) with 1-5 agents and 1-8 customers each in a fresh SQLite database (migrated as the
/// app does), first page by each sort, server time (the query and its count). The duplicate check: the open-idea index
/// over --dup-ideas (default 50,000) synthetic ideas, one check excluding the query's embedding. Ideas' vectors come from
/// a stand-in generator (as bench-search: embedding 50,000 texts with the real model would take hours on two cores).
/// Insights: --questions (default 100,000) questions with their invitations, replies and resolutions (<see cref="BenchInsights"/>).
/// </summary>
internal static class BenchTabCommand
{
    private const string Usage = "usage: bench-tab [--ideas N>=100] [--dup-ideas N>=100] [--questions N>=100] [--runs N>=10]";

    public static int Run(string[] args) => RunAsync(args, Console.Out, Console.Error).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (CommandLine.WantsHelp(args))
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }
        if (!CommandLine.TryInt(args, "--ideas", 10_000, out var ideas) || !CommandLine.TryInt(args, "--dup-ideas", 50_000, out var dupIdeas)
            || !CommandLine.TryInt(args, "--questions", 100_000, out var questions)
            || !CommandLine.TryInt(args, "--runs", 200, out var runs) || ideas < 100 || dupIdeas < 100 || questions < 100 || runs < 10)
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }
        var folder = Directory.CreateTempSubdirectory("bench-tab-").FullName;
        try
        {
            await BoardAsync(folder, ideas, runs, output);
            await DuplicatesAsync(folder, dupIdeas, runs, output);
            await BenchInsights.RunAsync(folder, questions, runs, output);
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task BoardAsync(string folder, int count, int runs, TextWriter output)
    {
        var environment = new BenchEnvironment(folder);
        await using var database = new ExpertBotDatabase(Options.Create(new StorageOptions { SqlitePath = Path.Combine(folder, "bench.db") }), environment, NullLoggerFactory.Instance);
        await database.MigrateAsync(CancellationToken.None);
        var clock = Stopwatch.StartNew();
        var r = new Random(7);
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var chat = new ConversationRef("https://smba.trafficmanager.net/amer/", "msteams", "", "t", "28:bot", "u");
        for (var start = 0; start < count; start += 1_000)
        {
            await using var db = database.CreateContext();
            for (var i = start; i < Math.Min(count, start + 1_000); i++)
            {
                var idea = new Idea
                {
                    Title = $"Idea {i}", Product = $"Product {i % 12}", Status = (IdeaStatus)(i % 6), SubmitterId = "u0", SubmitterName = "Agent",
                    SourceKey = $"bench-{i}", CreatedAt = at.AddMinutes(i), UpdatedAt = at.AddMinutes(i), OwnerId = i % 3 == 0 ? null : $"pm{i % 4}",
                };
                for (var s = 0; s < 1 + r.Next(5); s++)
                {
                    idea.Supporters.Add(new IdeaSupporter { UserId = $"u{s}", Name = "Agent", Chat = chat, At = at });
                }
                for (var c = 0; c < 1 + r.Next(8); c++)
                {
                    idea.Customers.Add(new IdeaCustomer { Key = $"C{c}", Name = $"Customer {c}", Importance = (Importance)(1 + r.Next(3)), AccountValue = r.Next(1_000_000), UpdatedAt = at });
                }
                db.Add(idea);
            }
            await using var tx = await db.Database.BeginTransactionAsync();
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }
        var seeded = clock.Elapsed;
        var board = new IdeaBoard(database);
        var line = string.Create(CultureInfo.InvariantCulture, $"bench-tab: board over {count:N0} ideas (seeded in {seeded.TotalSeconds:F1} s), first page of {IdeaBoard.PageSize}, {runs} runs each:");
        await output.WriteLineAsync(line);
        foreach (var (name, query) in new (string, BoardQuery)[]
        {
            ("sort votes (default)", new(null, null, null, null, null, "votes", 1)),
            ("sort score", new(null, null, null, null, null, "score", 1)),
            ("sort account value", new(null, null, null, null, null, "value", 1)),
            ("product + status filter, sort customers", new("Product 2", IdeaStatus.Planned, null, null, null, "customers", 1)),
        })
        {
            var times = await TimeAsync(runs, () => board.PageAsync(query, null, CancellationToken.None));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {name}: p50 {Percentile(times, 0.5):F1} ms, p99 {Percentile(times, 0.99):F1} ms (target < 100 ms)"));
        }
    }

    private static async Task DuplicatesAsync(string folder, int count, int runs, TextWriter output)
    {
        var standIn = new BenchSearchCommand.StandInGenerator(384);
        var model = new EmbeddingModel("bench-stand-in", 384, standIn);
        using var cache = new EmbeddingCache(Path.Combine(folder, "vectors"), model.Id, model.Dimensions);
        using var index = new HybridIndex(new KnowledgeSearchOptions(), model, cache);
        var words = Enumerable.Range(0, 20_000).Select(i => $"w{i}").ToArray();
        var r = new Random(11);
        string Text(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => words[(int)Math.Min(words.Length - 1, Math.Abs(r.NextDouble() * r.NextDouble() * words.Length))]));
        var clock = Stopwatch.StartNew();
        await index.UpsertManyAsync([.. Enumerable.Range(1, count).Select(i => IdeaIndex.Document(i, Text(8), Text(40), $"Product {i % 12}"))], CancellationToken.None);
        var indexed = clock.Elapsed;
        var queries = Enumerable.Range(0, runs).Select(_ => Text(12)).ToArray();
        var vectors = new QueryVectors[runs];
        for (var i = 0; i < runs; i++)
        {
            vectors[i] = await index.EmbedQueryAsync(queries[i], CancellationToken.None);
        }
        var n = 0;
        var times = await TimeAsync(runs, () =>
        {
            var k = n++ % runs;
            return Task.FromResult(IdeaIndex.Rank(index, queries[k], vectors[k], new IdeaOptions().SimilarShown, new IdeaOptions().SimilarMinConfidence, null));
        });
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"bench-tab: duplicate check over {count:N0} ideas (indexed in {indexed.TotalSeconds:F1} s, stand-in vectors), excluding the query's embedding: p50 {Percentile(times, 0.5):F1} ms, p99 {Percentile(times, 0.99):F1} ms (target < 20 ms)"));
    }

    internal static async Task<double[]> TimeAsync<T>(int runs, Func<Task<T>> work)
    {
        for (var i = 0; i < Math.Min(20, runs); i++)
        {
            await work(); // warm-up: JIT and caches, as a running server has them
        }
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await work();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return times;
    }

    internal static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    internal sealed class BenchEnvironment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "ExpertBot";
        public string ContentRootPath { get; set; } = root;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
