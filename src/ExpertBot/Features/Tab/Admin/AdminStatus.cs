using ExpertBot.Features.Experts;
using ExpertBot.Features.Routing;
using ExpertBot.Storage;
using ExpertBot.Storage.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Tab.Admin;

internal sealed record PoolView(
    string Name, IReadOnlyList<string> Products, IReadOnlyList<string> Topics, string? TeamId, string? ChannelId, string Delivery,
    int ExpertsPerStep, double InvitationTimeoutMinutes, int MaxSteps, string? FallbackSupervisorId, string? FallbackSupervisorName, string? FallbackChannelId, int? Members);

internal sealed record DirectoryHealth(string Source, string? Phase, long? Run, DateTimeOffset? FullSyncCompletedAt, DateTimeOffset? LastSyncJobAt);

/// <summary>Live outbox work of one kind: waiting, running now, and waiting again after a failed attempt.</summary>
internal sealed record Backlog(string Kind, int Pending, int Running, int Retrying, DateTimeOffset? OldestDue, string? LastError);

internal sealed record FailedJob(long Id, string Kind, int Attempts, string? LastError, DateTimeOffset FailedAt, DateTimeOffset CreatedAt);

internal sealed record AdminReport(IReadOnlyList<PoolView> Pools, DirectoryHealth Directory, IReadOnlyList<Backlog> Outbox, int FailedTotal, IReadOnlyList<FailedJob> Failed);

/// <summary>What the admin page shows: the pools as configured (the bound options), and the connectors' health from the tables.</summary>
internal sealed class AdminStatus(ExpertBotDatabase database, ExpertPools pools, ExpertDirectory people, IOptions<DirectoryOptions> directory)
{
    public const int FailedShown = 50;

    public async Task<AdminReport> ReportAsync(CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var sync = await db.Set<DirectorySyncRow>().AsNoTracking().FirstOrDefaultAsync(ct);
        var lastSync = await db.Set<Job>().AsNoTracking().Where(j => j.Kind == DirectorySyncJob.Kind && j.Status == JobStatus.Completed && j.CompletedAt != null)
            .OrderByDescending(j => j.Id).Select(j => j.CompletedAt).FirstOrDefaultAsync(ct);
        // Live rows only (pending, running): both are in small partial indexes, never the retained completed rows.
        var live = await db.Set<Job>().AsNoTracking().Where(j => j.Status == JobStatus.Pending || j.Status == JobStatus.Running)
            .Select(j => new { j.Id, j.Kind, j.Status, j.Attempts, j.LastError, j.RunAfter }).ToListAsync(ct);
        var failed = db.Set<Job>().AsNoTracking().Where(j => j.Status == JobStatus.DeadLettered);
        // The fallback supervisors by name, as the directory knows them (an id the directory lacks stays an id).
        var supervisors = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in pools.All.Select(p => p.FallbackSupervisorId).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (await people.FindAsync(id, ct) is { } person)
            {
                supervisors[id] = person.DisplayName;
            }
        }
        return new AdminReport(
            [.. pools.All.Select(p => new PoolView(p.Name, p.Products, p.Topics, p.TeamId, p.ChannelId, p.Delivery.ToString(), p.ExpertsPerStep,
                p.InvitationTimeout.TotalMinutes, p.MaxSteps, p.FallbackSupervisorId,
                p.FallbackSupervisorId is { } s && supervisors.TryGetValue(s, out var name) ? name : null, p.FallbackChannelId, p.Members?.Count))],
            new DirectoryHealth(directory.Value.Source.ToString(), sync?.Phase.ToString(), sync?.Run, sync?.FullSyncCompletedAt, lastSync),
            [.. live.GroupBy(j => j.Kind, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new Backlog(g.Key,
                g.Count(j => j.Status == JobStatus.Pending), g.Count(j => j.Status == JobStatus.Running),
                g.Count(j => j.Status == JobStatus.Pending && j.Attempts > 0 && j.LastError != null),
                g.Where(j => j.Status == JobStatus.Pending).Select(j => (DateTimeOffset?)j.RunAfter).Min(),
                g.Where(j => j.LastError != null).OrderByDescending(j => j.Id).Select(j => j.LastError).FirstOrDefault()))],
            await failed.CountAsync(ct),
            [.. (await failed.OrderByDescending(j => j.Id).Take(FailedShown).Select(j => new { j.Id, j.Kind, j.Attempts, j.LastError, j.UpdatedAt, j.CreatedAt }).ToListAsync(ct))
                .Select(j => new FailedJob(j.Id, j.Kind, j.Attempts, j.LastError, j.UpdatedAt, j.CreatedAt))]);
    }
}
