using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;

using ExpertBot.Hosting;

namespace ExpertBot.Features.Knowledge.Search;

/// <summary>
/// <c>bench-search [--articles N] [--queries N] [--seed S]</c>: builds a deterministic synthetic knowledge base (default
/// 100,000 articles: Zipf-distributed words, 2,000 topics with words of their own), stores its vectors in a vector cache,
/// then measures what the product does: a restart that loads every stored vector (no embedding), searches excluding the
/// question's embedding, the local model's embedding of a question, and memory. Embedding 100,000 articles with the real
/// model would take hours on two cores, so the articles' vectors come from a stand-in generator (a sum of fixed random
/// word vectors: texts that share words get similar vectors); the question embedding is timed with the real model.
/// </summary>
internal static class BenchSearchCommand
{
    private const int Vocabulary = 30_000;
    private const int Topics = 2_000;
    private const int WordsPerTopic = 40;

    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        const string Usage = "usage: bench-search [--articles N>=10] [--queries N>=10] [--seed S] [--Knowledge:Search:<setting>=<value> ...]";
        if (CommandLine.WantsHelp(args))
        {
            Console.WriteLine(Usage);
            return 0;
        }
        if (!CommandLine.TryInt(args, "--articles", 100_000, out var articles)
            || !CommandLine.TryInt(args, "--queries", 2_000, out var queries) || !CommandLine.TryInt(args, "--seed", 42, out var seed)
            || articles < 10 || queries < 10)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        if (!SearchCommandLine.TryOptions(args, out var options, out var invalid))
        {
            Console.Error.WriteLine($"bench-search: {invalid}");
            return 2;
        }
        var corpus = new SyntheticCorpus(seed);
        var folder = Directory.CreateTempSubdirectory("bench-search-").FullName;
        try
        {
            var standIn = new StandInGenerator(384);
            var model = new EmbeddingModel("bench-stand-in", 384, standIn);
            var docs = new SearchDocument[articles];
            for (var i = 0; i < articles; i++) docs[i] = corpus.Article(i);

            // First start: every article embedded (by the stand-in) and stored.
            var embedClock = Stopwatch.StartNew();
            using (var cache = new EmbeddingCache(folder, model.Id, model.Dimensions))
            using (var first = new HybridIndex(options, model, cache))
            {
                await first.UpsertManyAsync(docs, CancellationToken.None);
            }
            embedClock.Stop();
            var stored = standIn.Texts;

            // Restart: a new cache and index over the same folder; nothing may be embedded again.
            GC.Collect();
            var pausedBefore = GC.GetTotalPauseDuration();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var loadClock = Stopwatch.StartNew();
            using var reopened = new EmbeddingCache(folder, model.Id, model.Dimensions);
            using var index = new HybridIndex(options, model, reopened);
            await index.UpsertManyAsync(docs, CancellationToken.None);
            loadClock.Stop();
            var loadCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var loadPaused = GC.GetTotalPauseDuration() - pausedBefore;
            var reembedded = standIn.Texts - stored;
            docs = [];
            var managed = GC.GetTotalMemory(forceFullCollection: true);
            var process = Process.GetCurrentProcess();

            var questions = Enumerable.Range(0, queries + 200).Select(q => corpus.Question(1_000_000 + q)).ToArray();
            var vectors = (await standIn.GenerateAsync(questions)).Select(e => new QueryVectors(e.Vector.ToArray(), e.Vector.ToArray())).ToArray();
            for (var q = 0; q < 200; q++) index.Search(questions[q], vectors[q], 10); // JIT warm-up
            var latencies = new double[queries];
            var hitsTopic = 0;
            for (var q = 0; q < queries; q++)
            {
                var began = Stopwatch.GetTimestamp();
                var hits = index.Search(questions[200 + q], vectors[200 + q], 10);
                latencies[q] = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
                hitsTopic += hits.Count > 0 && SyntheticCorpus.TopicOf(hits[0].Document) == corpus.QuestionTopic(1_000_200 + q) ? 1 : 0;
            }
            Array.Sort(latencies);

            // The real model on real-length questions: what a question waits before the search itself.
            using var local = new LocalEmbeddingGenerator(options.Model);
            var real = local.Describe();
            string[] asked =
            [
                "Customer on CAS-10421 gets AADSTS50011 after the EU move?",
                "Invoice shows the old VAT rate after the company moved to another country",
                "Users must approve MFA every time they open the mobile app",
                "SCIM provisioning stopped creating new hires, log shows 409 conflict",
                "Webhook deliveries stopped after we rotated the signing secret",
            ];
            await local.GenerateAsync([real.QueryPrefix + asked[0]]); // model load
            var embedLatencies = new double[100];
            for (var i = 0; i < embedLatencies.Length; i++)
            {
                var began = Stopwatch.GetTimestamp();
                await local.GenerateAsync([real.QueryPrefix + asked[i % asked.Length] + " " + i.ToString(CultureInfo.InvariantCulture)]);
                embedLatencies[i] = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
            }
            Array.Sort(embedLatencies);
            process.Refresh();

            var c = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(c, $"bench-search: {articles:N0} synthetic articles ({index.Count:N0} indexed), {queries:N0} questions, top 10 over all, seed {seed}, {Environment.ProcessorCount} cores"));
            Console.WriteLine(string.Create(c, $"first start        {stored:N0} passages embedded (stand-in generator) and stored in {embedClock.Elapsed.TotalSeconds:F1} s"));
            Console.WriteLine(string.Create(c, $"restart            {reopened.Count:N0} stored vectors loaded and indexed in {loadClock.Elapsed.TotalSeconds:F2} s wall, {loadCpu.TotalSeconds:F2} s CPU ({loadPaused.TotalSeconds:F2} s in GC pauses); embedded again: {reembedded}"));
            Console.WriteLine(string.Create(c, $"search             p50 {Percentile(latencies, 0.50):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms, max {latencies[^1]:F2} ms (question vector given); top hit on the question's topic {100.0 * hitsTopic / queries:F0}%"));
            Console.WriteLine(string.Create(c, $"question embedding p50 {Percentile(embedLatencies, 0.50):F1} ms, p99 {Percentile(embedLatencies, 0.99):F1} ms ({real.Id}, local, CPU)"));
            Console.WriteLine(string.Create(c, $"memory             managed heap {managed / 1048576.0:F0} MB, working set {process.WorkingSet64 / 1048576.0:F0} MB (peak {process.PeakWorkingSet64 / 1048576.0:F0} MB, model included)"));
            return reembedded == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    /// <summary>Deterministic: every item is a pure function of (seed, its number).</summary>
    private sealed class SyntheticCorpus(int seed)
    {
        private readonly double[] _zipf = Cumulative();

