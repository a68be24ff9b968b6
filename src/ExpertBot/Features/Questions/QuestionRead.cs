using System.Data.Common;
using ExpertBot.Storage;

namespace ExpertBot.Features.Questions;

/// <summary>
/// Reads a question with its invitations (no replies, no followers) in one plain statement: what delivering a step's
/// invitations reads, once per routed question. Through EF (a compiled query with an Include) that read was about 8% of
/// the bot's CPU under load, more than the database's share of it. The columns are the ones
/// <see cref="QuestionConfiguration"/> maps, with its conversions read back (enums from their names, the chat from JSON,
/// times from UTC ticks on SQLite); the storage tests compare this read with EF's on both providers, and fail on a mapped
/// column this read does not know.
/// </summary>
internal static class QuestionRead
{
    internal static readonly string[] QuestionColumns =
    [
        "Id", "AskerId", "AskerName", "AskerChat", "Title", "Details", "Tried", "Product", "Urgency", "CaseNumber", "Status",
        "Version", "CreatedAt", "LastActivityAt", "ThreadConversationId", "ThreadRootActivityId", "AskerCardActivityId",
        "EscalationStep", "Resolution", "ResolvedById", "ResolvedAt", "KnowledgeArticleId", "CancelReason", "SourceKey", "FirstInvitedAt", "FirstResponseAt",
    ];

    internal static readonly string[] InvitationColumns =
    [
        "Id", "QuestionId", "ExpertId", "ExpertName", "Reason", "Step", "Status", "DeclineReason", "SuggestedExpertId",
        "InvitedAt", "AnsweredAt", "CardConversationId", "CardActivityId",
    ];

    // The question's columns repeat on every invitation row (a handful per question): one round trip instead of two.
    private static readonly string Select =
        $"""
        SELECT {string.Join(", ", QuestionColumns.Select(c => $"q.\"{c}\""))}, {string.Join(", ", InvitationColumns.Select(c => $"i.\"{c}\""))}
        FROM "questions" AS q LEFT JOIN "invitations" AS i ON i."QuestionId" = q."Id"
        WHERE q."Id" = @id ORDER BY i."Id"
        """;

    public static async Task<Question?> WithInvitationsAsync(DbConnection connection, SqlDialect dialect, long id, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Select;
        WriteScope.Add(command, "id", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        Question? question = null;
        var row = new Row(reader, dialect);
        while (await reader.ReadAsync(ct))
        {
            question ??= row.Question();
            if (!reader.IsDBNull(QuestionColumns.Length))
            {
                question.Load(row.Invitation(QuestionColumns.Length));
            }
        }
        return question;
    }

    private readonly struct Row(DbDataReader reader, SqlDialect dialect)
    {
        public Question Question() => new()
        {
            Id = reader.GetInt64(0),
            AskerId = reader.GetString(1),
            AskerName = reader.GetString(2),
            AskerChat = ConversationRefJson.Converter.ConvertFromProviderTyped(reader.GetString(3)),
            Title = reader.GetString(4),
            Details = Text(5),
            Tried = Text(6),
            Product = Text(7),
            Urgency = reader.GetString(8),
            CaseNumber = Text(9),
            Status = Enum.Parse<QuestionStatus>(reader.GetString(10)),
            Version = reader.GetInt32(11),
            CreatedAt = Time(12),
            LastActivityAt = Time(13),
            ThreadConversationId = Text(14),
            ThreadRootActivityId = Text(15),
            AskerCardActivityId = Text(16),
            EscalationStep = reader.GetInt32(17),
            Resolution = Text(18),
            ResolvedById = Text(19),
            ResolvedAt = OptionalTime(20),
            KnowledgeArticleId = Text(21),
            CancelReason = Text(22),
            SourceKey = Text(23),
            FirstInvitedAt = OptionalTime(24),
            FirstResponseAt = OptionalTime(25),
        };

        public Invitation Invitation(int at) => new()
        {
            Id = reader.GetInt64(at),
            QuestionId = reader.GetInt64(at + 1),
            ExpertId = reader.GetString(at + 2),
            ExpertName = reader.GetString(at + 3),
            Reason = reader.GetString(at + 4),
            Step = reader.GetInt32(at + 5),
            Status = Enum.Parse<InvitationStatus>(reader.GetString(at + 6)),
            DeclineReason = Text(at + 7) is { } reason ? Enum.Parse<DeclineReason>(reason) : null,
            SuggestedExpertId = Text(at + 8),
            InvitedAt = Time(at + 9),
            AnsweredAt = OptionalTime(at + 10),
            CardConversationId = Text(at + 11),
            CardActivityId = Text(at + 12),
        };

        private string? Text(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

        private DateTimeOffset Time(int ordinal) => dialect.ReadTime(reader, ordinal);

        private DateTimeOffset? OptionalTime(int ordinal) => reader.IsDBNull(ordinal) ? null : Time(ordinal);
    }
}
