using ExpertBot.Storage;

namespace ExpertBot.Features.Tab.Insights;

/// <summary>
/// The insights' reads over the big tables (questions, their replies, closed questions and links), hand written: each is
/// one pass over a period's rows of a covering index, streamed into the figures as it goes (<see cref="QuestionTally"/>,
/// <see cref="ContributorTally"/>: nothing is kept per row). Columns and conversions are the ones the EF configurations map
/// (names as mapped, enums as names, times per dialect).
/// </summary>
internal static class InsightsReads
{
    public readonly record struct ClosedRow(long QuestionId, bool Linked);

    public readonly record struct LinkRow(long QuestionId, bool Known);

    // One range of ix_questions_insights: the question keeps its first invitation and first expert response (set as they
    // happen, filled for older rows by the InsightsColumns migration), so no invitation or reply is looked at here.
    // The state comes as QuestionTally's flags, not as its name: reading and parsing 100,000 status strings was a good part
    // of the read. On SQLite the database also does the arithmetic, in integers (times are UTC ticks there): the week
    // asked (counted from @week0, a Monday) with the flags in one cell, and the two durations in ticks (none: the least
    // long, never a duration), so each row is three cells and no NULL check: every cell read was a native call.
    internal const string SqliteQuestions = """
        SELECT ((q."CreatedAt" - @week0) / 6048000000000) * 8
               + (CASE WHEN q."FirstInvitedAt" IS NOT NULL THEN 1 ELSE 0 END)
               + (CASE WHEN q."Status" NOT IN ('Open', 'Routing') THEN 2 ELSE 0 END)
               + (CASE WHEN q."Status" = 'Resolved' AND q."KnowledgeArticleId" IS NOT NULL AND q."FirstInvitedAt" IS NULL THEN 4 ELSE 0 END),
               COALESCE(CASE WHEN q."Status" = 'Resolved' THEN q."ResolvedAt" - q."CreatedAt" END, -9223372036854775807 - 1),
               COALESCE(q."FirstResponseAt" - q."CreatedAt", -9223372036854775807 - 1), q."Id"
        FROM "questions" q
        WHERE q."CreatedAt" >= @from AND q."CreatedAt" < @to
        """;

    private const string PostgresQuestions = """
        SELECT q."CreatedAt",
               (CASE WHEN q."FirstInvitedAt" IS NOT NULL THEN 1 ELSE 0 END)
               + (CASE WHEN q."Status" NOT IN ('Open', 'Routing') THEN 2 ELSE 0 END)
               + (CASE WHEN q."Status" = 'Resolved' AND q."KnowledgeArticleId" IS NOT NULL AND q."FirstInvitedAt" IS NULL THEN 4 ELSE 0 END),
               CASE WHEN q."Status" = 'Resolved' THEN q."ResolvedAt" END, q."FirstResponseAt", q."Id"
        FROM "questions" q
        WHERE q."CreatedAt" >= @from AND q."CreatedAt" < @to
        """;

    internal const string QuestionIds = """SELECT q."Id" FROM "questions" q WHERE q."CreatedAt" >= @from AND q."CreatedAt" < @to""";

    // Experts' replies (for the contributors): not the asker's own follow-ups (by flag or by author, ignoring case as
    // SQLite's lower() and NOCASE both do: ASCII letters). Both sides are read from covering indexes (ix_questions_insights,
    // ix_contributions_insights): never the replies' text. NOCASE compares in place, where lower() made two strings per row.
    internal const string SqliteReplies = """
        SELECT c."QuestionId", c."AuthorId", c."AuthorName", c."Accepted", c."Rating"
        FROM "questions" q JOIN "contributions" c ON c."QuestionId" = q."Id"
        WHERE q."CreatedAt" >= @from AND q."CreatedAt" < @to AND c."FromAsker" = 0 AND c."AuthorId" <> q."AskerId" COLLATE NOCASE
        """;

    private const string PostgresReplies = """
        SELECT c."QuestionId", c."AuthorId", c."AuthorName", c."Accepted", c."Rating"
        FROM "questions" q JOIN "contributions" c ON c."QuestionId" = q."Id"
        WHERE q."CreatedAt" >= @from AND q."CreatedAt" < @to AND c."FromAsker" = FALSE AND lower(c."AuthorId") <> lower(q."AskerId")
        """;

    // Open invitations are few (an invitation leaves "invited" when answered, timed out or withdrawn): all of the small
    // partial index ix_invitations_open_insights, which holds every column read (this condition is its filter; the order
    // is its order, which makes SQLite prefer it to the other partial index, ix_invitations_open_by_expert, that does not).
    internal const string Open = """SELECT i."QuestionId", i."ExpertId", i."ExpertName" FROM "invitations" i WHERE i."Status" = 'Invited' ORDER BY i."QuestionId" """;

    internal const string OpenQuestions = """SELECT DISTINCT i."QuestionId" FROM "invitations" i WHERE i."Status" = 'Invited'""";

    // Without a pool the period's closed questions and links are only counted: the database counts them.
    internal const string ClosedCount = """SELECT COUNT(*), COUNT("ArticleId") FROM "question_knowledge" WHERE "ClosedAt" >= @from AND "ClosedAt" < @to""";

    internal const string LinkCount = """SELECT COUNT(*), COUNT(CASE WHEN "Kind" = 'Known' THEN 1 END) FROM "article_links" WHERE "At" >= @from AND "At" < @to""";

