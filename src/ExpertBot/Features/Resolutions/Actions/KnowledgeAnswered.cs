using ExpertBot.CardActions;
using ExpertBot.Features.Questions;
using ExpertBot.Features.Questions.Actions;
using ExpertBot.Features.Knowledge;

namespace ExpertBot.Features.Resolutions.Actions;

/// <summary>"This answers it" on a knowledge suggestion: the question is resolved by the article the asker was shown.</summary>
internal sealed record KnowledgeAnswered(long QuestionId, string? ArticleId) : ICardVerb<KnowledgeAnswered>, IAboutSubject
{
    public static string Verb => "kbAnswered";

    public static Who Who => Who.Asker;

    public SubjectRef Subject => QuestionSubject.Of(QuestionId);

    public static KnowledgeAnswered Bind(CardData data) => new(data.SignedId("questionId"), data.SignedText("articleId"));
}

internal sealed class KnowledgeAnsweredHandler(QuestionService questions, KnowledgeIndex knowledge, QuestionCards cards, ResolutionFlow flow)
    : ICardActionHandler<KnowledgeAnswered>
{
    public async Task<CardReply> HandleAsync(CardAction<KnowledgeAnswered> action, CancellationToken ct)
    {
        var question = await questions.FindAsync(action.Data.QuestionId, ct);
        // The article the card showed; a card from before cards named it answers with the best match, as they did then.
        var article = action.Data.ArticleId is { } id
            ? knowledge.Find(id)
            : question is null ? null : (await knowledge.SearchAsync(question.Title + " " + question.Details, 1, ct: ct)) is [var best, ..] ? best.Article : null;
        if (question is null || article is null)
        {
            return cards.Reply(QuestionOutcome.Refused(question, new Refusal("That article is gone", "The article this card showed is no longer in the knowledge base; nothing changed.")));
        }
        var outcome = await questions.AnsweredByKnowledgeBaseAsync(question.Id, action.Actor, article.Id, article.Resolution, ct);
        return await flow.ResolvedAsync(outcome, action.Activity, ct);
    }
}
