using ExpertBot.Storage.Jobs;

namespace ExpertBot.Features.Questions.Jobs;

/// <summary>
/// A question was resolved: its knowledge is captured (a draft article, or a link to the article that answered it).
/// Enqueued in the resolution's own transaction; handled by the Resolutions feature, which hands the question to Knowledge.
/// </summary>
internal sealed record DraftArticle(long QuestionId) : IJob<DraftArticle>
{
    public static string Kind => "questions.draft-article";
}
