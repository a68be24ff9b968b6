using ExpertBot.Storage;

namespace ExpertBot.Features.Questions;

/// <summary>
/// Stores a new question and its first invitations with two plain statements in the caller's write transaction. Every question
/// asked goes through here, and EF's update pipeline (change tracking, command batching, reading back each key) cost
/// more than the database did. The columns are the ones <see cref="QuestionConfiguration"/> maps (same names, same value
/// conversions); the rest of a new question's columns are NULL. The storage tests insert here and read back through EF
/// on both providers, so a column added to the model without this insert fails them.
/// </summary>
internal static class QuestionInsert
{
    // Column, value as the column stores it (QuestionConfiguration's conversions: enums as names, the chat as JSON, times per dialect).
    private static readonly (string Column, Func<Question, SqlDialect, object?> Value)[] QuestionValues =
    [
        ("SourceKey", (q, _) => q.SourceKey),
        ("AskerId", (q, _) => q.AskerId),
        ("AskerName", (q, _) => q.AskerName),
        ("AskerChat", (q, _) => ConversationRefJson.Converter.ConvertToProvider(q.AskerChat)),
        ("Title", (q, _) => q.Title),
        ("Details", (q, _) => q.Details),
        ("Tried", (q, _) => q.Tried),
        ("Product", (q, _) => q.Product),
        ("Urgency", (q, _) => q.Urgency),
        ("CaseNumber", (q, _) => q.CaseNumber),
        ("Status", (q, _) => q.Status.ToString()),
        ("Version", (q, _) => q.Version),
        ("CreatedAt", (q, d) => d.Time(q.CreatedAt)),
        ("LastActivityAt", (q, d) => d.Time(q.LastActivityAt)),
        ("EscalationStep", (q, _) => q.EscalationStep),
        ("FirstInvitedAt", (q, d) => q.FirstInvitedAt is { } at ? d.Time(at) : null),
    ];

    private static readonly (string Column, Func<Invitation, SqlDialect, object?> Value)[] InvitationValues =
    [
        ("ExpertId", (i, _) => i.ExpertId),
        ("ExpertName", (i, _) => i.ExpertName),
        ("Reason", (i, _) => i.Reason),
        ("Step", (i, _) => i.Step),
        ("Status", (i, _) => i.Status.ToString()),
        ("InvitedAt", (i, d) => d.Time(i.InvitedAt)),
    ];

    private static readonly string InsertQuestion =
        $"""INSERT INTO "questions" ({Quoted(QuestionValues.Select(v => v.Column))}) VALUES ({string.Join(", ", QuestionValues.Select((_, n) => $"@p{n}"))}) ON CONFLICT ("SourceKey") DO NOTHING RETURNING "Id" """;

    /// <summary>The question columns written here; every other column of a new question is NULL (or its key).</summary>
    internal static IEnumerable<string> QuestionColumns => QuestionValues.Select(v => v.Column);

    /// <summary>The invitation columns written here, besides its question's id.</summary>
    internal static IEnumerable<string> InvitationColumns => InvitationValues.Select(v => v.Column).Prepend("QuestionId");

    /// <summary>
    /// Inserts <paramref name="question"/> (not stored yet) and its invitations and assigns their ids; false, storing
    /// nothing, when a question from the same source exists already.
    /// </summary>
    public static async Task<bool> InsertAsync(WriteScope scope, Question question, CancellationToken ct)
    {
        if (question.Id != 0 || question.Contributions.Count > 0 || question.Followers.Count > 0 || question.ThreadConversationId is not null
            || question.ThreadRootActivityId is not null || question.AskerCardActivityId is not null || question.Resolution is not null
            || question.ResolvedById is not null || question.ResolvedAt is not null || question.KnowledgeArticleId is not null
            || question.CancelReason is not null || question.FirstResponseAt is not null || question.Invitations.Any(i => i.DeclineReason is not null || i.SuggestedExpertId is not null || i.AnsweredAt is not null))
        {
            throw new InvalidOperationException("Only a new question, with nothing but its first invitations, is stored here.");
        }
        var dialect = scope.Dialect;
        var insertQuestion = scope.Statement(InsertQuestion);
        for (var n = 0; n < QuestionValues.Length; n++)
        {
            WriteScope.Add(insertQuestion, $"p{n}", QuestionValues[n].Value(question, dialect));
        }
        if (await insertQuestion.ExecuteScalarAsync(ct) is not { } id || id is DBNull)
        {
            return false;
        }
        question.StoredAs(Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture));
        if (question.Invitations.Count == 0)
        {
            return true;
        }
        // One statement text per number of invitations (a step invites a handful), so each is prepared once.
        var insertInvitations = scope.Statement(InsertInvitations(question.Invitations.Count));
        for (var n = 0; n < question.Invitations.Count; n++)
        {
            var invitation = question.Invitations[n];
            for (var c = 0; c < InvitationValues.Length; c++)
            {
                WriteScope.Add(insertInvitations, $"i{n}_{c}", InvitationValues[c].Value(invitation, dialect));
            }
        }
        WriteScope.Add(insertInvitations, "q", question.Id);
        // RETURNING order is unspecified: ids are matched by expert (unique per question).
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var reader = await insertInvitations.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                ids[reader.GetString(1)] = reader.GetInt64(0);
            }
        }
        foreach (var invitation in question.Invitations)
        {
            invitation.Id = ids[invitation.ExpertId];
        }
        return true;
    }

    private static string InsertInvitations(int count)
    {
        var rows = Enumerable.Range(0, count).Select(n => $"(@q, {string.Join(", ", InvitationValues.Select((_, c) => $"@i{n}_{c}"))})");
        return $"""INSERT INTO "invitations" ({Quoted(InvitationColumns)}) VALUES {string.Join(", ", rows)} RETURNING "Id", "ExpertId" """;
    }

    private static string Quoted(IEnumerable<string> columns) => string.Join(", ", columns.Select(c => $"\"{c}\""));

}
