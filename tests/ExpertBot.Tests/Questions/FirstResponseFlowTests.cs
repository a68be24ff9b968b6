using ExpertBot.Features.Questions;
using ExpertBot.Features.Tab.Insights;
using ExpertBot.Tests.Connector;
using ExpertBot.Tests.Conversations;
using Microsoft.Extensions.DependencyInjection;

namespace ExpertBot.Tests.Questions;

/// <summary>
/// The question keeps its first invitation and first expert response as they happen, through the real host (messages
/// and card clicks as Teams posts them): what the tab's insights read instead of searching invitations and replies.
/// </summary>
public sealed class FirstResponseFlowTests : IAsyncDisposable
{
    private const string Thread = "19:identity-experts@thread.tacv2;messageid=910";
    private readonly ChatHost _chat = new();

    [Fact]
    public async Task Taking_sets_the_first_response_and_later_replies_do_not_move_it()
    {
        var (reference, id) = await AskAsync();
        var invited = await _chat.QuestionAsync(id);
        Assert.Equal(invited.Invitations.Min(i => i.InvitedAt), invited.FirstInvitedAt);
        Assert.Null(invited.FirstResponseAt);

        // The asker's own words in the thread are no expert response.
        await _chat.SayAsync(Person.Adele, "The customer is on the EU tenant since Monday.", Thread);
        await _chat.WaitUntilAsync(async () => (await _chat.QuestionAsync(id)).Contributions.Count == 1, "the asker's reply stored");
        Assert.Null((await _chat.QuestionAsync(id)).FirstResponseAt);

        _chat.Clock.Advance(TimeSpan.FromMinutes(7));
        await _chat.ClickAsync(Person.Megan, "acceptInvitation", reference.DeepClone().AsObject(), Thread);
        var taken = await _chat.QuestionAsync(id);
        var megan = Assert.Single(taken.Invitations, i => i.ExpertId == Person.Megan.Id);
        Assert.Equal(InvitationStatus.Accepted, megan.Status);
        Assert.NotNull(taken.FirstResponseAt);
        Assert.Equal(megan.AnsweredAt, taken.FirstResponseAt);

        _chat.Clock.Advance(TimeSpan.FromMinutes(5));
        await _chat.SayAsync(Person.Megan, "Answer: add the EU reply URL to the app registration", Thread);
        await _chat.WaitUntilAsync(async () => (await _chat.QuestionAsync(id)).Contributions.Count == 2, "Megan's answer stored");
        var answered = await _chat.QuestionAsync(id);
        Assert.Equal(taken.FirstResponseAt, answered.FirstResponseAt);
        Assert.Equal(invited.FirstInvitedAt, answered.FirstInvitedAt);

        // The insights read it: one question with a first response, as many minutes after asking as it was taken.
        var report = await InsightsAsync(answered);
        Assert.Equal(1, report.FirstResponse.Questions);
        Assert.Equal(Math.Round((megan.AnsweredAt!.Value - answered.CreatedAt).TotalMinutes, 2), report.FirstResponse.MedianMinutes);
        Assert.Equal(new Share(1, 1), report.SentToExperts);
    }

    [Fact]
    public async Task An_experts_reply_before_anyone_takes_it_is_the_first_response()
    {
        var (_, id) = await AskAsync();
        var invited = await _chat.QuestionAsync(id);
        var expert = invited.Invitations.First(i => i.ExpertId != Person.Adele.Id);

        _chat.Clock.Advance(TimeSpan.FromMinutes(3));
        await _chat.SayAsync(new Person(expert.ExpertId, expert.ExpertName), "Is this the same customer as last week's ticket?", Thread);
        await _chat.WaitUntilAsync(async () => (await _chat.QuestionAsync(id)).Contributions.Count == 1, "the expert's reply stored");

        var replied = await _chat.QuestionAsync(id);
        var reply = Assert.Single(replied.Contributions);
        Assert.Equal(reply.CreatedAt, replied.FirstResponseAt);
        Assert.Equal(QuestionStatus.Routing, replied.Status); // nobody took it: the reply alone is the response
        Assert.Equal(1, (await InsightsAsync(replied)).FirstResponse.Questions);
    }

    private async Task<(System.Text.Json.Nodes.JsonObject Reference, long Id)> AskAsync()
    {
        // Teams answers a new channel thread with the thread's conversation id and the root's activity id.
        _chat.Connector.Script("/v3/conversations", new FakeAnswer(201, $$"""{"id":"{{Thread}}","activityId":"910"}"""));
        var reference = await _chat.AskExpertsAsync(Person.Adele, $"Customer on CAS-10421 gets AADSTS50011 after the EU move {Guid.NewGuid():N}?");
        var id = ChatHost.IdOf(reference);
        await _chat.WaitForAsync(r => ChatHost.IsTo(r, Thread) && r.Method == "POST" && ChatHost.Verbs(r.Body).Contains("acceptInvitation"));
        return (reference, id);
    }

    private Task<InsightsReport> InsightsAsync(Question question) =>
        _chat.Services.GetRequiredService<InsightsQuery>().ReportAsync(
            new InsightsFilter(null, question.CreatedAt.AddSeconds(-1), question.CreatedAt.AddDays(1)), default);

    public async ValueTask DisposeAsync() => await _chat.DisposeAsync();
}
