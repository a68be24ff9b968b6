using ExpertBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace ExpertBot.Features.Resolutions;

/// <summary>The resolutions table: read it, and change one row (created on first use) in its own short transaction.</summary>
internal sealed class ResolutionStore(ExpertBotDatabase database, TimeProvider time)
{
    public async Task<Resolution?> FindAsync(long questionId, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        return await db.Set<Resolution>().AsNoTracking().FirstOrDefaultAsync(r => r.QuestionId == questionId, ct);
    }

    /// <summary>Applies <paramref name="change"/> to the question's row, creating it first if there is none.</summary>
    public async Task<Resolution> UpdateAsync(long questionId, Action<Resolution> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = database.CreateContext();
            var row = await db.Set<Resolution>().FirstOrDefaultAsync(r => r.QuestionId == questionId, ct);
            var isNew = row is null;
            row ??= new Resolution { QuestionId = questionId, NoteState = CaseNoteState.Pending };
            change(row);
            row.UpdatedAt = time.GetUtcNow();
            if (isNew)
            {
                db.Add(row);
            }
            try
            {
                // In a transaction: on SQLite that is what takes the writers' turn (Storage/SqliteWriteGate.cs).
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return row;
            }
            catch (DbUpdateException) when (isNew && attempt < 3)
            {
                // Created meanwhile by the write-back job or the card action: change the row that is there.
            }
        }
    }
}
