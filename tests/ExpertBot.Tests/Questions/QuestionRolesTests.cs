using ExpertBot.Features.Questions;
using ExpertBot.Teams;

namespace ExpertBot.Tests.Questions;

public sealed class QuestionRolesTests
{
    private static Question Sample(QuestionStatus status = QuestionStatus.Open) => new()
    {
        Id = 7,
        Status = status,
        AskerId = "asker",
        AskerName = "Alex Wilber",
        AskerChat = new ConversationRef("http://localhost/_connector", "msteams", "chat", null, null),
        Title = "SSO fails",
        Invitations =
        [
            new Invitation { ExpertId = "invited", ExpertName = "Megan", Reason = "knows SSO" },
            new Invitation { ExpertId = "joined", ExpertName = "Adele", Reason = "knows SAML", Status = InvitationStatus.Accepted },
            new Invitation { ExpertId = "declined", ExpertName = "Isaiah", Reason = "knows ADFS", Status = InvitationStatus.Declined },
            new Invitation { ExpertId = "withdrawn", ExpertName = "Lynne", Reason = "knows Entra", Status = InvitationStatus.Withdrawn },
        ],
    };

    [Theory]
    [InlineData("Take", "invited", null)]
    [InlineData("Decline", "invited", null)]
    [InlineData("Take", "stranger", "You're not invited")]
    [InlineData("Take", "asker", "You're not invited")]
    [InlineData("Take", "joined", "Already answered")]
    [InlineData("Decline", "declined", "Already answered")]
    [InlineData("Take", "withdrawn", "That can't be done now")]
    [InlineData("Decline", "withdrawn", "That can't be done now")]
    [InlineData("Propose", "joined", null)]
    [InlineData("Propose", "invited", "Join first")]
    [InlineData("Propose", "asker", "Join first")]
    [InlineData("Accept", "asker", null)]
    [InlineData("Accept", "ASKER", null)]
    [InlineData("Accept", "joined", "Only the asker can do that")]
    [InlineData("Rate", "asker", null)]
    [InlineData("Rate", "invited", "Only the asker can do that")]
    [InlineData("Cancel", "asker", null)]
    [InlineData("Cancel", "stranger", "Only the asker can do that")]
    [InlineData("Follow", "stranger", null)]
    public void Each_action_is_allowed_only_to_its_role(string action, string actor, string? refusal)
    {
        var result = QuestionRoles.Check(Enum.Parse<QuestionAction>(action), actor, Sample(), isSupervisor: false);

        Assert.Equal(refusal, result?.Title);
    }

    [Fact]
    public void A_supervisor_may_accept_and_cancel_but_not_take()
    {
        Assert.Null(QuestionRoles.Check(QuestionAction.Accept, "lead", Sample(), isSupervisor: true));
        Assert.Null(QuestionRoles.Check(QuestionAction.Cancel, "lead", Sample(), isSupervisor: true));
        Assert.NotNull(QuestionRoles.Check(QuestionAction.Take, "lead", Sample(), isSupervisor: true));
        Assert.NotNull(QuestionRoles.Check(QuestionAction.Cancel, "lead", Sample(), isSupervisor: false));
    }

    [Fact]
    public void An_illegal_move_is_refused_and_changes_nothing()
    {
        var question = Sample(QuestionStatus.Resolved);
        var version = question.Version;

        var refusal = question.Apply(QuestionEvent.Cancel, DateTimeOffset.UnixEpoch);

        Assert.NotNull(refusal);
        Assert.Contains("Q-7 is resolved", refusal.Reason, StringComparison.Ordinal);
        Assert.Equal(QuestionStatus.Resolved, question.Status);
        Assert.Equal(version, question.Version);
    }
}
