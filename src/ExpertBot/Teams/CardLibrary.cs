using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExpertBot.Cards;
using ExpertBot.Protocol.Activities;

namespace ExpertBot.Teams;

/// <summary>
/// The card templates of cards/ (copied next to the app), parsed once at start and bound per message: binding is
/// on the hot path, parsing is not. Features pass their view data (a record or a JsonNode) and get the card.
/// </summary>
internal sealed class CardLibrary
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>
    /// Null members are left out: in the templating language a missing field is false for <c>$when</c>/<c>exists</c>,
    /// while a null inside a string ("case ${caseId}") fails the whole bind.
    /// </summary>
    private static readonly System.Text.Json.JsonSerializerOptions ViewData = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Dictionary<string, CardTemplate> _templates = new(StringComparer.Ordinal);

    // Cards whose view data is one fixed instance for the app's life (help), bound once: binding walks the template
    // and copies the result into a JsonElement, a few percent of the CPU of every "help" turn.
    private readonly ConcurrentDictionary<string, (object Data, JsonElement Card)> _fixed = new(StringComparer.Ordinal);

    public CardLibrary()
        : this(Path.Combine(AppContext.BaseDirectory, "cards"))
    {
    }

    public CardLibrary(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.json"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            try
            {
                _templates[name] = CardTemplate.Parse(File.ReadAllText(file));
            }
            catch (TemplateException ex)
            {
                // A broken template must stop the start, not the first user who needs that card.
                throw new InvalidOperationException($"Card template {file}: {ex.Message}", ex);
            }
        }
    }

    /// <summary>The parsed template (the same instance every time).</summary>
    public CardTemplate Template(string cardName) =>
        _templates.TryGetValue(cardName, out var template) ? template : throw new KeyNotFoundException($"No card template '{cardName}' in cards/.");

    /// <summary>The card bound to <paramref name="data"/> (serialized with web defaults: camelCase names).</summary>
    public JsonNode Card<T>(string cardName, T data) =>
        Template(cardName).ExpandData(data, ViewData) ?? throw new TemplateException($"Card '{cardName}' expanded to nothing.");

    public Activity Message<T>(string cardName, T data) => new()
    {
        Type = ActivityTypes.Message,
        Attachments =
        [
            new Attachment
            {
                ContentType = AdaptiveCardContentType,
                Content = Template(cardName).ExpandDataToElement(data, ViewData) ?? throw new TemplateException($"Card '{cardName}' expanded to nothing."),
            },
        ],
    };

    /// <summary>
    /// The card for view data that never changes (a static instance such as <see cref="HelpCard.Default"/>), bound on
    /// first use and shared after (a JsonElement is immutable, so concurrent replies can all write it). Other data
    /// (a different instance) is bound as usual, so a caller passing fresh data never gets a stale card.
    /// </summary>
    public JsonElement FixedCard<T>(string cardName, T data)
        where T : class
    {
        if (_fixed.TryGetValue(cardName, out var bound) && ReferenceEquals(bound.Data, data))
        {
            return bound.Card;
        }
        var card = ToElement(Card(cardName, data));
        _fixed.TryAdd(cardName, (data, card));
        return card;
    }

    /// <summary>A message carrying <see cref="FixedCard"/>: a new activity each time (the connector addresses it), the card shared.</summary>
    public Activity FixedMessage<T>(string cardName, T data)
        where T : class => new()
    {
        Type = ActivityTypes.Message,
        Attachments = [new Attachment { ContentType = AdaptiveCardContentType, Content = FixedCard(cardName, data) }],
    };

    /// <summary>A message carrying a card already bound (a stored answer sent again).</summary>
    public static Activity MessageOf(JsonElement card) => new()
    {
        Type = ActivityTypes.Message,
        Attachments = [new Attachment { ContentType = AdaptiveCardContentType, Content = card }],
    };

    internal static System.Text.Json.JsonElement ToElement(JsonNode node) =>
        System.Text.Json.JsonSerializer.SerializeToElement(node);
}
