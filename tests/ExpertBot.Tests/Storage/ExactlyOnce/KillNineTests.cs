using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ExpertBot.Tests.Connector;
using Npgsql;
using Xunit.Abstractions;

namespace ExpertBot.Tests.Storage.ExactlyOnce;

/// <summary>
/// The crash test as an operator would run it: instances of the bot (separate processes) on one PostgreSQL behind a
/// round-robin, a load of new questions (each sent to the next instance, some redelivered to another, as Teams does when
/// it missed the 200), <c>kill -9</c> of a random instance at random moments (each started again at once) and a
/// PostgreSQL crash-restart. Then, from the database and the stand-in Bot Connector: every acknowledged activity made
/// exactly one question and one turn, invitations and their jobs once each, nothing lost, nothing dead-lettered, and
/// the few duplicate sends bounded by what a killed instance can have had in flight.
/// The short form runs in the suite; the long one with more questions and kills through bench/crash.sh (its knobs:
/// CRASH_QUESTIONS, CRASH_KILLS, CRASH_INSTANCES, CRASH_SEED). Figures are printed to the test output.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class KillNineTests(PostgresServer server, ITestOutputHelper output)
{
    private const string Asker = "0a000000-0000-4000-8000-000000000001";

    // Each instance runs at most this many jobs at once in each lane: what a kill can have in flight.
    private const int Concurrency = 4;

    [Theory, PostgresData]
    public async Task Killed_instances_and_a_database_restart_make_no_question_invitation_or_job_twice(string provider)
    {
        var questions = Setting("CRASH_QUESTIONS", 150);
        var kills = Setting("CRASH_KILLS", 3);
        var instanceCount = Setting("CRASH_INSTANCES", 2);
        var seed = Setting("CRASH_SEED", Environment.TickCount & 0xffff);
        var random = new Random(seed);
        var run = $"k9{Guid.NewGuid():N}"[..10];

        await using var database = await TestDatabase.CreateAsync(provider, server);
        await DurableCommitsAsync(database.Settings["ConnectionStrings:ExpertBot"]!);
        await using var connector = new FakeBotConnector();
        var cache = Path.Combine(Path.GetTempPath(), $"expertbot-k9-{run}");
        string[] arguments =
        [
            .. database.Settings.SelectMany(s => new[] { $"--{s.Key}", s.Value! }),
            "--Knowledge:Search:CacheFolder", cache,
            "--Questions:SuggestionConfidence", "1", // every question goes to experts, so each has invitations to check
            "--Routing:DefaultDailyInvitations", "1000", // the same few experts are asked all run long
            "--Storage:Jobs:Concurrency", $"{Concurrency}",
            "--Storage:Jobs:InteractiveConcurrency", $"{Concurrency}",
            // A job that failed a few times while the database restarted waits out its backoff (5 s doubling, up to 10 min);
            // the run is judged once the stand-in connector is silent for 30 s, so retries must come within that.
            "--Storage:Jobs:RetryMaxDelay", "00:00:10",
            "--Logging:LogLevel:Default", "Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information",
        ];
        var instances = Enumerable.Range(0, instanceCount).Select(_ => new BotInstance(StablePort(random), arguments)).ToList();
        try
        {
            // One at a time the first time: the first one migrates the new database.
            foreach (var instance in instances)
            {
                await RestartAsync(instance);
            }
            var clock = Stopwatch.StartNew();
            var load = new Load(instances, connector, run, questions);

            // Kills at random points of the run (by questions acknowledged), and a database crash-restart among them.
            var killAt = Enumerable.Range(0, kills).Select(_ => random.Next(questions / 10, questions * 9 / 10)).Order().ToArray();
            var restartAt = random.Next(questions / 4, questions * 3 / 4);
            // One disruption at a time (a kill and its instance's restart, or the database's restart), in the order due.
            var disruptions = Task.CompletedTask;
            var gate = new Lock();
            var killTimes = new ConcurrentBag<double>();
            var killedAt = new ConcurrentBag<DateTimeOffset>();
            void Then(Func<Task> disruption)
            {
                lock (gate)
                {
                    disruptions = disruptions.ContinueWith(_ => disruption(), TaskScheduler.Default).Unwrap();
                }
            }
            load.Acknowledged += count =>
            {
                lock (gate)
                {
                    foreach (var at in killAt.Where(k => k == count))
                    {
                        var victim = instances[random.Next(instances.Count)];
                        Then(async () =>
                        {
                            killTimes.Add(clock.Elapsed.TotalSeconds);
                            killedAt.Add(DateTimeOffset.UtcNow);
                            await victim.KillAsync();
                            await RestartAsync(victim);
                        });
                    }
                    if (count == restartAt)
                    {
                        Then(server.RestartAsync);
                    }
                }
            };
            await load.RunAsync(workers: 4);
            Task disrupted;
            lock (gate)
            {
                disrupted = disruptions;
            }
            await disrupted; // every killed instance is back before the run is judged
            var loadSeconds = clock.Elapsed.TotalSeconds;

            // Delivered when every acknowledged question's card and invitations reached the stand-in Bot Connector;
            // done when no job is left running or due (the last ones record their completion after their sends).
            var undelivered = await load.WhenAllDeliveredAsync(TimeSpan.FromMinutes(3) + questions * TimeSpan.FromSeconds(0.2));
            var connectionString = database.Settings["ConnectionStrings:ExpertBot"]!;
            await WhenQuietAsync(connectionString, TimeSpan.FromMinutes(1));
            var drainedSeconds = clock.Elapsed.TotalSeconds;
            foreach (var instance in instances)
            {
                await instance.StopAsync();
            }

            var figures = await FiguresAsync(connectionString, run);
            var takeOvers = await TakeOversAsync(connectionString, run, [.. killedAt]);
            var sends = load.SendsPerQuestion();
            var (cardTwice, threadTwice, invitationTwice) = load.Duplicates();
            var duplicates = cardTwice + threadTwice + invitationTwice;
            var latencies = load.TurnLatencies().Order().ToArray();
            var totalKills = instances.Sum(i => i.Kills);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                instances {instanceCount}, questions sent {questions}, seed {seed}
                acknowledged {load.AcknowledgedCount} activities ({load.Redeliveries} redeliveries acknowledged too, {load.Refused} posts refused or cut off by a dead instance or the database restart and sent again)
                kills (SIGKILL) {totalKills} at {string.Join(", ", killTimes.Order().Select(t => $"{t:F1} s"))}; PostgreSQL crash-restarts 1
                load {loadSeconds:F1} s, all delivered at {drainedSeconds:F1} s
                questions stored {figures.Questions} (per source activity: most {figures.MostPerSource}), turns {figures.Turns} (completed {figures.TurnsCompleted})
                invitations {figures.Invitations} (without their card recorded {figures.InvitationsWithoutCard}, duplicate rows {figures.DuplicateInvitations}), invitation jobs {figures.InviteJobs}
                lost {load.AcknowledgedCount - figures.Questions}, dead letters {figures.DeadLetters}, jobs left running or due {figures.Unfinished}
                duplicate sends {duplicates} (asker cards {cardTwice}, threads {threadTwice}, invitations {invitationTwice}); bound: {Concurrency * 2} in flight per kill
                turns taken over after a kill {takeOvers.Count}: from the kill to the turn completed elsewhere, longest {takeOvers.DefaultIfEmpty().Max():F2} s
                first post of an activity to the asker's card: p50 {Percentile(latencies, 0.5):F2} s, p99 {Percentile(latencies, 0.99):F2} s, longest {latencies.LastOrDefault():F2} s
                """));

            Assert.True(undelivered.Count == 0, await DescribeAsync(connectionString, undelivered.Take(5)));
            Assert.Equal(load.AcknowledgedCount, figures.Questions);
            Assert.Equal(1, figures.MostPerSource);
            Assert.Equal(load.AcknowledgedCount, figures.Turns);
            Assert.Equal(figures.Turns, figures.TurnsCompleted);
            Assert.Equal(figures.Questions, figures.InviteJobs);
            Assert.True(figures.Invitations >= figures.Questions, $"{figures.Invitations} invitations for {figures.Questions} questions");
            Assert.Equal(0, figures.InvitationsWithoutCard);
            Assert.Equal(0, figures.DuplicateInvitations);
            Assert.Equal(0, figures.DeadLetters);
            Assert.Equal(0, figures.Unfinished);
            // A question's pool may invite in a channel thread or 1:1 (the product the text hints at picks the pool), so
            // not every question has a thread.
            Assert.All(sends, s => Assert.True(s.AskerCards >= 1 && s.Invitations >= 1, $"{s.Token}: nothing lost"));
            Assert.True(duplicates <= totalKills * Concurrency * 2, $"{duplicates} duplicate sends for {totalKills} kills");
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
            if (Directory.Exists(cache))
            {
                Directory.Delete(cache, recursive: true);
            }
        }
    }

    /// <summary>
    /// Waits until no job is running or due. The instances are other processes, so there is nothing to be told by: the
    /// database is looked at every 200 ms, within <paramref name="limit"/>.
    /// </summary>
    private static async Task WhenQuietAsync(string connectionString, TimeSpan limit)
    {
        var until = DateTimeOffset.UtcNow + limit;
        while (true)
        {
            await using (var connection = Unpooled(connectionString))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM jobs WHERE status = 1 OR (status = 0 AND run_after <= now())", connection);
                if (Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) == 0)
                {
                    return;
                }
            }
            if (DateTimeOffset.UtcNow > until)
            {
                return; // The assertions say what is left.
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>
    /// A free loopback port below the range the OS hands out for outgoing connections: a killed instance's port, free
    /// until it is started again, could otherwise become the local end of some connection (to PostgreSQL, say) meanwhile.
    /// </summary>
    private static int StablePort(Random random)
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = random.Next(20_000, 32_000);
            try
            {
                using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (System.Net.Sockets.SocketException) when (attempt < 100)
            {
                // Taken: another one.
            }
        }
    }

    /// <summary>
    /// Starts a killed instance again, as its supervisor (systemd, Kubernetes) would: an instance that cannot start
    /// (the database is down at that moment: its migration check fails and it exits) is started again.
    /// </summary>
    private static async Task RestartAsync(BotInstance instance)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await instance.StartAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < 10)
            {
                // Exited during start-up (the database was restarting, or its port was not free yet): start it again.
            }
        }
    }

    /// <summary>
    /// Seconds from a kill to the completion (by another instance, or the restarted one) of each turn that a killed instance
    /// had claimed: the turns run more than once, measured from the last kill before they completed.
    /// </summary>
    private static async Task<List<double>> TakeOversAsync(string connectionString, string run, DateTimeOffset[] kills)
    {
        await using var connection = Unpooled(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT completed_at FROM jobs WHERE kind = 'turn' AND dedup_key LIKE @turn AND attempts > 1 AND completed_at IS NOT NULL", connection);
        command.Parameters.AddWithValue("turn", $"turn:msteams|%|{run}-%");
        var seconds = new List<double>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var completed = new DateTimeOffset(reader.GetDateTime(0), TimeSpan.Zero);
            if (kills.Where(k => k <= completed).DefaultIfEmpty().Max() is var kill && kill != default)
            {
                seconds.Add((completed - kill).TotalSeconds);
            }
        }
        return seconds;
    }

    /// <summary>
    /// The test server commits without waiting for its log to be written (fast, for throwaway data), so a crash of the server
    /// loses the last commits it acknowledged. Not this database's: here a commit is durable once acknowledged, as in
    /// production, or the database restart would lose acknowledged turns by configuration.
    /// </summary>
    private static async Task DurableCommitsAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var connection = Unpooled(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"ALTER DATABASE \"{name}\" SET synchronous_commit = on", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>What the database holds about questions that were not delivered: for the failure message.</summary>
    private static async Task<string> DescribeAsync(string connectionString, IEnumerable<string> tokens)
    {
        var text = new StringBuilder("Not delivered:\n");
        await using var connection = Unpooled(connectionString);
        await connection.OpenAsync();
        foreach (var token in tokens)
        {
            await using var command = new NpgsqlCommand("""
                SELECT j.id, j.kind, j.status, j.attempts, j.lease_owner, j.lease_expires_at, j.run_after, j.last_error FROM jobs j
                WHERE j.dedup_key LIKE @turn OR j.dedup_key LIKE 'questions.invite|' || (SELECT "Id" FROM questions WHERE "SourceKey" LIKE @source)::text || '|%'
                """, connection);
            command.Parameters.AddWithValue("turn", $"%|{token}");
            command.Parameters.AddWithValue("source", $"%|{token}");
            await using var reader = await command.ExecuteReaderAsync();
            text.Append(token).Append(":\n");
            while (await reader.ReadAsync())
            {
                text.Append("  ");
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append(" | ");
                }
                text.Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>The test's own connections are not pooled: a pooled one would be dead after the database restart.</summary>
    private static NpgsqlConnection Unpooled(string connectionString) =>
        new(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private sealed record Figures(
        long Questions, long MostPerSource, long Turns, long TurnsCompleted, long Invitations, long InvitationsWithoutCard, long DuplicateInvitations,
        long InviteJobs, long DeadLetters, long Unfinished);

    private static async Task<Figures> FiguresAsync(string connectionString, string run)
    {
        await using var connection = Unpooled(connectionString);
        await connection.OpenAsync();
        var source = $"turn|msteams|{CrashHost.Tenant}|{run}-%";
        async Task<long> Count(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("source", source);
            command.Parameters.AddWithValue("turn", $"turn:msteams|%|{run}-%");
            return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, CultureInfo.InvariantCulture);
        }
        const string Ours = "SELECT \"Id\" FROM questions WHERE \"SourceKey\" LIKE @source";
        return new Figures(
            await Count("SELECT COUNT(*) FROM questions WHERE \"SourceKey\" LIKE @source"),
            await Count("SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM questions WHERE \"SourceKey\" LIKE @source GROUP BY \"SourceKey\") AS per"),
            await Count("SELECT COUNT(*) FROM jobs WHERE kind = 'turn' AND dedup_key LIKE @turn"),
            await Count("SELECT COUNT(*) FROM jobs WHERE kind = 'turn' AND dedup_key LIKE @turn AND status = 2"),
            await Count($"SELECT COUNT(*) FROM invitations WHERE \"QuestionId\" IN ({Ours})"),
            await Count($"SELECT COUNT(*) FROM invitations WHERE \"QuestionId\" IN ({Ours}) AND \"CardActivityId\" IS NULL"),
            await Count($"SELECT COUNT(*) FROM (SELECT 1 FROM invitations WHERE \"QuestionId\" IN ({Ours}) GROUP BY \"QuestionId\", \"ExpertId\" HAVING COUNT(*) > 1) AS d"),
            await Count($"SELECT COUNT(*) FROM jobs WHERE kind = 'questions.invite' AND status = 2 AND payload = '' AND split_part(dedup_key, '|', 2)::bigint IN ({Ours})"),
            await Count("SELECT COUNT(*) FROM jobs WHERE status = 3"),
            await Count("SELECT COUNT(*) FROM jobs WHERE status = 1 OR (status = 0 AND run_after <= now())"));
    }

    /// <summary>The load: new questions, each to the next instance (round-robin), one in ten redelivered to another.</summary>
    private sealed class Load(IReadOnlyList<BotInstance> instances, FakeBotConnector connector, string run, int questions)
    {
        private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
        private readonly ConcurrentDictionary<string, bool> _acknowledged = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, DateTimeOffset> _firstPost = new(StringComparer.Ordinal);
        private int _next = -1;
        private int _count;
        private int _redeliveries;
        private int _refused;

        /// <summary>Called with the running count after each new activity is acknowledged.</summary>
        public event Action<int>? Acknowledged;

        public int AcknowledgedCount => _acknowledged.Count;

        public int Redeliveries => _redeliveries;

        public int Refused => _refused;

        public async Task RunAsync(int workers) => await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync)));

        private async Task WorkAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref _next)) < questions)
            {
                var token = Token(i);
                var body = Message(i, token);
                _firstPost[token] = DateTimeOffset.UtcNow;
                var at = await PostAsync(i, body);
                _acknowledged[token] = true;
                Acknowledged?.Invoke(Interlocked.Increment(ref _count));
                if (i % 10 == 3)
                {
                    // Teams did not see the 200 in time and delivers the same activity again, here to another instance.
                    await PostAsync(at + 1, body);
                    Interlocked.Increment(ref _redeliveries);
                }
            }
        }

        /// <summary>Posts until an instance acknowledges it (a dead one's posts fail and go to the next, as Teams redelivers); returns which did.</summary>
        private async Task<int> PostAsync(int start, string body)
        {
            var last = "";
            for (var attempt = 0; attempt < 600; attempt++)
            {
                var at = (start + attempt) % instances.Count;
                try
                {
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    using var response = await _http.PostAsync(new Uri(instances[at].Url, "api/messages"), content);
                    if (response.IsSuccessStatusCode)
                    {
                        return at;
                    }
                    last = $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
                    if ((int)response.StatusCode is >= 400 and < 500)
                    {
                        throw new InvalidOperationException($"The bot refused the activity: {last}");
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // Killed mid-request or not started yet.
                    last = ex.Message;
                }
                Interlocked.Increment(ref _refused);
                // Teams' redelivery comes after a pause; without one, posts to a restarting instance or database spin.
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
            throw new InvalidOperationException($"No instance acknowledged an activity in a minute; last: {last}\n" + string.Join("\n---\n", instances.Select(i => i.Tail)));
        }

        private string Token(int i) => $"{run}-{i.ToString("D5", CultureInfo.InvariantCulture)}";

        private string Message(int i, string token) => new JsonObject
        {
            ["type"] = "message",
            ["serviceUrl"] = connector.ServiceUrl,
            ["id"] = token,
            ["text"] = $"Zorblat frimble quaxes keep wobbling for {token}?",
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = $"29:{Asker}", ["aadObjectId"] = Asker, ["name"] = "Alex Wilber" },
            ["recipient"] = new JsonObject { ["id"] = "28:bot", ["name"] = "ExpertBot" },
            ["conversation"] = new JsonObject { ["id"] = $"a:crash-{(i % 16).ToString(CultureInfo.InvariantCulture)}", ["conversationType"] = "personal", ["tenantId"] = CrashHost.Tenant },
        }.ToJsonString();

        /// <summary>Returns the tokens still missing a send when the stand-in connector fell silent for 30 s, or the limit passed.</summary>
        public async Task<IReadOnlyCollection<string>> WhenAllDeliveredAsync(TimeSpan limit)
        {
            using var deadline = new CancellationTokenSource(limit);
            // Every request the stand-in connector received, counted once as it is read (it fails after 30 s of silence).
            var seen = new Dictionary<string, Sends>(StringComparer.Ordinal);
            var missing = new HashSet<string>(_acknowledged.Keys, StringComparer.Ordinal);
            while (missing.Count > 0)
            {
                ReceivedRequest request;
                try
                {
                    request = await connector.NextAsync().WaitAsync(deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    // Nothing more came. The stand-in connector queues a request for reading only once its answer went
                    // out, so one whose answer did not (its sender was killed meanwhile, or hung up) is only in its full
                    // record: what that says is missing is missing.
                    return [.. SendsPerQuestion().Where(s => s.AskerCards == 0 || s.Invitations == 0).Select(s => s.Token)];
                }
                if (Count(request, seen) is { } token && seen[token] is { AskerCards: > 0, Invitations: > 0 })
                {
                    missing.Remove(token);
                }
            }
            return missing;
        }

        public sealed record Sends(string Token, int AskerCards, int Threads, int Invitations, DateTimeOffset? FirstCard);

        /// <summary>Every acknowledged question's sends, from all the stand-in connector received.</summary>
        public List<Sends> SendsPerQuestion()
        {
            var seen = new Dictionary<string, Sends>(StringComparer.Ordinal);
            foreach (var request in connector.All)
            {
                Count(request, seen);
            }
            return [.. _acknowledged.Keys.Select(t => seen.GetValueOrDefault(t) ?? new Sends(t, 0, 0, 0, null))];
        }

        /// <summary>Adds a POST to its question's sends (by the run's token in its body); returns the token.</summary>
        private string? Count(ReceivedRequest request, Dictionary<string, Sends> seen)
        {
            var at = request.RawBody.IndexOf(run + "-", StringComparison.Ordinal);
            if (request.Method != "POST" || at < 0 || at + run.Length + 6 > request.RawBody.Length)
            {
                return null;
            }
            var token = request.RawBody.Substring(at, run.Length + 6);
            var sends = seen.GetValueOrDefault(token) ?? new Sends(token, 0, 0, 0, null);
            seen[token] = request.RawPath switch
            {
                var p when p.StartsWith("/v3/conversations/a%3Acrash-", StringComparison.Ordinal) =>
                    sends with { AskerCards = sends.AskerCards + 1, FirstCard = sends.FirstCard ?? request.ReceivedAt },
                "/v3/conversations" => sends with { Threads = sends.Threads + 1 },
                var p when p.StartsWith("/v3/conversations/activity-", StringComparison.Ordinal) => sends with { Invitations = sends.Invitations + 1 },
                _ => sends,
            };
            return token;
        }

        /// <summary>
        /// Sends made more than once: the same message (byte for byte) posted again, by kind. Not by count per question: a
        /// question's pool may invite each expert 1:1, one card each, which is not a duplicate.
        /// </summary>
        public (int AskerCards, int Threads, int Invitations) Duplicates()
        {
            var again = connector.All
                .Where(r => r.Method == "POST" && r.RawBody.Contains(run + "-", StringComparison.Ordinal))
                .GroupBy(r => r.RawBody, StringComparer.Ordinal)
                .Where(g => g.Count() > 1)
                .Select(g => (g.First().RawPath, Extra: g.Count() - 1))
                .ToList();
            return (
                again.Where(a => a.RawPath.StartsWith("/v3/conversations/a%3Acrash-", StringComparison.Ordinal)).Sum(a => a.Extra),
                again.Where(a => a.RawPath == "/v3/conversations").Sum(a => a.Extra),
                again.Where(a => a.RawPath.StartsWith("/v3/conversations/activity-", StringComparison.Ordinal)).Sum(a => a.Extra));
        }

        /// <summary>Seconds from each activity's first post to the asker's card.</summary>
        public IEnumerable<double> TurnLatencies() =>
            SendsPerQuestion().Where(s => s.FirstCard is not null).Select(s => (s.FirstCard!.Value - _firstPost[s.Token]).TotalSeconds);
    }
}
