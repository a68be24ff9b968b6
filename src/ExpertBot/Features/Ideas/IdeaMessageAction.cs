using System.Text.Json;
using System.Text.RegularExpressions;
using ExpertBot.Protocol.Activities;
using ExpertBot.Teams;

namespace ExpertBot.Features.Ideas;

/// <summary>
/// "Log this as a customer idea" on any message (the manifest's <c>logIdea</c> message action): the idea form, filled in
/// from the message, is sent to the agent's 1:1 chat with the bot (never into the channel the message was in).
/// </summary>
internal sealed partial class IdeaMessageAction(IdeaFlow flow, PersonalChats chats)
{
    public const string CommandId = "logIdea";

    public static bool IsFor(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty("commandId", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() == CommandId;

    public async Task<string> OpenFormAsync(Activity activity, JsonElement value, CancellationToken ct)
    {
        if (TeamsAddress.Actor(activity) is null)
        {
            return "I couldn't tell who you are, so nothing was logged.";
        }
        var message = value.TryGetProperty("messagePayload", out var p) && p.ValueKind == JsonValueKind.Object
            && p.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.Object && b.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String
                ? PlainText(c.GetString())
                : null;
        var customer = value.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object && d.TryGetProperty("customer", out var cu) && cu.ValueKind == JsonValueKind.String
            ? cu.GetString()
            : null;
        var text = string.Join("\n", new[] { message, customer }.Where(t => !string.IsNullOrWhiteSpace(t)));
        await chats.SendToAsync(TeamsAddress.PersonalChat(activity), flow.Form(text, "From the message you chose: check the idea, say who asked and how much it matters to them, and press Log idea."), ct);
        return "I've sent you the idea form, filled in from the message, in your chat with me. Nothing is logged until you press Log idea.";
    }

    // Teams sends the chosen message as HTML; the idea is plain text.
    private static string? PlainText(string? html) =>
        html is null ? null : System.Net.WebUtility.HtmlDecode(HtmlTag().Replace(html, " ")).Trim() is { Length: > 0 } t ? t : null;

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex HtmlTag();
}
