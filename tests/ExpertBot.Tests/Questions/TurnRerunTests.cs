using System.Text;
using System.Text.Json.Nodes;
using ExpertBot.Storage.Jobs;
using ExpertBot.Tests.CardActions;
using Microsoft.Extensions.DependencyInjection;

namespace ExpertBot.Tests.Questions;

/// <summary>
/// A turn run a second time, as another instance runs it when the first died before recording it complete: what the
/// first run made is found by the message's key, its card is updated in place, and nothing is stored or sent anew.
/// </summary>
public sealed class TurnRerunTests
{
    private const string Asker = "0a000000-0000-4000-8000-000000000001";

    [Fact]
    public async Task A_question_turn_run_again_makes_no_second_question_invitation_or_card()
    {
        await using var host = CardActionHost.Start();
        var token = Guid.NewGuid().ToString("N")[..8];
        var message = host.Activity(Asker, "message", $"m-{token}", null, new JsonObject { ["text"] = $"Quarterly export drops the last column for tenant {token}?" });
        var (status, _) = await host.PostAsync(message);
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        var card = await host.Connector.NextAsync(r => r.Method == "POST" && CardActionHost.Has(r.Body, token) && r.RawPath.Contains("chat-", StringComparison.Ordinal));
        // The asker's chat only: the first run's jobs (the experts' invitations, also in 1:1 chats) may still be sending.
        var conversation = card.RawPath[..card.RawPath.IndexOf("/activities", StringComparison.Ordinal)];
        bool InAskersChat(Connector.ReceivedRequest r) => r.RawPath.StartsWith(conversation + "/activities", StringComparison.Ordinal) && CardActionHost.Has(r.Body, token);
        var counts = await CountsAsync(host, token);

        // The same stored turn, run again by the job handler (the worker's first run completed; a crashed one would not have).
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var turn = scope.ServiceProvider.GetRequiredKeyedService<IJobHandler>("turn");
            await turn.HandleAsync(new JobContext(99, "turn", "rerun", message, null, 2), default);
        }

        var again = await host.Connector.NextAsync(InAskersChat);
        // An update of the card the first run sent (PUT .../activities/{its id}), not a second card.
        Assert.Equal("PUT", again.Method);
        Assert.StartsWith(conversation + "/activities/activity-", again.RawPath, StringComparison.Ordinal);
        Assert.Single(host.Connector.All, r => r.Method == "POST" && InAskersChat(r));
        Assert.Equal(counts, await CountsAsync(host, token));
        Assert.Equal(1, await host.CountAsync("SELECT COUNT(*) FROM questions WHERE Title LIKE $t", ("$t", $"%{token}%")));
    }

    private static async Task<string> CountsAsync(CardActionHost host, string token) => string.Join(",",
        await host.CountAsync("SELECT COUNT(*) FROM questions WHERE Title LIKE $t", ("$t", $"%{token}%")),
        await host.CountAsync("SELECT COUNT(*) FROM invitations i JOIN questions q ON q.Id = i.QuestionId WHERE q.Title LIKE $t", ("$t", $"%{token}%")),
        await host.CountAsync("SELECT COUNT(*) FROM jobs WHERE kind <> 'turn'"));
}
