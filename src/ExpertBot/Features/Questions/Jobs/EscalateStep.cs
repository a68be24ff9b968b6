using ExpertBot.Storage.Jobs;

namespace ExpertBot.Features.Questions.Jobs;

/// <summary>The time-out of a step's invitations: when nobody took them, ask the next experts or the fallback.</summary>
internal sealed record EscalateStep(long QuestionId, int Step) : IJob<EscalateStep>
{
    public static string Kind => "questions.escalate";
}

internal sealed class EscalateStepHandler(QuestionService questions, QuestionRouting routing, KnowledgeHints hints) : IJobHandler<EscalateStep>
{
    public async Task HandleAsync(EscalateStep job, JobContext context, CancellationToken ct)
    {
        if (await questions.FindAsync(job.QuestionId, ct) is not { } question)
        {
            return;
        }
        var invited = question.Invitations.Select(i => i.ExpertId).Append(question.AskerId).ToArray();
        var pool = routing.PoolFor(question);
        var next = question.Status == QuestionStatus.Routing && question.EscalationStep == job.Step
            ? await routing.FindExpertsAsync(question, invited, pool.ExpertsPerStep, ct, await hints.ForAsync(question.Title, question.Details, ct))
            : [];
        await questions.EscalateAsync(question.Id, job.Step, next, pool.Policy, ct);
    }
}
