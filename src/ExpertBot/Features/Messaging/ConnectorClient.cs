using System.Net.Http.Json;
using ExpertBot.Hosting;
using ExpertBot.Protocol.Activities;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Messaging;

/// <summary>
/// Minimal Bot Connector client: reply to an activity (v3/conversations/{id}/activities/{replyToId}).
/// Outbound tokens are not built yet, so it only talks to loopback connectors (Playground, tests);
/// never sending anywhere else is the SSRF guard until the trusted-host list exists.
/// </summary>
internal sealed class ConnectorClient(HttpClient http, IOptions<BotOptions> options, ILogger<ConnectorClient> logger)
{
    public async Task ReplyAsync(Activity incoming, Activity reply, CancellationToken ct)
    {
        if (!Uri.TryCreate(incoming.ServiceUrl, UriKind.Absolute, out var serviceUrl) || !IsTrusted(serviceUrl))
        {
            Log.UntrustedServiceUrl(logger, serviceUrl?.Host ?? "(none)");
            return;
        }
        reply.Type ??= ActivityTypes.Message;
        reply.ChannelId = incoming.ChannelId;
        reply.Conversation = incoming.Conversation;
        reply.From = incoming.Recipient;
        reply.Recipient = incoming.From;
        reply.ReplyToId = incoming.Id;
        reply.ServiceUrl = incoming.ServiceUrl;

        var conversationId = Uri.EscapeDataString(incoming.Conversation?.Id ?? string.Empty);
        var path = string.IsNullOrEmpty(incoming.Id)
            ? $"v3/conversations/{conversationId}/activities"
            : $"v3/conversations/{conversationId}/activities/{Uri.EscapeDataString(incoming.Id)}";
        var target = new Uri(new Uri(serviceUrl.ToString().TrimEnd('/') + "/"), path);
        using var response = await http.PostAsJsonAsync(target, reply, ProtocolJson.Options, ct);
        response.EnsureSuccessStatusCode();
    }

    private bool IsTrusted(Uri serviceUrl) =>
        !options.Value.AuthEnabled && (serviceUrl.IsLoopback || string.Equals(serviceUrl.Host, "localhost", StringComparison.OrdinalIgnoreCase));
}
