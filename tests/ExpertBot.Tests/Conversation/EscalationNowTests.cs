using ExpertBot.Features.Questions;

// Not "...Conversation": the end-to-end tests have a helper of that name, which a namespace would hide.
namespace ExpertBot.Tests.Conversations;

/// <summary>
/// Issue 14, items 2 and 11: an invitation Teams cannot deliver is Undeliverable and the asker is told; when nobody of a
/// step can still take the question (all declined or unreachable) the next step starts at once, not after the time-out;
/// after the last step the fallback is delivered and the asker is told exactly who was asked. The clock moves only by the
/// job worker's polls (seconds; see ChatHost.WaitForAsync), far from the 30-minute time-out: nothing waited for it. (The
/// time-out itself: Questions/EscalationTests.)
/// </summary>
public sealed class EscalationNowTests : IAsyncDisposable
{
    private const string FallbackChannel = "19:billing-leads@thread.tacv2";
    private ChatHost _chat = null!;

    [Fact]
    public async Task Invitations_teams_cannot_deliver_are_undeliverable_the_asker_is_told_and_the_fallback_is_asked()
    {
        _chat = ChatHost.Direct();
        // Teams knows nobody but the asker and the pools' supervisor.
        foreach (var person in ChatHost.Directory().Where(p => p != Person.Alex && p != Person.Diego))
        {
            _chat.Connector.Unreachable(person.Id, 404);
        }
        var start = _chat.Clock.GetUtcNow();

        var id = ChatHost.IdOf(await _chat.AskExpertsAsync(Person.Alex, $"Why does the invoice show the wrong VAT rate after the customer moved {Token()}?"));

        await _chat.WaitForAsync(r => ChatHost.IsTo(r, Person.Alex.Chat) && ChatHost.TextOf(r).Contains("to step in", StringComparison.Ordinal));
        var question = await _chat.QuestionAsync(id);
        var named = $"{question.Number} (\"{question.Title}\")";
        // Each notice is its own job: the last expert's may come after the fallback's.
        foreach (var invitation in question.Invitations)
        {
            await _chat.WaitForAsync(r => ChatHost.IsTo(r, Person.Alex.Chat) && ChatHost.TextOf(r).StartsWith($"I could not reach {invitation.ExpertName} ", StringComparison.Ordinal));
        }
        var sent = _chat.Connector.All;
        var told = sent.Where(r => ChatHost.IsTo(r, Person.Alex.Chat)).Select(ChatHost.TextOf).ToList();
        // Two steps of three, none reachable: each invitation is marked, each expert named to the asker.
        Assert.Equal(6, question.Invitations.Count);
        Assert.All(question.Invitations, i => Assert.Equal(InvitationStatus.Undeliverable, i.Status));
        foreach (var invitation in question.Invitations)
        {
            Assert.Contains($"I could not reach {invitation.ExpertName} in Teams (Teams does not know them), so they were not asked about {named}.", told);
        }
        var moved = Assert.Single(told, t => t.StartsWith($"Nobody took {named} (everyone asked declined or could not be reached), so I invited ", StringComparison.Ordinal));
        Assert.All(question.Invitations.Where(i => i.Step == 1), i => Assert.Contains(i.ExpertName, moved, StringComparison.Ordinal));
        // The fallback: the pool's supervisor, in a 1:1 chat; the asker hears exactly that.
        Assert.Contains(sent, r => ChatHost.IsTo(r, Person.Diego.Chat)
            && ChatHost.TextOf(r) == $"Nobody has taken {named} from the Billing pool. Can you step in, or reassign it?");
        Assert.Single(told, t => t.Contains("to step in", StringComparison.Ordinal));
        Assert.Contains($"Nobody has taken {named} yet, so I asked Diego Siciliani to step in.", told);
        Assert.Equal(QuestionStatus.Routing, question.Status);
        Assert.True(_chat.Clock.GetUtcNow() - start < TimeSpan.FromMinutes(1), $"{_chat.Clock.GetUtcNow() - start} passed");
    }

