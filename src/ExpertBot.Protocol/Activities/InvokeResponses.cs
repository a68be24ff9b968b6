using System.Text.Json;

namespace ExpertBot.Protocol.Activities;

/// <summary>
/// The body of the HTTP response to an invoke activity (Teams reads it synchronously, within 5 s).
/// For adaptiveCard/action the body is an Adaptive Card Universal Action response.
/// </summary>
public sealed record InvokeResponse(int Status, object? Body)
{
    public const string CardContentType = "application/vnd.microsoft.card.adaptive";
    public const string ErrorContentType = "application/vnd.microsoft.error";
    public const string MessageContentType = "application/vnd.microsoft.activity.message";

    /// <summary>Replace the card the user acted on with <paramref name="card"/>.</summary>
    public static InvokeResponse Card(JsonElement card) =>
        new(200, new { statusCode = 200, type = CardContentType, value = card });

    /// <summary>A message Teams shows to the user beside the card, which stays as it was.</summary>
    public static InvokeResponse Message(string text) =>
        new(200, new { statusCode = 200, type = MessageContentType, value = text });

    /// <summary>A refusal Teams shows to the user; nothing changed.</summary>
    public static InvokeResponse Error(int statusCode, string code, string message) =>
        new(200, new { statusCode, type = ErrorContentType, value = new { code, message } });

    /// <summary>
    /// An invoke this bot does not handle: 400 with a short reason. (The Bot Framework SDKs answer 501; a server error
    /// for a client's request is the wrong signal, and one an operator's alerts would count.)
    /// </summary>
    public static InvokeResponse Unhandled { get; } = new(400, new { error = "This bot does not handle that invoke." });
}
