using ExpertBot.Features.Questions;

namespace ExpertBot.Tests.Questions;

public sealed class LifecycleTests
{
    // Names, not enum values: the enums are internal and xunit theories are public.
    public static TheoryData<string, string, string> LegalMoves => new()
    {
        { "Open", "RouteToExperts", "Routing" },
        { "Open", "AnsweredByKnowledgeBase", "Resolved" },
        { "Open", "Accept", "Resolved" },
        { "Open", "Expire", "Expired" },
        { "Open", "Cancel", "Cancelled" },
        { "Routing", "Escalate", "Routing" },
        { "Routing", "ExpertJoined", "InDiscussion" },
        { "Routing", "Accept", "Resolved" },
        { "Routing", "Expire", "Expired" },
        { "Routing", "Cancel", "Cancelled" },
        { "InDiscussion", "ExpertJoined", "InDiscussion" },
        { "InDiscussion", "AnswerProposed", "Answered" },
        { "InDiscussion", "Accept", "Resolved" },
        { "InDiscussion", "Expire", "Expired" },
        { "InDiscussion", "Cancel", "Cancelled" },
        { "Answered", "ExpertJoined", "Answered" },
        { "Answered", "AnswerProposed", "Answered" },
        { "Answered", "AnswerRejected", "InDiscussion" },
        { "Answered", "Accept", "Resolved" },
        { "Answered", "Expire", "Expired" },
        { "Answered", "Cancel", "Cancelled" },
    };

    [Theory]
    [MemberData(nameof(LegalMoves))]
    public void Legal_move_reaches_its_state(string from, string happened, string expected)
    {
        Assert.True(QuestionLifecycle.TryMove(Enum.Parse<QuestionStatus>(from), Enum.Parse<QuestionEvent>(happened), out var to));
        Assert.Equal(Enum.Parse<QuestionStatus>(expected), to);
    }

    [Fact]
    public void Every_move_not_in_the_table_is_refused()
    {
        var legal = LegalMoves.Select(row => (Enum.Parse<QuestionStatus>((string)row[0]), Enum.Parse<QuestionEvent>((string)row[1]))).ToHashSet();
        var refused = 0;
        foreach (var from in Enum.GetValues<QuestionStatus>())
        {
            foreach (var happened in Enum.GetValues<QuestionEvent>())
            {
                if (!legal.Contains((from, happened)))
                {
                    Assert.False(QuestionLifecycle.TryMove(from, happened, out _), $"{from} --{happened}--> should be refused");
                    refused++;
                }
            }
        }
        // 7 states x 9 events minus the 21 legal moves.
        Assert.Equal(7 * 9 - 21, refused);
    }

    [Theory]
    [InlineData("Resolved")]
    [InlineData("Expired")]
    [InlineData("Cancelled")]
    public void Terminal_states_accept_nothing(string name)
    {
        var terminal = Enum.Parse<QuestionStatus>(name);
        Assert.True(QuestionLifecycle.IsTerminal(terminal));
        Assert.All(Enum.GetValues<QuestionEvent>(), e => Assert.False(QuestionLifecycle.TryMove(terminal, e, out _)));
    }

    [Fact]
    public void Invitation_is_answered_once()
    {
        Assert.True(InvitationLifecycle.TryAccept(InvitationStatus.Invited, out var accepted));
        Assert.Equal(InvitationStatus.Accepted, accepted);
        Assert.True(InvitationLifecycle.TryDecline(InvitationStatus.Invited, out var declined));
        Assert.Equal(InvitationStatus.Declined, declined);
        Assert.True(InvitationLifecycle.TryTimeOut(InvitationStatus.Invited, out var timedOut));
        Assert.Equal(InvitationStatus.TimedOut, timedOut);

        foreach (var answered in new[] { InvitationStatus.Accepted, InvitationStatus.Declined, InvitationStatus.TimedOut })
        {
            Assert.False(InvitationLifecycle.TryAccept(answered, out var a));
            Assert.Equal(answered, a);
            Assert.False(InvitationLifecycle.TryDecline(answered, out var d));
            Assert.Equal(answered, d);
            Assert.False(InvitationLifecycle.TryTimeOut(answered, out var t));
            Assert.Equal(answered, t);
        }
    }
}