    [Fact]
    public async Task When_every_invited_expert_declines_the_next_step_starts_at_once_and_then_the_fallback_is_delivered()
    {
        _chat = ChatHost.Direct(("Routing:Pools:1:Fallback:ChannelId", FallbackChannel), ("Routing:Pools:2:Fallback:ChannelId", FallbackChannel));
        var start = _chat.Clock.GetUtcNow();
        var reference = await _chat.AskExpertsAsync(Person.Alex, $"Why does the invoice show the wrong VAT rate after the customer moved {Token()}?");
        var id = ChatHost.IdOf(reference);

        var first = await DeliveredAsync(id, step: 0);
        Assert.Equal(3, first.Count);
        foreach (var expert in first.Take(2))
        {
            var confirmed = ChatHost.Words(await _chat.ClickAsync(expert, "declineInvitation", ChatHost.With(reference, ("declineReason", "busy"))));
            // The decline is confirmed on the expert's own card, which keeps the question.
            Assert.Contains("You declined: too busy right now. Thank you for saying so.", confirmed, StringComparison.Ordinal);
            Assert.Contains("wrong VAT rate", confirmed, StringComparison.Ordinal);
        }
        // Two of three declined: the third may still take it, so nobody new is asked yet.
        Assert.Equal(0, (await _chat.QuestionAsync(id)).EscalationStep);

        await _chat.ClickAsync(first[2], "declineInvitation", ChatHost.With(reference, ("declineReason", "not-my-area")));

        var moved = await _chat.WaitForAsync(r => ChatHost.IsTo(r, Person.Alex.Chat) && ChatHost.TextOf(r).StartsWith("Nobody took", StringComparison.Ordinal));
        var second = await DeliveredAsync(id, step: 1);
        var question = await _chat.QuestionAsync(id);
        var named = $"{question.Number} (\"{question.Title}\")";
        Assert.Equal(3, second.Count);
        Assert.Empty(second.Intersect(first));
        Assert.StartsWith($"Nobody took {named} (everyone asked declined or could not be reached), so I invited ", ChatHost.TextOf(moved), StringComparison.Ordinal);
        Assert.All(second, p => Assert.Contains(p.Name, ChatHost.TextOf(moved), StringComparison.Ordinal));

        foreach (var expert in second)
        {
            await _chat.ClickAsync(expert, "declineInvitation", ChatHost.With(reference, ("declineReason", "not-my-area")));
        }

        var told = await _chat.WaitForAsync(r => ChatHost.IsTo(r, Person.Alex.Chat) && ChatHost.TextOf(r).Contains("to step in", StringComparison.Ordinal));
        var sent = _chat.Connector.All;
        var plea = $"Nobody has taken {named} from the Billing pool. Can you step in, or reassign it?";
        Assert.Contains(sent, r => ChatHost.IsTo(r, Person.Diego.Chat) && ChatHost.TextOf(r) == plea);
        // A new thread in the fallback channel, rooted on the question's card, with the plea in it.
        var thread = Assert.Single(sent, r => r.RawPath == "/v3/conversations" && r.Body?["channelData"]?["channel"]?["id"]?.ToString() == FallbackChannel);
        Assert.Contains(question.Title, ChatHost.Words(thread), StringComparison.Ordinal);
        Assert.Contains(sent, r => r.RawPath.StartsWith("/v3/conversations/activity-", StringComparison.Ordinal) && ChatHost.TextOf(r) == plea);
        Assert.Equal($"Nobody has taken {named} yet, so I asked Diego Siciliani and the pool's fallback channel to step in.", ChatHost.TextOf(told));
        Assert.True(_chat.Clock.GetUtcNow() - start < TimeSpan.FromMinutes(1), $"{_chat.Clock.GetUtcNow() - start} passed");
    }

    /// <summary>The experts of a step, once each one's invitation card reached their 1:1 chat.</summary>
    private async Task<List<Person>> DeliveredAsync(long id, int step)
    {
        var invited = (await _chat.QuestionAsync(id)).Invitations.Where(i => i.Step == step).Select(i => new Person(i.ExpertId, i.ExpertName)).ToList();
        foreach (var expert in invited)
        {
            await _chat.WaitForAsync(r => ChatHost.IsTo(r, expert.Chat) && ChatHost.Verbs(r.Body).Contains("acceptInvitation"));
        }
        return invited;
    }

    private static string Token() => Guid.NewGuid().ToString("N")[..8];

    public async ValueTask DisposeAsync() => await _chat.DisposeAsync();
}
