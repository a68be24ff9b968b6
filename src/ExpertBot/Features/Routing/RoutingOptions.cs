namespace ExpertBot.Features.Routing;

/// <summary>How a pool's invitations reach its experts.</summary>
internal enum PoolDelivery
{
    /// <summary>A new thread in the pool's channel that @mentions the invited experts.</summary>
    Channel,
    /// <summary>A 1:1 message to each invited expert.</summary>
    Direct,
    Both,
}

/// <summary>Section "Routing": the expert pools behind the bot and how the routing index is kept current.</summary>
internal sealed class RoutingOptions
{
    public const string Section = "Routing";

    /// <summary>Pools in priority order. Empty = one implicit "Default" pool over the whole directory, 1:1 delivery.</summary>
    public List<ExpertPoolOptions> Pools { get; set; } = [];

    /// <summary>Invitations a day for experts who did not set their own maximum.</summary>
    public int DefaultDailyInvitations { get; set; } = 10;

    /// <summary>How often the index picks up directory changes and questions resolved or declined on other instances.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long an expert's invitation counts (open, today) are reused before they are read again. Invitations this
    /// instance makes count at once; other instances' show within this time. Zero reads them for every ranking.
    /// </summary>
    public TimeSpan LoadCacheTime { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>One expert pool (Routing:Pools:n): which questions it takes, where its experts are, and its escalation policy.</summary>
internal sealed class ExpertPoolOptions
{
    public string Name { get; set; } = "";

    /// <summary>Question products this pool takes (exact match, case-insensitive): the strongest routing rule.</summary>
    public List<string> Products { get; set; } = [];

    /// <summary>Topic words or phrases; a question naming them goes here when no pool claims its product.</summary>
    public List<string> Topics { get; set; } = [];

    /// <summary>The experts' team (Teams team id); needed with a channel.</summary>
    public string? TeamId { get; set; }

    /// <summary>The experts' channel in <see cref="TeamId"/>; needed for Channel or Both delivery.</summary>
    public string? ChannelId { get; set; }

    public PoolDelivery Delivery { get; set; } = PoolDelivery.Direct;

    /// <summary>Experts invited at each step.</summary>
    public int ExpertsPerStep { get; set; } = 3;

    /// <summary>Nobody took the invitations within this: the next experts are invited.</summary>
    public TimeSpan InvitationTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Invitation steps before the fallback is told.</summary>
    public int MaxSteps { get; set; } = 2;

    public PoolFallback Fallback { get; set; } = new();

    /// <summary>Entra object ids; when set, only these people are candidates for the pool. Empty = the whole directory.</summary>
    public List<string> Members { get; set; } = [];
}

/// <summary>Who hears about a question nobody took: a supervisor (1:1), a channel of the pool's team, or both.</summary>
internal sealed class PoolFallback
{
    /// <summary>Entra object id of the supervisor.</summary>
    public string? SupervisorId { get; set; }

    /// <summary>A channel in the pool's team.</summary>
    public string? ChannelId { get; set; }
}
