using System.Data.Common;
using ExpertBot.Features.Questions;
using ExpertBot.Storage;

namespace ExpertBot.Features.Tab.Insights;

/// <summary>
/// The insights' reads over the big tables (questions, their invitations and replies, closed questions and links), hand
/// written: each is one pass over a period's rows, and EF's materialisation of 100,000 rows cost more than the database
/// did. Columns and conversions are the ones the EF configurations map (names as mapped, enums as names, times per dialect).
/// </summary>
internal static class InsightsReads
{
    /// <summary>A question of the period: when asked, how it stands, whether it was sent to experts and when an expert first responded.</summary>
    public readonly record struct QuestionRow(long Id, DateTimeOffset CreatedAt, QuestionStatus Status, DateTimeOffset? ResolvedAt, bool FromKnowledge, bool Invited, DateTimeOffset? FirstResponse);

    public readonly record struct ReplyRow(long QuestionId, string AuthorId, string AuthorName, bool Accepted, int? Rating);

    public readonly record struct ClosedRow(long QuestionId, bool Linked);

    public readonly record struct LinkRow(long QuestionId, bool Known);

    // One range of ix_questions_insights: the question keeps its first invitation and first expert response (set as they
    // happen, filled for older rows by the InsightsColumns migration), so no invitation or reply is looked at here.
    private const string Questions = """
        SELECT q."Id", q."CreatedAt", q."Status", q."ResolvedAt", q."KnowledgeArticleId" IS NOT NULL, q."FirstInvitedAt" IS NOT NULL, q."FirstResponseAt"
        FROM "questions" q
        WHERE q."CreatedAt" >= @from AND q."CreatedAt" < @to
        """;

    // Experts' replies (for the contributors): not the asker's own follow-ups (by flag or by author). Both sides are read
    // from covering indexes (ix_questions_insights, ix_contributions_insights): never the replies' text.
    private const string Replies = """
        SELECT c."QuestionId", c."AuthorId", c."AuthorName", c."Accepted", c."Rating"
        FROM "questions" q JOIN "contributions" c ON c."QuestionId" = q."Id"
        WHERE q."CreatedAt" >= @from AND q."CreatedAt" < @to AND c."FromAsker" = @no AND lower(c."AuthorId") <> lower(q."AskerId")
        """;

    private const string Closed = """SELECT "QuestionId", "ArticleId" IS NOT NULL FROM "question_knowledge" WHERE "ClosedAt" >= @from AND "ClosedAt" < @to""";

    private const string Links = """SELECT "QuestionId", "Kind" FROM "article_links" WHERE "At" >= @from AND "At" < @to""";

    public static Task<List<QuestionRow>> QuestionsAsync(ExpertBotDatabase database, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        ReadAsync(database, Questions, from, to, (r, d) => new QuestionRow(r.GetInt64(0), d.ReadTime(r, 1), Enum.Parse<QuestionStatus>(r.GetString(2)),
            r.IsDBNull(3) ? null : d.ReadTime(r, 3), r.GetBoolean(4), r.GetBoolean(5), r.IsDBNull(6) ? null : d.ReadTime(r, 6)), ct);

    public static Task<List<ReplyRow>> RepliesAsync(ExpertBotDatabase database, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        ReadAsync(database, Replies, from, to, (r, _) => new ReplyRow(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetBoolean(3),
            r.IsDBNull(4) ? null : r.GetInt32(4)), ct);

    public static Task<List<ClosedRow>> ClosedAsync(ExpertBotDatabase database, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        ReadAsync(database, Closed, from, to, (r, _) => new ClosedRow(r.GetInt64(0), r.GetBoolean(1)), ct);

    public static Task<List<LinkRow>> LinksAsync(ExpertBotDatabase database, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        ReadAsync(database, Links, from, to, (r, _) => new LinkRow(r.GetInt64(0), r.GetString(1) == nameof(Knowledge.Articles.LinkKind.Known)), ct);

    private static Task<List<T>> ReadAsync<T>(ExpertBotDatabase database, string sql, DateTimeOffset from, DateTimeOffset to, Func<DbDataReader, SqlDialect, T> row, CancellationToken ct) =>
        database.ReadAsync(async (connection, dialect) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            Add(command, "from", dialect.Time(from));
            Add(command, "to", dialect.Time(to));
            Add(command, "no", false);
            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add(row(reader, dialect));
            }
            return rows;
        }, ct);

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
