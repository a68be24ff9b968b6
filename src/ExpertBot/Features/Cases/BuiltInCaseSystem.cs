using ExpertBot.Integrations.Crm;
using ExpertBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace ExpertBot.Features.Cases;

/// <summary>
/// The built-in case log as a case system: cases and their internal notes in ExpertBot's own database, so everything
/// works with no CRM (the demo cases are real rows). Knowledge articles live in ExpertBot's own knowledge base, not here.
/// </summary>
internal sealed class BuiltInCaseSystem(ExpertBotDatabase database, TimeProvider time) : ICaseSystem
{
    public string DisplayName => "the case log";

    public CaseSystemFeatures Features => CaseSystemFeatures.ReadCases | CaseSystemFeatures.InternalNotes;

    public async Task<CrmCase?> FindCaseAsync(string caseReference, CancellationToken ct)
    {
        var number = Normal(caseReference);
        await using var db = database.CreateContext();
        var c = await db.Set<CaseRecord>().AsNoTracking().FirstOrDefaultAsync(x => x.Number == number, ct);
        return c is null ? null : new CrmCase(c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Number, c.Title, c.Status,
            c.Customer, c.Contact, c.Product, c.Priority, c.AccountValue, null);
    }

    public async Task<WrittenNote> AddInternalNoteAsync(InternalNote note, CancellationToken ct)
    {
        var number = Normal(note.CaseReference);
        await using var db = database.CreateContext();
        if (!await db.Set<CaseRecord>().AnyAsync(c => c.Number == number, ct))
        {
            throw new CrmPermanentException(DisplayName, "write a note", null, "CaseNotFound", $"There is no case {number} in the case log.") { CaseNotFound = true };
        }
        var now = database.Dialect.Time(time.GetUtcNow());
        // Insert-or-ignore on the key: a retry after any failure finds the note the first attempt wrote.
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "case_notes" ("CaseNumber", "IdempotencyKey", "Subject", "Text", "CreatedAt")
            VALUES ({number}, {note.IdempotencyKey}, {note.Subject}, {note.Text}, {now})
            ON CONFLICT ("IdempotencyKey") DO NOTHING
            """, ct);
        var id = await db.Set<CaseNote>().AsNoTracking().Where(n => n.IdempotencyKey == note.IdempotencyKey).Select(n => n.Id).SingleAsync(ct);
        return new WrittenNote(DisplayName, number, id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, 1, AlreadyWritten: inserted == 0);
    }

    public Task<WrittenArticle> CreateArticleDraftAsync(ArticleDraft draft, CancellationToken ct) =>
        throw new CrmPermanentException(DisplayName, "draft an article", null, "Unsupported", "The case log keeps no articles: they are in ExpertBot's knowledge base.");

    public Task<ArticleLink> LinkArticleAsync(string caseReference, string articleId, CancellationToken ct) =>
        throw new CrmPermanentException(DisplayName, "link an article", null, "Unsupported", "The case log keeps no articles: they are in ExpertBot's knowledge base.");

    public static string Normal(string number) => number.Trim().ToUpperInvariant();
}
