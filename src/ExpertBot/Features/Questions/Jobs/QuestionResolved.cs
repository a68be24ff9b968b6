using ExpertBot.Storage.Jobs;

namespace ExpertBot.Features.Questions.Jobs;

/// <summary>
/// A question was resolved: the outbox record of what follows (writing the resolution back to its case). Enqueued in the
/// resolution's own transaction, so it exists exactly when the resolution does; handled by the Resolutions feature.
/// </summary>
internal sealed record QuestionResolved(long QuestionId) : IJob<QuestionResolved>
{
    public static string Kind => "questions.resolved";
}
