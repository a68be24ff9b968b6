using ExpertBot.CardActions;
using ExpertBot.Features.Questions;
using ExpertBot.Features.Questions.Actions;
using ExpertBot.Storage.Jobs;

namespace ExpertBot.Features.Resolutions.Actions;

/// <summary>"Try again" on a note that was not written: the write-back runs again, with the same idempotency key.</summary>
internal sealed record RetryCaseNote(long QuestionId) : ICardVerb<RetryCaseNote>, IAboutSubject
{
    public static string Verb => "retryCaseNote";

    public static Who Who => Who.Asker | Who.Supervisor;

    public SubjectRef Subject => QuestionSubject.Of(QuestionId);

    public static RetryCaseNote Bind(CardData data) => new(data.SignedId("questionId"));
}

internal sealed class RetryCaseNoteHandler(QuestionService questions, ResolutionStore store, ResolutionCards cards, JobQueue jobs)
    : ICardActionHandler<RetryCaseNote>
{
    public async Task<CardReply> HandleAsync(CardAction<RetryCaseNote> action, CancellationToken ct)
    {
        var question = (await questions.FindAsync(action.Data.QuestionId, ct))!;
        var resolution = await store.FindAsync(question.Id, ct);
        if (resolution is not { NoteState: CaseNoteState.Failed })
        {
            // Written meanwhile, or already being retried: nothing to start again.
            return CardReply.Notice(ResolutionCards.NoteText(question, resolution) ?? "There is no case note to write for this question.");
        }
        var row = await store.UpdateAsync(question.Id, r =>
        {
            r.NoteState = CaseNoteState.Pending;
            r.NoteProblem = null;
            r.Retries++;
        }, ct);
        // A new job per retry (its own dedup key); the note's idempotency key is the question's, so it is still written once.
        await jobs.EnqueueAsync(QuestionJobs.Resolved(question) with
        {
            DedupKey = NewJob.Key(Questions.Jobs.QuestionResolved.Kind, question.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "retry", row.Retries.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        }, ct);
        return new CardReply(cards.Resolved(question, row));
    }
}
