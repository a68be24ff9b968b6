using System.ComponentModel.DataAnnotations;

namespace ExpertBot.Integrations.Graph;

/// <summary>Section "Graph". Credentials are the bot's own (MicrosoftAppId/Password/TenantId/Type at the root).</summary>
internal sealed class GraphOptions
{
    public const string Section = "Graph";

    /// <summary>Graph's service root; tests point it at a local server, national clouds at theirs.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://graph.microsoft.com/v1.0");

    /// <summary>Only members of these groups (object ids) are synced; empty = every enabled member user.</summary>
    public string[] GroupIds { get; set; } = [];

    /// <summary>How often the sync runs (a delta round once the first full sync is done).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often everyone is listed again: profile fields (skills, about me, ...) and mailbox settings are not tracked by users/delta.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00")]
    public TimeSpan FullSyncInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long a presence read is trusted; presence changes by the minute.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan PresenceCacheDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a person's membership of a role's group is trusted (roles given as group ids: a product manager's, a
    /// supervisor's, an admin's). A person taken out of the group keeps the role in chat for at most this long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan GroupCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a click waits for a group look-up (retries of a throttled one included) before the role counts as not held:
    /// a card action must be answered while Teams still waits for it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:30")]
    public TimeSpan GroupLookupTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of a throttled (429) or unavailable (503/504) request or batch step before the sync gives up until its next run.</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 6;

    /// <summary>Users per JSON batch. Two requests each (profile, mailbox settings), and Graph takes 20 requests a batch.</summary>
    [Range(1, 10)]
    public int UsersPerBatch { get; set; } = 10;

    /// <summary>Page size asked of the user listing ($top, at most 999).</summary>
    [Range(1, 999)]
    public int PageSize { get; set; } = 999;
}
