namespace ExpertBot.Hosting;

/// <summary>
/// The one registry of log event id ranges: each area's <c>[LoggerMessage]</c> ids lie in its range, and no two events
/// share an id, so an id in a log names one event (docs/operations.md lists them; a test checks every event against this).
/// </summary>
internal static class LogEvents
{
    /// <summary>An area: the namespace whose events it holds (the longest matching prefix wins) and its id range.</summary>
    internal sealed record Area(string Name, string Namespace, int From, int To);

    public static readonly IReadOnlyList<Area> Areas =
    [
        new("Messaging: /api/messages and turns", "ExpertBot.Features.Messaging", 100, 199),
        new("Hosting: inbound authentication", "ExpertBot.Hosting", 200, 249),
        new("Card actions", "ExpertBot.CardActions", 250, 299),
        new("Bot Connector client", "ExpertBot.Protocol.Connector", 300, 349),
        new("Storage and jobs", "ExpertBot.Storage", 350, 399),
        new("Microsoft Graph", "ExpertBot.Integrations.Graph", 400, 409),
        new("Directory", "ExpertBot.Features.Experts", 410, 449),
        new("CRM connectors", "ExpertBot.Integrations.Crm", 450, 499),
        new("Routing", "ExpertBot.Features.Routing", 500, 599),
        new("Questions", "ExpertBot.Features.Questions", 600, 699),
        new("Knowledge", "ExpertBot.Features.Knowledge", 700, 799),
        new("Ideas", "ExpertBot.Features.Ideas", 800, 849),
        new("Tab", "ExpertBot.Features.Tab", 850, 899),
        new("Health", "ExpertBot.Features.Health", 900, 949),
        new("Cases", "ExpertBot.Features.Cases", 1000, 1049),
        new("Resolutions: write-back and credit", "ExpertBot.Features.Resolutions", 1050, 1099),
    ];
}
