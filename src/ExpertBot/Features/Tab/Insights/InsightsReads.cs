using System.Data.Common;
using ExpertBot.Storage;

namespace ExpertBot.Features.Tab.Insights;

/// <summary>
/// The insights' reads over the big tables (questions, their invitations and replies, closed questions and links), hand
/// written: each is one pass over a period's rows, and EF's materialisation of 100,000 rows cost more than the database
/// did. Columns and conversions are the ones the EF configurations map (names as mapped, enums as names, times per dialect).
/// </summary>
internal static class InsightsReads
{
    /// <summary>
    /// A question of the period: when asked, whether it was sent to experts, whether its search for experts is over (not
    /// open, not still looking), whether it was answered from knowledge (resolved by an article or past answer without
    /// experts), when it was resolved (resolved ones only) and when an expert first responded.
    /// </summary>
    public readonly record struct QuestionRow(long Id, DateTimeOffset CreatedAt, bool Invited, bool SearchOver, bool FromKnowledge, DateTimeOffset? ResolvedAt, DateTimeOffset? FirstResponse);

    public readonly record struct ReplyRow(long QuestionId, string AuthorId, string AuthorName, bool Accepted, int? Rating);

    public readonly record struct ClosedRow(long QuestionId, bool Linked);

    public readonly record struct LinkRow(long QuestionId, bool Known);

    // One range of ix_questions_insights: the question keeps its first invitation and first expert response (set as they
    // happen, filled for older rows by the InsightsColumns migration), so no invitation or reply is looked at here.
    // The state comes as flags, not as its name: reading and parsing 100,000 status strings was a good part of the read.
    private const string Questions = """
        SELECT q."Id", q."CreatedAt",
               (CASE WHEN q."FirstInvitedAt" IS NOT NULL THEN 1 ELSE 0 END)
               + (CASE WHEN q."Status" NOT IN ('Open', 'Routing') THEN 2 ELSE 0 END)
               + (CASE WHEN q."Status" = 'Resolved' AND q."KnowledgeArticleId" IS NOT NULL AND q."FirstInvitedAt" IS NULL THEN 4 ELSE 0 END),
               CASE WHEN q."Status" = 'Resolved' THEN q."ResolvedAt" END, q."FirstResponseAt"
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

    // Without a pool the period's closed questions and links are only counted: the database counts them.
    private const string ClosedCount = """SELECT COUNT(*), COUNT("ArticleId") FROM "question_knowledge" WHERE "ClosedAt" >= @from AND "ClosedAt" < @to""";

    private const string LinkCount = """SELECT COUNT(*), COUNT(CASE WHEN "Kind" = 'Known' THEN 1 END) FROM "article_links" WHERE "At" >= @from AND "At" < @to""";

    private const string Closed = """SELECT "QuestionId", "ArticleId" IS NOT NULL FROM "question_knowledge" WHERE "ClosedAt" >= @from AND "ClosedAt" < @to""";

    private const string Links = """SELECT "QuestionId", "Kind" FROM "article_links" WHERE "At" >= @from AND "At" < @to""";

    public static Task<List<QuestionRow>> QuestionsAsync(ExpertBotDatabase database, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        ReadAsync(database, Questions, from, to, (r, d) =>
        {
            var flags = r.GetInt32(2);
            return new QuestionRow(r.GetInt64(0), d.ReadTime(r, 1), (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0,
                r.IsDBNull(3) ? null : d.ReadTime(r, 3), r.IsDBNull(4) ? null : d.ReadTime(r, 4));
        }, ct);

    /// <summary>The period's closed questions: (all, with a knowledge link); its links: (all, to a known article).</summary>
    public static async Task<(Share Closed, Share Links)> CountsAsync(ExpertBotDatabase database, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        ((await ReadAsync(database, ClosedCount, from, to, (r, _) => new Share((int)r.GetInt64(1), (int)r.GetInt64(0)), ct))[0],
         (await ReadAsync(database, LinkCount, from, to, (r, _) => new Share((int)r.GetInt64(1), (int)r.GetInt64(0)), ct))[0]);

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
