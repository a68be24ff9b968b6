using System.Globalization;
using ExpertBot.Features.Questions;

namespace ExpertBot.Tests.Storage.ExactlyOnce;

/// <summary>
/// A question asked in chat, with its invitations delivered, while instances die: for every pair of crash points of the
/// turn and of the invitation job, the first instance is killed at one, the one that takes over at the other, and a third
/// finishes. Whatever the pair: one question, one invitation row per expert, one job per kind, every card recorded, the
/// turn complete, nothing dead-lettered; and a send repeated only when an instance died with it in flight (sent, not yet
/// recorded: the Bot Connector has no idempotency key), once per such kill.
/// </summary>
public sealed class CrashBetweenStepsTests
{
    private const string Asker = "0a000000-0000-4000-8000-000000000001";

    /// <summary>Points where a send has gone out and is not recorded yet: a kill there repeats that send once.</summary>
    private static readonly Dictionary<string, string> InFlight = new()
    {
        ["turn.reply-sent"] = "asker card",
        ["invite.thread-created"] = "thread",
        ["questions.invite:channel:done"] = "invitation",
    };

    [Fact]
    public async Task Killed_between_any_two_steps_a_question_is_made_invited_and_answered_once()
    {
        await using var host = new CrashHost();

        // A run nobody kills: the steps of the turn and of the invitations, in order, and what they make.
        var clean = await AskAsync(host, "clean", null, null);
        var points = clean.Reached.Distinct().ToList();
        Assert.Contains("turn.question-stored", points);
        Assert.Contains("questions.invite:channel:done", points);
        Assert.Contains("job.completing:turn", points);
        Assert.Contains("job.completing:questions.invite", points);
        Assert.True(clean.Invitations > 0, "The question was not routed to experts: the invitation steps were never run.");
        Assert.Empty(Check(clean, clean));

        var failures = new List<string>();
        foreach (var first in points)
        {
            foreach (var second in points.Append(null))
            {
                var run = await AskAsync(host, $"{Index(points, first)}-{Index(points, second)}", first, second);
                failures.AddRange(Check(run, clean).Select(f => $"killed at {first} then {second ?? "(none)"}: {f}"));
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(points.Count >= 8, $"Only {points.Count} crash points were reached: {string.Join(", ", points)}");
    }

    private static string Index(List<string> points, string? point) => point is null ? "n" : points.IndexOf(point).ToString(CultureInfo.InvariantCulture);

    /// <summary>What one asking made, after up to two kills and a final instance that runs everything left.</summary>
    private sealed record Run(
        IReadOnlyList<string> Reached, string[] Kills, long Questions, long Invitations, long Experts, long InvitationsWithCard, bool AskerCardKnown, bool ThreadKnown,
        Dictionary<string, long> JobsPerKind, long TurnsCompleted, long Unfinished, long DeadLetters, Dictionary<string, int> Sends);

    private static async Task<Run> AskAsync(CrashHost host, string name, string? first, string? second)
    {
        var token = $"zq{name.Replace("-", "x", StringComparison.Ordinal)}{Guid.NewGuid():N}"[..16];
        await host.PostAsync(host.Message(Asker, $"m-{token}", $"Zorblat frimble quaxes keep wobbling for {token}?"));
        var kills = new List<string>();
        var reached = new List<string>();
        foreach (var killAt in new[] { first, second })
        {
            var killed = await host.RunInstanceAsync(killAt);
            reached.AddRange(host.Kills.Reached);
            if (killed is not null)
            {
                kills.Add(killed);
                host.LeaseRunsOut();
            }
        }
        // The last instance lives: it finishes what the killed ones left.
        Assert.Null(await host.RunInstanceAsync(null));
        reached.AddRange(host.Kills.Reached);

        var questions = await host.RowsAsync("SELECT \"Id\", \"AskerCardActivityId\", \"ThreadConversationId\" FROM questions WHERE \"Title\" LIKE $t", ("$t", $"%{token}%"));
        var id = questions.Count == 0 ? -1 : Convert.ToInt64(questions[0][0], CultureInfo.InvariantCulture);
        var jobs = await host.RowsAsync("SELECT kind, COUNT(*) FROM jobs WHERE dedup_key LIKE $k GROUP BY kind", ("$k", $"%|{id}|%"));
        var requests = host.Connector.All.Where(r => r.Method == "POST" && r.RawBody.Contains(token, StringComparison.Ordinal)).ToList();
        return new Run(
            reached,
            [.. kills],
            questions.Count,
            await host.CountAsync("SELECT COUNT(*) FROM invitations WHERE \"QuestionId\" = $id", ("$id", id)),
            await host.CountAsync("SELECT COUNT(DISTINCT \"ExpertId\") FROM invitations WHERE \"QuestionId\" = $id", ("$id", id)),
            await host.CountAsync("SELECT COUNT(*) FROM invitations WHERE \"QuestionId\" = $id AND \"CardActivityId\" IS NOT NULL", ("$id", id)),
            questions.Count > 0 && questions[0][1] is not null,
            questions.Count > 0 && questions[0][2] is not null,
            jobs.ToDictionary(r => (string)r[0]!, r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture)),
            await host.CountAsync("SELECT COUNT(*) FROM jobs WHERE kind = 'turn' AND status = 2 AND dedup_key LIKE $m", ("$m", $"%m-{token}")),
            // Nothing left running or due: every killed instance's job was taken over and finished.
            await host.CountAsync("SELECT COUNT(*) FROM jobs WHERE status = 1 OR (status = 0 AND run_after <= $now)", ("$now", host.Clock.GetUtcNow().UtcTicks)),
            await host.CountAsync("SELECT COUNT(*) FROM jobs WHERE status = 3"),
            new Dictionary<string, int>
            {
                ["asker card"] = requests.Count(r => r.RawPath.Contains("chat-", StringComparison.Ordinal)),
                ["thread"] = requests.Count(r => r.RawPath.EndsWith("/v3/conversations", StringComparison.Ordinal)),
                ["invitation"] = requests.Count(r => !r.RawPath.Contains("chat-", StringComparison.Ordinal) && r.RawPath.Contains("/activities", StringComparison.Ordinal)),
            });
    }

    private static IEnumerable<string> Check(Run run, Run clean)
    {
        if (run.Questions != 1)
        {
            yield return $"{run.Questions} questions";
        }
        // Who is invited changes from question to question (each one adds to the experts' load and history), so not the
        // clean run's number: one row per expert, each with its card recorded.
        if (run.Invitations == 0 || run.Invitations != run.Experts || run.InvitationsWithCard != run.Invitations)
        {
            yield return $"{run.Invitations} invitations for {run.Experts} experts ({run.InvitationsWithCard} with their card recorded)";
        }
        if (!run.AskerCardKnown || !run.ThreadKnown)
        {
            yield return $"asker card recorded {run.AskerCardKnown}, thread recorded {run.ThreadKnown}";
        }
        if (string.Join(",", run.JobsPerKind.OrderBy(k => k.Key)) != string.Join(",", clean.JobsPerKind.OrderBy(k => k.Key)) || run.JobsPerKind.Values.Any(n => n != 1))
        {
            yield return $"jobs {string.Join(", ", run.JobsPerKind)}; the clean run had {string.Join(", ", clean.JobsPerKind)}";
        }
        if (run.TurnsCompleted != 1 || run.Unfinished != 0 || run.DeadLetters != 0)
        {
            yield return $"turn completed {run.TurnsCompleted} times, {run.Unfinished} jobs unfinished, {run.DeadLetters} dead letters";
        }
        foreach (var (send, count) in run.Sends)
        {
            // Exactly once, plus one for each kill with this send in flight.
            var expected = 1 + run.Kills.Count(k => InFlight.TryGetValue(k, out var s) && s == send);
            if (count != expected)
            {
                yield return $"{send} sent {count} times, expected {expected}";
            }
        }
    }
}
