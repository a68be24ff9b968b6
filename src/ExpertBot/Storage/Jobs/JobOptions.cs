namespace ExpertBot.Storage.Jobs;

/// <summary>Section "Storage:Jobs": how this instance runs background jobs.</summary>
internal sealed class JobOptions
{
    public const string Section = "Storage:Jobs";

    /// <summary>False = this instance only enqueues (web-only instances, tests that stop before work runs).</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>Jobs claimed per round trip.</summary>
    public int ClaimBatchSize { get; set; } = 128;

    /// <summary>Background jobs run at the same time (jobs sharing an ordering key still run one after another).</summary>
    public int Concurrency { get; set; } = 32;

    /// <summary>
    /// Interactive jobs (turns) run at the same time, in slots of their own: background jobs waiting (an invitation
    /// waiting for Teams' per-chat pacing) never take a turn's place.
    /// </summary>
    public int InteractiveConcurrency { get; set; } = 32;

    /// <summary>Most enqueued rows written in one transaction by the group commit.</summary>
    public int WriteBatchSize { get; set; } = 512;

    /// <summary>
    /// How long a claim is held without a heartbeat: another instance takes a crashed instance's jobs once it ran out. Short,
    /// so a turn held by a killed instance is answered by another within seconds (Teams redelivers after 15 s); a job
    /// that runs longer keeps its lease through <see cref="HeartbeatInterval"/>.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the worker renews the leases of the jobs it runs (well inside <see cref="LeaseDuration"/>).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>A job still running after this is cancelled (and retried): the heartbeat never keeps a stuck job forever.</summary>
    public TimeSpan MaxRunTime { get; set; } = TimeSpan.FromMinutes(4);

    /// <summary>Fallback look for due work (retries, other instances' jobs, expired leases); local enqueues wake the worker at once.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Delay before the first retry; doubles per attempt up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Completed rows (kept so a redelivered dedup key is still recognised) are deleted after this.</summary>
    public TimeSpan CompletedRetention { get; set; } = TimeSpan.FromDays(1);

    public static string? Check(JobOptions o) =>
        o.ClaimBatchSize is < 1 or > 10_000 ? "Storage:Jobs:ClaimBatchSize must be 1..10000."
        : o.Concurrency is < 1 or > 1024 ? "Storage:Jobs:Concurrency must be 1..1024."
        : o.InteractiveConcurrency is < 1 or > 1024 ? "Storage:Jobs:InteractiveConcurrency must be 1..1024."
        : o.WriteBatchSize is < 1 or > 10_000 ? "Storage:Jobs:WriteBatchSize must be 1..10000."
        : o.LeaseDuration < TimeSpan.FromSeconds(1) ? "Storage:Jobs:LeaseDuration must be at least 1 second."
        : o.HeartbeatInterval < TimeSpan.FromMilliseconds(100) || o.HeartbeatInterval * 2 > o.LeaseDuration
            ? "Storage:Jobs:HeartbeatInterval must be at least 100 ms and at most half of LeaseDuration."
        : o.MaxRunTime < TimeSpan.FromSeconds(1) ? "Storage:Jobs:MaxRunTime must be at least 1 second."
        : o.PollInterval < TimeSpan.FromMilliseconds(10) ? "Storage:Jobs:PollInterval must be at least 10 ms."
        : o.RetryBaseDelay < TimeSpan.Zero || o.RetryMaxDelay < o.RetryBaseDelay ? "Storage:Jobs:RetryBaseDelay must be >= 0 and <= RetryMaxDelay."
        : o.CompletedRetention < TimeSpan.Zero ? "Storage:Jobs:CompletedRetention must be >= 0."
        : null;
}
