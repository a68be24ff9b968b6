using ExpertBot.CardActions;
using ExpertBot.Features.Questions;
using ExpertBot.Features.Questions.Actions;

namespace ExpertBot.Features.Resolutions.Actions;

/// <summary>"Accept this answer" on an expert's relayed reply: the question is resolved with that reply.</summary>
internal sealed record AcceptAnswer(long QuestionId, long ReplyId) : ICardVerb<AcceptAnswer>, IAboutSubject
{
    public static string Verb => "acceptAnswer";

    public static Who Who => Who.Asker | Who.Supervisor;

    public SubjectRef Subject => QuestionSubject.Of(QuestionId);

    public static AcceptAnswer Bind(CardData data) => new(data.SignedId("questionId"), data.SignedId("replyId"));
}

internal sealed class AcceptAnswerHandler(QuestionService questions, ResolutionFlow flow) : ICardActionHandler<AcceptAnswer>
{
    public async Task<CardReply> HandleAsync(CardAction<AcceptAnswer> action, CancellationToken ct) =>
        await flow.ResolvedAsync(await questions.AcceptAsync(action.Data.QuestionId, action.Actor, action.Data.ReplyId, null, ct), action.Activity, ct);
}

/// <summary>"Resolve with my answer" on the question card: the asker writes the answer that solved the case.</summary>
internal sealed record ResolveQuestion(long QuestionId, string FinalAnswer) : ICardVerb<ResolveQuestion>, IAboutSubject
{
    public static string Verb => "resolveQuestion";

    public static Who Who => Who.Asker | Who.Supervisor;

    public SubjectRef Subject => QuestionSubject.Of(QuestionId);

    public static ResolveQuestion Bind(CardData data) => new(data.SignedId("questionId"),
        data.RequiredText("finalAnswer", QuestionLimits.TextLength, new Refusal("Nothing to resolve with", "Write the answer that solved the case first; nothing changed.")));
}

internal sealed class ResolveQuestionHandler(QuestionService questions, ResolutionFlow flow) : ICardActionHandler<ResolveQuestion>
{
    public async Task<CardReply> HandleAsync(CardAction<ResolveQuestion> action, CancellationToken ct) =>
        await flow.ResolvedAsync(await questions.AcceptAsync(action.Data.QuestionId, action.Actor, null, action.Data.FinalAnswer, ct), action.Activity, ct);
}
