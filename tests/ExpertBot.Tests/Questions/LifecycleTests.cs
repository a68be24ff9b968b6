using ExpertBot.Features.Questions;
using ExpertBot.Teams;

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
        Assert.Equal(7 * 8 - 20, refused);
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
        Assert.True(InvitationLifecycle.TryWithdraw(InvitationStatus.Invited, out var withdrawn));
        Assert.Equal(InvitationStatus.Withdrawn, withdrawn);

        foreach (var answered in new[] { InvitationStatus.Accepted, InvitationStatus.Declined, InvitationStatus.TimedOut, InvitationStatus.Withdrawn })
        {
            Assert.False(InvitationLifecycle.TryAccept(answered, out var a));
            Assert.Equal(answered, a);
            Assert.False(InvitationLifecycle.TryDecline(answered, out var d));
            Assert.Equal(answered, d);
            Assert.False(InvitationLifecycle.TryTimeOut(answered, out var t));
            Assert.Equal(answered, t);
            Assert.False(InvitationLifecycle.TryWithdraw(answered, out var w));
            Assert.Equal(answered, w);
        }
    }

    [Theory]
    [InlineData("Routing", "Accept")]
    [InlineData("InDiscussion", "Expire")]
    [InlineData("Answered", "Cancel")]
    public void Closing_a_question_withdraws_the_invitations_still_waiting_and_only_those(string from, string happened)
    {
        var closedAt = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
        var question = WithInvitations(Enum.Parse<QuestionStatus>(from));

        Assert.Null(question.Apply(Enum.Parse<QuestionEvent>(happened), closedAt));

        Assert.Equal(
            [(InvitationStatus.Withdrawn, closedAt), (InvitationStatus.Accepted, Earlier), (InvitationStatus.Declined, Earlier), (InvitationStatus.TimedOut, Earlier)],
            question.Invitations.Select(i => (i.Status, i.AnsweredAt)));
    }

    [Theory]
    [InlineData("Routing", "Escalate")]
    [InlineData("Routing", "ExpertJoined")]
    [InlineData("InDiscussion", "AnswerProposed")]
    public void Moves_that_leave_the_question_open_leave_its_invitations_as_they_are(string from, string happened)
    {
        var question = WithInvitations(Enum.Parse<QuestionStatus>(from));

        Assert.Null(question.Apply(Enum.Parse<QuestionEvent>(happened), Earlier.AddHours(1)));

        Assert.Equal([InvitationStatus.Invited, InvitationStatus.Accepted, InvitationStatus.Declined, InvitationStatus.TimedOut],
            question.Invitations.Select(i => i.Status));
        Assert.Null(question.Invitations[0].AnsweredAt);
    }

    [Fact]
    public void An_expert_is_invited_once_and_never_the_asker()
    {
        var question = WithInvitations(QuestionStatus.Routing);
        var count = question.Invitations.Count;

        Assert.Null(question.Invite("asker", "Alex", "asked it", Earlier));
        Assert.Null(question.Invite("WAITING", "Megan", "knows SSO", Earlier)); // ids compare as Entra ids do: any case
        var invited = question.Invite("new", "Patti", "knows OIDC", Earlier);

        Assert.NotNull(invited);
        Assert.Equal((count + 1, question.EscalationStep, InvitationStatus.Invited, 7L), (question.Invitations.Count, invited.Step, invited.Status, invited.QuestionId));
    }

    [Fact]
    public void An_answered_invitation_cannot_be_answered_again_and_the_question_does_not_change()
    {
        var question = WithInvitations(QuestionStatus.Routing);
        var declined = question.InvitationOf("declined")!;
        var version = question.Version;

        Assert.False(question.Decline(declined, DeclineReason.TooBusy, null, Earlier.AddHours(1)));
        Assert.False(question.MarkUndeliverable(declined, Earlier.AddHours(1)));
        Assert.Equal((InvitationStatus.Declined, (DateTimeOffset?)Earlier, version), (declined.Status, declined.AnsweredAt, question.Version));

        Assert.True(question.Decline(question.InvitationOf("waiting")!, DeclineReason.SomeoneElse, "colleague", Earlier.AddHours(1)));
        Assert.Equal((InvitationStatus.Declined, "colleague", version + 1), (question.InvitationOf("waiting")!.Status, question.InvitationOf("waiting")!.SuggestedExpertId, question.Version));
    }

    private static readonly DateTimeOffset Earlier = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static Question WithInvitations(QuestionStatus status) => new()
    {
        Id = 7,
        AskerId = "asker",
        AskerName = "Alex Wilber",
        AskerChat = new ConversationRef("http://localhost/_connector", "msteams", "chat", null, null),
        Title = "SSO fails",
        Status = status,
        Invitations =
        [
            new Invitation { ExpertId = "waiting", ExpertName = "Megan", Reason = "knows SSO" },
            new Invitation { ExpertId = "joined", ExpertName = "Adele", Reason = "knows SAML", Status = InvitationStatus.Accepted, AnsweredAt = Earlier },
            new Invitation { ExpertId = "declined", ExpertName = "Isaiah", Reason = "knows ADFS", Status = InvitationStatus.Declined, AnsweredAt = Earlier },
            new Invitation { ExpertId = "late", ExpertName = "Lynne", Reason = "knows Entra", Status = InvitationStatus.TimedOut, AnsweredAt = Earlier },
        ],
    };
}
