using ExpertBot.Storage.Jobs;

namespace ExpertBot.Features.Questions.Jobs;

/// <summary>The idle timer: no activity since <see cref="SeenActivity"/> reminds the asker, then expires the question.</summary>
internal sealed record CheckIdle(long QuestionId, DateTimeOffset SeenActivity) : IJob<CheckIdle>
{
    public static string Kind => "questions.idle";
}

internal sealed class CheckIdleHandler(QuestionService questions) : IJobHandler<CheckIdle>
{
    public Task HandleAsync(CheckIdle job, JobContext context, CancellationToken ct) => questions.IdleAsync(job.QuestionId, job.SeenActivity, ct);
}