    internal const string Closed = """SELECT "QuestionId", CASE WHEN "ArticleId" IS NOT NULL THEN 1 ELSE 0 END FROM "question_knowledge" WHERE "ClosedAt" >= @from AND "ClosedAt" < @to""";

    internal const string Links = """SELECT "QuestionId", "Kind" FROM "article_links" WHERE "At" >= @from AND "At" < @to""";

    /// <summary>The figures of the questions asked in the period (of those in <paramref name="only"/> when given).</summary>
    public static Task<QuestionTally> QuestionsAsync(ExpertBotDatabase database, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<DateOnly> weeks,
        IReadOnlySet<long>? only, CancellationToken ct) =>
        database.Dialect.Provider == StorageProvider.Sqlite
            ? ReadAsync(database, SqliteQuestions, from, to, new QuestionTally(weeks), (r, tally) =>
            {
                if (only is null || only.Contains(r.Int64(3)))
                {
                    var weekAndFlags = r.Int64(0);
                    tally.Add((int)(weekAndFlags >> 3), (int)(weekAndFlags & 7), r.Int64(1), r.Int64(2));
                }
            }, ct)
            : ReadAsync(database, PostgresQuestions, from, to, new QuestionTally(weeks), (r, tally) =>
            {
                if (only is null || only.Contains(r.Int64(4)))
                {
                    var asked = r.Ticks(0);
                    tally.Add(tally.Week(asked), r.Int32(1), r.IsNull(2) ? QuestionTally.None : r.Ticks(2) - asked, r.IsNull(3) ? QuestionTally.None : r.Ticks(3) - asked);
                }
            }, ct);

    public static Task<List<long>> QuestionIdsAsync(ExpertBotDatabase database, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        ReadAsync(database, QuestionIds, from, to, new List<long>(), (r, ids) => ids.Add(r.Int64(0)), ct);

    /// <summary>The contributors of the questions asked in the period (of those in <paramref name="only"/> when given).</summary>
    public static Task<ContributorTally> RepliesAsync(ExpertBotDatabase database, DateTimeOffset from, DateTimeOffset to, IReadOnlySet<long>? only, CancellationToken ct) =>
        ReadAsync(database, database.Dialect.Provider == StorageProvider.Sqlite ? SqliteReplies : PostgresReplies, from, to, new ContributorTally(), (r, tally) =>
        {
            var question = r.Int64(0);
            if (only is null || only.Contains(question))
            {
                tally.Add(question, r.Text(1), r.Text(2), r.Boolean(3), r.IsNull(4) ? null : r.Int32(4));
            }
        }, ct);

    /// <summary>Open invitations per expert now (of the questions in <paramref name="only"/> when given).</summary>
    public static Task<LoadTally> OpenInvitationsAsync(ExpertBotDatabase database, IReadOnlySet<long>? only, CancellationToken ct) =>
        ReadAsync(database, Open, default, default, new LoadTally(), (r, tally) =>
        {
            if (only is null || only.Contains(r.Int64(0)))
            {
                tally.Add(r.Text(1), r.Text(2));
            }
        }, ct);

    /// <summary>The questions with an open invitation.</summary>
    public static Task<List<long>> OpenQuestionsAsync(ExpertBotDatabase database, CancellationToken ct) =>
        ReadAsync(database, OpenQuestions, default, default, new List<long>(), (r, ids) => ids.Add(r.Int64(0)), ct);

    /// <summary>The period's closed questions: (all, with a knowledge link); its links: (all, to a known article).</summary>
    public static async Task<(Share Closed, Share Links)> CountsAsync(ExpertBotDatabase database, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        (await ReadAsync(database, ClosedCount, from, to, new Share(0, 0), (r, _) => new Share((int)r.Int64(1), (int)r.Int64(0)), ct),
         await ReadAsync(database, LinkCount, from, to, new Share(0, 0), (r, _) => new Share((int)r.Int64(1), (int)r.Int64(0)), ct));

    public static Task<List<ClosedRow>> ClosedAsync(ExpertBotDatabase database, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        ReadAsync(database, Closed, from, to, new List<ClosedRow>(), (r, rows) => rows.Add(new ClosedRow(r.Int64(0), r.Int32(1) != 0)), ct);

    public static Task<List<LinkRow>> LinksAsync(ExpertBotDatabase database, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        ReadAsync(database, Links, from, to, new List<LinkRow>(), (r, rows) =>
            rows.Add(new LinkRow(r.Int64(0), r.Text(1).SequenceEqual(nameof(Knowledge.Articles.LinkKind.Known)))), ct);

    private static Task<T> ReadAsync<T>(ExpertBotDatabase database, string sql, DateTimeOffset from, DateTimeOffset to, T state, Action<InsightsRows, T> row, CancellationToken ct) =>
        ReadAsync(database, sql, from, to, state, (r, s) =>
        {
            row(r, s);
            return s;
        }, ct);

    /// <summary>Folds the rows into <paramref name="state"/>: each row gives the next state.</summary>
    private static Task<T> ReadAsync<T>(ExpertBotDatabase database, string sql, DateTimeOffset from, DateTimeOffset to, T state, Func<InsightsRows, T, T> row, CancellationToken ct) =>
        database.ReadAsync(async (connection, dialect) =>
        {
            await using var rows = await InsightsRows.OpenAsync(connection, dialect, sql, from, to, ct);
            while (await rows.ReadAsync(ct))
            {
                state = row(rows, state);
            }
            return state;
        }, ct);
}
