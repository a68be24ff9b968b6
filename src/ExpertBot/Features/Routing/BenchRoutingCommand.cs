using System.Diagnostics;
using System.Globalization;
using ExpertBot.Hosting;

namespace ExpertBot.Features.Routing;

/// <summary>
/// <c>bench-routing [--experts N] [--questions N] [--queries N] [--seed S]</c>: generates a deterministic synthetic
/// company (default 100,000 experts, 200,000 resolved questions; Zipf-distributed words, topic tags with their own
/// vocabulary, experts who answer their topics), builds the index, ranks new questions over the whole directory
/// and prints build time, ranking latency percentiles, memory and the cost of incremental updates.
/// </summary>
internal static class BenchRoutingCommand
{
    private const int Vocabulary = 30_000;
    private const int Tags = 2_000;
    private const int WordsPerTag = 40;

    public static int Run(string[] args)
    {
        if (CommandLine.WantsHelp(args))
        {
            Console.WriteLine("usage: bench-routing [--experts N>=10] [--questions N>=10] [--queries N>=10] [--seed S]\n"
                + "  Builds a synthetic company, ranks for it with the product's ranker and prints the build time, rank latency and memory.");
            return 0;
        }
        if (!TryOption(args, "--experts", 100_000, out var experts) || !TryOption(args, "--questions", 200_000, out var questions)
            || !TryOption(args, "--queries", 2_000, out var queries) || !TryOption(args, "--seed", 42, out var seed)
            || experts < 10 || questions < 10 || queries < 10)
        {
            Console.Error.WriteLine("usage: bench-routing [--experts N>=10] [--questions N>=10] [--queries N>=10] [--seed S]");
            return 2;
        }
        var company = new SyntheticCompany(seed, experts);
        var start = DateTimeOffset.UnixEpoch.AddYears(50);

        // Generated first, so the build time below is the index's alone (as when the bot loads its database).
        var profiles = new ExpertProfile[experts];
        for (var e = 0; e < experts; e++) profiles[e] = company.Profile(e);
        var history = new PastQuestion[questions];
        for (var q = 0; q < questions; q++) history[q] = company.Question(q, start.AddMinutes(q * 3));

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var built = Stopwatch.StartNew();
        var index = new RoutingIndex();
        foreach (var profile in profiles)
        {
            index.UpsertProfile(profile);
        }
        foreach (var question in history)
        {
            index.Add(question);
        }
        built.Stop();
        // On a shared machine wall time includes waiting for a core; CPU time says what the build itself costs.
        var buildCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        profiles = [];
        history = [];
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        var process = Process.GetCurrentProcess();
        process.Refresh();

        var ranker = new ExpertRanker(index);
        var now = start.AddMinutes(questions * 3 + 10);
        var options = new RankingOptions { Top = 10 };
        for (var q = 0; q < 200; q++)
        {
            ranker.Rank(company.Query(q, now), options); // JIT and caches warm-up
        }
        var cpuRanking = Process.GetCurrentProcess().TotalProcessorTime;
        var latencies = new double[queries];
        for (var q = 0; q < queries; q++)
        {
            var query = company.Query(1_000_000 + q, now);
            var began = Stopwatch.GetTimestamp();
            ranker.Rank(query, options);
            latencies[q] = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
        }
        var cpuPerQuery = (Process.GetCurrentProcess().TotalProcessorTime - cpuRanking).TotalMilliseconds / queries;
        Array.Sort(latencies);

        var (addMs, profileMs, visible) = Incremental(index, ranker, company, now);
        process.Refresh();
        var peak = process.PeakWorkingSet64;

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"bench-routing: {experts:N0} experts, {questions:N0} past questions, {queries:N0} ranked questions (top 10 over the whole directory), seed {seed}"));
        Console.WriteLine(string.Create(c, $"index build        {built.Elapsed.TotalSeconds:F1} s wall, {buildCpu.TotalSeconds:F1} s CPU"));
        Console.WriteLine(string.Create(c, $"ranking latency    p50 {Percentile(latencies, 0.50):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms, max {latencies[^1]:F2} ms; mean CPU {cpuPerQuery:F2} ms per question"));
        Console.WriteLine(string.Create(c, $"memory             managed heap {managed / 1048576.0:F0} MB, process working set {process.WorkingSet64 / 1048576.0:F0} MB (peak {peak / 1048576.0:F0} MB)"));
        Console.WriteLine(string.Create(c, $"incremental        add a resolved question {addMs * 1000:F0} us, change a profile {profileMs * 1000:F0} us; visible to the next ranking: {(visible ? "yes" : "NO")}"));
        return visible ? 0 : 1;
    }

    private static (double AddMs, double ProfileMs, bool Visible) Incremental(RoutingIndex index, ExpertRanker ranker, SyntheticCompany company, DateTimeOffset now)
    {
        const int updates = 1_000;
        var began = Stopwatch.GetTimestamp();
        for (var i = 0; i < updates; i++)
        {
            index.Add(company.Question(10_000_000 + i, now.AddSeconds(i)));
        }
        var addMs = Stopwatch.GetElapsedTime(began).TotalMilliseconds / updates;
        began = Stopwatch.GetTimestamp();
        for (var i = 0; i < updates; i++)
        {
            var profile = company.Profile(i);
            index.UpsertProfile(profile with { Skills = [.. profile.Skills, "benchmarking"] });
        }
        var profileMs = Stopwatch.GetElapsedTime(began).TotalMilliseconds / updates;

        // A brand-new topic answered once by a brand-new person must put that person first, with no rebuild.
        index.UpsertProfile(new ExpertProfile("bench-newcomer", "Newcomer"));
        index.Add(new PastQuestion("bench-new", now, "quasar flux capacitor calibration", "", ["flux-capacitors"],
            [new PastAnswer("bench-newcomer", now, true)]));
        var top = ranker.Rank(new RoutingQuery("flux capacitor calibration drifts", "", ["flux-capacitors"], null, now.AddMinutes(1)), new RankingOptions { Top = 3 });
        return (addMs, profileMs, top.Count > 0 && top[0].ExpertId == "bench-newcomer");
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static bool TryOption(string[] args, string name, int fallback, out int value)
    {
        var at = Array.IndexOf(args, name);
        value = fallback;
        return at < 0 || (at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out value));
    }

    /// <summary>Deterministic generator: every item is a pure function of (seed, its number), so runs repeat exactly.</summary>
    private sealed class SyntheticCompany
    {
        private readonly double[] _zipf = Cumulative(Vocabulary);
        private readonly int _seed;
        private readonly int _experts;
        private readonly List<int>[] _byTag = new List<int>[Tags];

        public SyntheticCompany(int seed, int experts)
        {
            _seed = seed;
            _experts = experts;
            for (var t = 0; t < Tags; t++) _byTag[t] = [];
            for (var e = 0; e < experts; e++)
            {
                for (var k = 0; k < 3; k++) _byTag[ExpertTag(e, k)].Add(e);
            }
        }

        private static double[] Cumulative(int n)
        {
            var cumulative = new double[n];
            double sum = 0;
            for (var i = 0; i < n; i++)
            {
                sum += 1.0 / (i + 1);
                cumulative[i] = sum;
            }
            for (var i = 0; i < n; i++) cumulative[i] /= sum;
            return cumulative;
        }

        private Random For(int kind, int number) => new(unchecked(_seed * 1_000_003 + kind * 7_919 + number * 31));

        private string Word(Random random)
        {
            var at = Array.BinarySearch(_zipf, random.NextDouble());
            return "w" + (at < 0 ? ~at : at).ToString(CultureInfo.InvariantCulture);
        }

        private static string TagWord(Random random, int tag) => "t" + tag.ToString(CultureInfo.InvariantCulture) + "x" + random.Next(WordsPerTag).ToString(CultureInfo.InvariantCulture);

        private static string TagName(int tag) => "topic-" + tag.ToString(CultureInfo.InvariantCulture);

        private static int ExpertTag(int expert, int k) => (int)(((long)expert * 7919 + k * 104729L) % Tags);

        public ExpertProfile Profile(int e)
        {
            var random = For(1, e);
            var words = new string[12];
            for (var i = 0; i < words.Length; i++) words[i] = Word(random);
            return new ExpertProfile("e" + e.ToString(CultureInfo.InvariantCulture), "Expert " + e.ToString(CultureInfo.InvariantCulture))
            {
                Skills = [TagName(ExpertTag(e, 0)), TagName(ExpertTag(e, 1))],
                Responsibilities = [TagName(ExpertTag(e, 2))],
                AboutMe = string.Join(' ', words),
                DailyInvitationBudget = 5,
            };
        }

        private (string Title, string Body, string[] Tags, int MainTag) Text(Random random)
        {
            var main = random.Next(Tags);
            var title = new string[8];
            for (var i = 0; i < title.Length; i++) title[i] = random.Next(3) == 0 ? TagWord(random, main) : Word(random);
            var body = new string[40];
            for (var i = 0; i < body.Length; i++) body[i] = random.Next(5) == 0 ? TagWord(random, main) : Word(random);
            return (string.Join(' ', title), string.Join(' ', body), [TagName(main), TagName(random.Next(Tags))], main);
        }

        public PastQuestion Question(int q, DateTimeOffset at)
        {
            var random = For(2, q);
            var (title, body, tags, main) = Text(random);
            var answers = new List<PastAnswer>();
            var count = 1 + random.Next(3);
            for (var i = 0; i < count; i++)
            {
                // Mostly people whose skills cover the topic: experts e with ExpertTag(e, k) == main.
                var expert = random.Next(4) == 0 ? random.Next(_experts) : ExpertFor(main, random);
                answers.Add(new PastAnswer("e" + expert.ToString(CultureInfo.InvariantCulture), at.AddMinutes(random.Next(1, 600)), i == 0));
            }
            return new PastQuestion("q" + q.ToString(CultureInfo.InvariantCulture), at, title, body, tags, answers);
        }

        private int ExpertFor(int tag, Random random) =>
            _byTag[tag].Count > 0 ? _byTag[tag][random.Next(_byTag[tag].Count)] : random.Next(_experts);

        public RoutingQuery Query(int q, DateTimeOffset at)
        {
            var random = For(3, q);
            var (title, body, tags, _) = Text(random);
            return new RoutingQuery(title, body, tags, "e" + random.Next(_experts).ToString(CultureInfo.InvariantCulture), at);
        }
    }
}
