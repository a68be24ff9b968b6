using ExpertBot.CardActions;
using ExpertBot.Teams;

namespace ExpertBot.Features.Questions.Actions;

/// <summary>
/// Follow a question: short updates in a 1:1 chat on every change. Its people may follow it (the asker, the invited
/// experts, its pool's experts, supervisors), and anyone in the company when Questions:OpenToCompany says so.
/// </summary>
internal sealed record FollowQuestion(long QuestionId) : ICardVerb<FollowQuestion>, IAboutSubject
{
    public static string Verb => "follow";

    public static Who Who => QuestionSubject.Participants;

    public SubjectRef Subject => QuestionSubject.Of(QuestionId);

    public static FollowQuestion Bind(CardData data) => new(data.SignedId("questionId"));
}

internal sealed class FollowQuestionHandler(QuestionService questions, QuestionCards cards) : ICardActionHandler<FollowQuestion>
{
    public async Task<CardReply> HandleAsync(CardAction<FollowQuestion> action, CancellationToken ct)
    {
        // Updates go to the follower's 1:1 chat, never as new posts in the channel the card was in.
        var follower = action.Actor with { Chat = TeamsAddress.PersonalChat(action.Activity) };
        return cards.Reply(await questions.FollowAsync(action.Data.QuestionId, follower, ct), cards.Status);
    }
}

/// <summary>Stop following (the follower's update card); the same people as may follow, so a second click is harmless.</summary>
internal sealed record UnfollowQuestion(long QuestionId) : ICardVerb<UnfollowQuestion>, IAboutSubject
{
    public static string Verb => "unfollow";

    public static Who Who => QuestionSubject.Participants;

    public SubjectRef Subject => QuestionSubject.Of(QuestionId);

    public static UnfollowQuestion Bind(CardData data) => new(data.SignedId("questionId"));
}

internal sealed class UnfollowQuestionHandler(QuestionService questions, QuestionCards cards) : ICardActionHandler<UnfollowQuestion>
{
    public async Task<CardReply> HandleAsync(CardAction<UnfollowQuestion> action, CancellationToken ct) =>
        cards.Reply(await questions.UnfollowAsync(action.Data.QuestionId, action.Actor, ct), cards.Status);
}
