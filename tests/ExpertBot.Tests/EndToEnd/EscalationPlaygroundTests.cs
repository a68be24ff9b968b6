using static ExpertBot.Tests.EndToEnd.Contoso;
using static ExpertBot.Tests.EndToEnd.PlaygroundDriver;
using static ExpertBot.Tests.EndToEnd.QuestionSteps;

namespace ExpertBot.Tests.EndToEnd;

/// <summary>
/// The invitation time-out through the Agents Playground, with the bot in-process on a fake clock: nobody takes the
/// question, the clock passes the pool's time-out, the next experts are invited in the same thread and Alex is told.
/// </summary>
public sealed class EscalationPlaygroundTests(FakeClockPlaygroundFixture bot) : IClassFixture<FakeClockPlaygroundFixture>
{
    [PlaygroundFact]
    public async Task Invitations_nobody_takes_escalate_to_the_next_experts_in_the_thread_and_the_asker_is_told()
    {
        using var teams = await ConnectAsync(bot.PlaygroundUrl);
        var token = Token();
        var asked = await AskIdentityQuestionAsync(teams, token);

        // The Identity pool gives each step 30 minutes. Only the fake clock moves; the durable timer job comes due and
        // the worker, waiting on that clock, wakes up.
        bot.Clock.Advance(TimeSpan.FromMinutes(31));

        var next = await teams.NextAsync(m => Conversation(m) == asked.Thread && Text(m).Contains("can you help", StringComparison.Ordinal));
        var escalated = Mentioned(next);
        Assert.Equal(IdentityExperts.Except(asked.Invited).OrderBy(u => u.Id), escalated.OrderBy(u => u.Id));
        var card = await teams.NextAsync(m => Conversation(m) == asked.Thread && Has(m, token) && Has(m, "acceptInvitation"));
        Assert.All(escalated, expert => Assert.Contains(expert.Name, Card(card), StringComparison.Ordinal));

        var told = await teams.NextAsync(m => Conversation(m) == AlexChat && Text(m).Contains($"Nobody took Q-{asked.QuestionId} (", StringComparison.Ordinal) && Text(m).Contains(") in time, so I invited", StringComparison.Ordinal));
        Assert.All(escalated, expert => Assert.Contains(expert.Name, Text(told), StringComparison.Ordinal));

        // The first step's invitation is stale now: its experts let it time out. One of the new experts takes it.
        var late = await teams.ExecuteAsync(asked.Thread, asked.InvitationId, asked.Invited[0], "acceptInvitation", ActionData(asked.Invitation, "acceptInvitation"));
        Assert.Contains("let time out", late.ToJsonString(), StringComparison.Ordinal);
        var taken = await teams.ExecuteAsync(asked.Thread, MessageId(card), escalated[0], "acceptInvitation", ActionData(card, "acceptInvitation"));
        // The answer is the step's invitation card as it now stands: the expert took it.
        Assert.Contains($"{escalated[0].Name}", taken.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("took it", taken.ToJsonString(), StringComparison.Ordinal);
    }
}
