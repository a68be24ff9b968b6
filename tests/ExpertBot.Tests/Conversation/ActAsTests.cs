using ExpertBot.Features.Conversation;
using ExpertBot.Features.Questions;
using ExpertBot.Protocol.Activities;
using ExpertBot.Tests.Auth;
using Microsoft.Extensions.DependencyInjection;

// Not "...Conversation": the end-to-end tests have a helper of that name, which a namespace would hide.
namespace ExpertBot.Tests.Conversations;

/// <summary>
/// Issue 14, item 1: in the local demo (auth off, loopback) one Playground user plays the others with "act as"; with auth on
/// the command does not exist and nobody is impersonated. The walkthrough through the Playground
/// (EndToEnd/ReadmeWalkthroughTests) follows the README's steps; these check each rule on its own.
/// </summary>
public sealed class ActAsTests(AuthHostFixture authOn) : IClassFixture<AuthHostFixture>, IAsyncDisposable
{
    private const string SsoQuestion = "Customer on CAS-10421 gets AADSTS50011 after the EU move";
    private readonly ChatHost _chat = new();

    [Fact]
    public async Task Acting_as_an_expert_makes_the_next_click_theirs_until_act_as_me()
    {
        var question = await _chat.AskExpertsAsync(Person.Adele, $"{SsoQuestion} {Token()}?");
        var id = ChatHost.IdOf(question);
        Assert.Contains((await _chat.QuestionAsync(id)).Invitations, i => i.ExpertId == Person.Megan.Id);

        // Alex (the one Playground user) is not invited: as himself he may not take it.
        var asAlex = await _chat.ClickAsync(Person.Alex, "acceptInvitation", question.DeepClone().AsObject());
        Assert.Contains("You're not invited", ChatHost.Words(asAlex), StringComparison.Ordinal);

        await _chat.SayAsync(Person.Alex, "act as Megan Bowen");
        Assert.Contains("You are now acting as **Megan Bowen** (Senior Identity Engineer)",
            ChatHost.TextOf(await _chat.NextToAsync(Person.Alex, "acting as")), StringComparison.Ordinal);
        var taken = await _chat.ClickAsync(Person.Alex, "acceptInvitation", question.DeepClone().AsObject());
        Assert.DoesNotContain("not invited", ChatHost.Words(taken), StringComparison.Ordinal);
        var megans = Assert.Single((await _chat.QuestionAsync(id)).Invitations, i => i.ExpertId == Person.Megan.Id);
        Assert.Equal(InvitationStatus.Accepted, megans.Status);

        await _chat.SayAsync(Person.Alex, "act as me");
        Assert.Contains("You are yourself again (Alex Wilber)", ChatHost.TextOf(await _chat.NextToAsync(Person.Alex, "yourself again")), StringComparison.Ordinal);
        var declined = await _chat.ClickAsync(Person.Alex, "declineInvitation", ChatHost.With(question, ("declineReason", "not-my-area")));
        Assert.Contains("You're not invited", ChatHost.Words(declined), StringComparison.Ordinal);
        Assert.Equal(InvitationStatus.Accepted, (await _chat.QuestionAsync(id)).Invitations.Single(i => i.ExpertId == Person.Megan.Id).Status);
    }

    [Theory]
    [InlineData("act as Nobody Atall", "Nobody in the demo directory is called \"Nobody Atall\"")]
    [InlineData("act as Megan Bowen-Smith", "Nobody in the demo directory is called \"Megan Bowen-Smith\"")]
    public async Task An_unknown_name_gets_a_clear_answer_and_nobody_is_impersonated(string command, string answer)
    {
        await _chat.SayAsync(Person.Alex, command);

        Assert.Contains(answer, ChatHost.TextOf(await _chat.NextToAsync(Person.Alex, "Nobody in the demo")), StringComparison.Ordinal);
        Assert.Null(_chat.Services.GetRequiredService<DemoIdentity>().ActingAs(FromAlex()));
        Assert.Empty(await _chat.QuestionsOfAsync(Person.Alex));
    }

    [Fact]
    public async Task With_auth_on_act_as_does_not_exist_and_nobody_is_impersonated()
    {
        var demo = authOn.Factory.Services.GetRequiredService<DemoIdentity>();
        Assert.False(demo.Enabled);

        var answer = await demo.TryCommandAsync(FromAlex(), "act as Megan Bowen", CancellationToken.None);

        Assert.Equal("`act as` exists only in the local demo. In Teams you are always yourself.", answer);
        var next = FromAlex();
        demo.Apply(next);
        Assert.Null(demo.ActingAs(next));
        Assert.Equal(Person.Alex.Id, next.From!.AadObjectId);
        Assert.Equal(Person.Alex.Name, next.From.Name);
        // Its help lists no "act as" (the demo's does: HelpTests).
        Assert.DoesNotContain(HelpCard.Default.Commands, c => c.Name.StartsWith("act as", StringComparison.Ordinal));
    }

    private static Activity FromAlex() => new()
    {
        Type = ActivityTypes.Message,
        From = new ChannelAccount { Id = Person.Alex.TeamsId, AadObjectId = Person.Alex.Id, Name = Person.Alex.Name },
    };

    private static string Token() => Guid.NewGuid().ToString("N")[..8];

    public async ValueTask DisposeAsync() => await _chat.DisposeAsync();
}
