namespace ExpertBot.Tests.Host;

/// <summary>
/// The real host with the demo's Billing and Default pools inviting 1:1 (the shipped demo invites in channels, which the
/// Playground can show): for tests of 1:1 invitations, where each expert's chat is opened and their card sent there.
/// </summary>
public sealed class DirectDeliveryBotApp() : BotApp(("Routing:Pools:1:Delivery", "Direct"), ("Routing:Pools:2:Delivery", "Direct"));
