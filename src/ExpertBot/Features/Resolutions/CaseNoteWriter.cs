using System.Text;
using ExpertBot.Features.Cases;
using ExpertBot.Features.Experts;
using ExpertBot.Features.Questions;
using ExpertBot.Features.Questions.Jobs;
using ExpertBot.Integrations.Crm;
using ExpertBot.Protocol.Connector;
using ExpertBot.Storage.Jobs;
using ExpertBot.Teams;

namespace ExpertBot.Features.Resolutions;

/// <summary>
/// Writes a resolved question back to its case as an internal note: the question, the accepted answer, who helped, and
/// links to the Teams thread and the knowledge article. It runs from the outbox, after the resolution committed: a CRM
/// that is slow or down delays the note, never loses it, and the note's idempotency key (one per question) keeps every
/// retry, here or after a crash, from writing a second one. Each outcome updates the resolved card in place; a note that
/// cannot be written tells the asker and the supervisors, with a way to try again.
/// </summary>
internal sealed partial class CaseNoteWriter(
    QuestionService questions, ICaseSystem cases, ResolutionStore resolutions, ResolutionCards cards, BotConnectorClient connector,
    PersonalChats chats, JobEffects effects, Microsoft.Extensions.Options.IOptions<QuestionOptions> options, ILogger<CaseNoteWriter> logger,
    ModelCustomerReply replies, CaseLookup caseLookup, ExpertDirectory directory)
    : IJobHandler<QuestionResolved>
{
    public async Task HandleAsync(QuestionResolved job, JobContext context, CancellationToken ct)
    {
        if (await questions.FindAsync(job.QuestionId, ct) is not { Status: QuestionStatus.Resolved } question)
        {
            return;
        }
        await WriteCustomerReplyAsync(question, ct);
        if (question.CaseNumber is not { } caseNumber)
        {
            await UpdateCardAsync(question, await resolutions.UpdateAsync(question.Id, r => r.NoteState = CaseNoteState.NoCase, ct), ct);
            return;
        }
        if (await resolutions.FindAsync(question.Id, ct) is { NoteState: CaseNoteState.Written })
        {
            return; // Written by an earlier run whose completion was lost.
        }
        try
        {
            var written = await cases.AddInternalNoteAsync(Note(question, caseNumber), ct);
            var row = await resolutions.UpdateAsync(question.Id, r =>
            {
                r.NoteState = CaseNoteState.Written;
                r.NoteSystem = written.System;
                r.NoteCase = written.CaseNumber;
                r.NoteId = written.NoteId;
                r.NoteUrl = written.Url?.ToString();
                r.NoteProblem = null;
            }, ct);
            LogWritten(logger, question.Number, written.CaseNumber, written.System);
            await UpdateCardAsync(question, row, ct);
        }
        catch (CrmException ex) when (!ex.IsRetriable || context.IsLastAttempt)
        {
            var problem = ex.IsRetriable
                ? $"{cases.DisplayName} kept failing ({Reason(ex)})"
                : ex is CrmPermanentException { CaseNotFound: true } ? $"there is no case {caseNumber} in {cases.DisplayName}" : $"{cases.DisplayName} refused it ({Reason(ex)})";
            var row = await resolutions.UpdateAsync(question.Id, r =>
            {
                r.NoteState = CaseNoteState.Failed;
                r.NoteSystem = cases.DisplayName;
                r.NoteCase = caseNumber;
                r.NoteProblem = problem;
            }, ct);
            await UpdateCardAsync(question, row, ct);
            await TellAsync(question, row, context, ct);
            throw new PermanentJobFailure($"The note on {caseNumber} for {question.Number} was not written: {problem}.", ex);
        }
        catch (CrmException ex)
        {
            // Retried with backoff (the CRM's own Retry-After when it gave one); the card says it is on its way.
            await resolutions.UpdateAsync(question.Id, r =>
            {
                r.NoteState = CaseNoteState.Pending;
                r.NoteSystem = cases.DisplayName;
                r.NoteCase = caseNumber;
                r.NoteProblem = Reason(ex);
            }, ct);
            throw;
        }
    }

    /// <summary>
    /// With a language model configured, it writes the customer reply (once; a failure leaves the extractive one). Here, in
    /// the job that owns the resolved card's updates, so every update of the card shows the same reply.
    /// </summary>
    private async Task WriteCustomerReplyAsync(Question question, CancellationToken ct)
    {
        if (!replies.Configured || (await resolutions.FindAsync(question.Id, ct))?.CustomerReplyBy is not null)
        {
            return;
        }
        var customerCase = await caseLookup.FindAsync(question.CaseNumber, ct);
        if (await replies.WriteAsync(question, [.. new[] { customerCase?.Customer, customerCase?.Contact }.OfType<string>()], ct) is { } reply)
        {
            await resolutions.UpdateAsync(question.Id, r => (r.CustomerReply, r.CustomerReplyBy) = (reply.Body, reply.WrittenBy), ct);
        }
    }

    /// <summary>The note's text: what the case history needs to make sense without Teams.</summary>
    internal static InternalNote Note(Question q, string caseNumber)
    {
        var accepted = q.Contributions.FirstOrDefault(c => c.Accepted);
        var helpers = q.Contributions.Where(c => !c.FromAsker).Select(c => c.AuthorName).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var text = new StringBuilder();
        text.Append("Resolved in Microsoft Teams with ExpertBot (").Append(q.Number).Append(").\n\n");
        text.Append("Question: ").Append(q.Title).Append('\n');
        if (!string.IsNullOrWhiteSpace(q.Details))
        {
            text.Append(q.Details).Append('\n');
        }
        text.Append("\nAnswer: ").Append(q.Resolution).Append('\n');
        text.Append("Answered by: ").Append(accepted?.AuthorName ?? (q.KnowledgeArticleId is { } kb ? $"knowledge article {kb}" : q.AskerName)).Append('\n');
        if (helpers.Count > 0)
        {
            text.Append("Contributors: ").Append(string.Join(", ", helpers)).Append('\n');
        }
        if (ThreadLinks.For(q) is { } thread)
        {
            text.Append("Teams discussion: ").Append(thread).Append('\n');
        }
        if (q.KnowledgeArticleId is { } article)
        {
            text.Append("Knowledge article: ").Append(article).Append('\n');
        }
        return new InternalNote(caseNumber, $"expertbot-{q.Id}-resolution", TextClip.Clip($"Resolution: {q.Title}", 200)!, text.ToString());
    }

    private async Task UpdateCardAsync(Question question, Resolution row, CancellationToken ct)
    {
        if (row is { CardServiceUrl: { } url, CardConversationId: { } conversation, CardActivityId: { } activity })
        {
            await connector.UpdateActivityAsync(url, conversation, activity, cards.Resolved(question, row), ct);
        }
    }

    /// <summary>The asker (in their chat) and every supervisor (1:1) hear that the note was not written, with a retry button; each send is
    /// recorded as an effect of the job, so a run after a crash tells nobody twice. Only supervisors named as people of the
    /// directory get a chat: a group id is no one to open a chat with (name supervisors as people to have them told).</summary>
    private async Task TellAsync(Question question, Resolution row, JobContext context, CancellationToken ct)
    {
        var card = cards.NoteFailed(question, row);
        await TellOnceAsync(context, "tell|asker", question.AskerChat, card, ct);
        foreach (var supervisor in options.Value.Supervisors.Where(s => !string.Equals(s, question.AskerId, StringComparison.OrdinalIgnoreCase)))
        {
            if (await directory.FindAsync(supervisor, ct) is null)
            {
                continue;
            }
            await TellOnceAsync(context, $"tell|{supervisor}", question.AskerChat with { ConversationId = "", UserId = supervisor }, card, ct);
        }
    }

    private Task<EffectResult> TellOnceAsync(JobContext context, string step, ConversationRef chat, Protocol.Activities.Activity card, CancellationToken ct) =>
        effects.OnceAsync(context, step, async c =>
        {
            await chats.SendToAsync(chat, card, c);
            return new EffectResult(null, null);
        }, ct);

    private static string Reason(CrmException ex) => ex.StatusCode is { } status ? $"HTTP {(int)status}" : ex.ErrorCode ?? "no answer";

    [LoggerMessage(EventId = 1050, Level = LogLevel.Information, Message = "{Number}: internal note written to case {Case} in {System}")]
    private static partial void LogWritten(ILogger logger, string number, string @case, string system);
}