        private static double[] Cumulative()
        {
            var cumulative = new double[Vocabulary];
            double sum = 0;
            for (var i = 0; i < Vocabulary; i++)
            {
                sum += 1.0 / (i + 1);
                cumulative[i] = sum;
            }
            for (var i = 0; i < Vocabulary; i++) cumulative[i] /= sum;
            return cumulative;
        }

        // HashCode.Combine is seeded per process: a run would not repeat.
        private int Seed(int n, int stream) => unchecked((seed * 1_000_003 + n) * 31 + stream);

        private string Word(Random r) => "w" + Array.BinarySearch(_zipf, r.NextDouble()) switch { var i when i < 0 => ~i, var i => i };

        private static string TopicWord(int topic, Random r) => $"t{topic}x{r.Next(WordsPerTopic)}";

        public int ArticleTopic(int n) => new Random(Seed(n, 1)).Next(Topics);

        public int QuestionTopic(int n) => new Random(Seed(n, 1)).Next(Topics);

        public static int TopicOf(SearchDocument doc) => int.Parse(doc.Product.AsSpan(1), CultureInfo.InvariantCulture);

        public SearchDocument Article(int n)
        {
            var topic = ArticleTopic(n);
            var r = new Random(Seed(n, 2));
            var title = string.Join(' ', Enumerable.Range(0, 6 + r.Next(5)).Select(i => i % 2 == 0 ? TopicWord(topic, r) : Word(r)));
            var body = string.Join(' ', Enumerable.Range(0, 60 + r.Next(90)).Select(i => i % 3 == 0 ? TopicWord(topic, r) : Word(r)));
            return new SearchDocument($"KB-{n}", title, body, $"p{topic}", DocumentKind.Article);
        }

        public string Question(int n)
        {
            var topic = QuestionTopic(n);
            var r = new Random(Seed(n, 3));
            return string.Join(' ', Enumerable.Range(0, 8 + r.Next(8)).Select(i => i % 2 == 0 ? TopicWord(topic, r) : Word(r)));
        }
    }

    /// <summary>Sum of fixed pseudo-random vectors of the text's words, normalised: cheap, deterministic, similar for shared words.</summary>
    internal sealed class StandInGenerator(int dimensions) : IEmbeddingGenerator<string, Embedding<float>>
    {
        private readonly Dictionary<string, float[]> _words = [];
        private long _texts;

        public long Texts => Interlocked.Read(ref _texts);

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var result = new GeneratedEmbeddings<Embedding<float>>();
            foreach (var text in values)
            {
                var vector = new float[dimensions];
                foreach (var word in SearchText.Words(text))
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(vector, WordVector(word), vector);
                }
                var norm = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
                if (norm > 0) System.Numerics.Tensors.TensorPrimitives.Divide(vector, norm, vector);
                result.Add(new Embedding<float>(vector));
                Interlocked.Increment(ref _texts);
            }
            return Task.FromResult(result);
        }

        private float[] WordVector(string word)
        {
            lock (_words)
            {
                if (!_words.TryGetValue(word, out var vector))
                {
                    var r = new Random(StableHash(word)); // string.GetHashCode differs per process
                    vector = new float[dimensions];
                    for (var i = 0; i < dimensions; i++) vector[i] = (float)(r.NextDouble() * 2 - 1);
                    _words[word] = vector;
                }
                return vector;
            }
        }

        private static int StableHash(string word)
        {
            var hash = 2166136261u;
            foreach (var ch in word)
            {
                hash = (hash ^ ch) * 16777619u;
            }
            return (int)hash;
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
