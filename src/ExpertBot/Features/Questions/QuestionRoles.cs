using ExpertBot.CardActions;

namespace ExpertBot.Features.Questions;

/// <summary>What a user asks to do to a question from a card or a command.</summary>
internal enum QuestionAction { Take, Decline, Propose, Accept, Rate, Cancel, Follow, Unfollow }

/// <summary>
/// Who may do what. The actor is the authenticated sender (<c>from.aadObjectId</c>), never a value from card data.
/// Pure, so every rule is tested on its own.
/// </summary>
internal static class QuestionRoles
{
    /// <param name="isSupervisor">Whether the actor is a supervisor (Questions:Supervisors, by user id or group: see <see cref="Hosting.AppRoles"/>).</param>
    public static Refusal? Check(QuestionAction action, string actorId, Question question, bool isSupervisor)
    {
        var isAsker = string.Equals(question.AskerId, actorId, StringComparison.OrdinalIgnoreCase);
        var invitation = question.Invitations.LastOrDefault(i => string.Equals(i.ExpertId, actorId, StringComparison.OrdinalIgnoreCase));
        return action switch
        {
            QuestionAction.Take or QuestionAction.Decline when invitation is null =>
                new Refusal("You're not invited", $"Only the experts invited to {question.Number} can take or decline it."),
            // Withdrawn with the question's closing: the expert answered nothing, so say what happened to the question.
            QuestionAction.Take or QuestionAction.Decline when invitation.Status == InvitationStatus.Withdrawn =>
                new Refusal("That can't be done now", $"{question.Number} is {Question.Describe(question.Status)}."),
            QuestionAction.Take or QuestionAction.Decline when invitation.Status != InvitationStatus.Invited =>
                new Refusal("Already answered", $"You already {Past(invitation.Status)} this invitation to {question.Number}."),
            QuestionAction.Propose when invitation?.Status != InvitationStatus.Accepted =>
                new Refusal("Join first", $"Only experts who took {question.Number} can propose an answer."),
            QuestionAction.Accept or QuestionAction.Rate or QuestionAction.Cancel when !isAsker && !isSupervisor =>
                new Refusal("Only the asker can do that", $"Only {question.AskerName} (or a supervisor) can {Name(action)} {question.Number}."),
            _ => null,
        };
    }

    private static string Past(InvitationStatus status) => status switch
    {
        InvitationStatus.Accepted => "took",
        InvitationStatus.Declined => "declined",
        InvitationStatus.TimedOut => "let time out",
        _ => "answered",
    };

    private static string Name(QuestionAction action) => action.ToString().ToLowerInvariant();
}
