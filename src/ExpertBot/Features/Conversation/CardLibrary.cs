using System.Text.Json;
using ExpertBot.Protocol.Activities;

namespace ExpertBot.Features.Conversation;

/// <summary>Loads the card files from cards/ (copied next to the app) once at start.</summary>
internal sealed class CardLibrary
{
    private const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";
    private readonly Dictionary<string, JsonElement> _cards = new(StringComparer.Ordinal);

    public CardLibrary()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "cards");
        foreach (var file in System.IO.Directory.EnumerateFiles(folder, "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            _cards[Path.GetFileNameWithoutExtension(file)] = doc.RootElement.Clone();
        }
    }

    public JsonElement Card(string cardName) => _cards[cardName];

    public Activity Message(string cardName) => new()
    {
        Type = ActivityTypes.Message,
        Attachments = [new Attachment { ContentType = AdaptiveCardContentType, Content = _cards[cardName] }],
    };
}
