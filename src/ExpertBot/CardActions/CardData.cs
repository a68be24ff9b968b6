using System.Globalization;
using System.Text.Json;

namespace ExpertBot.CardActions;

/// <summary>
/// The data a card action carries (the card's own data plus its inputs), read defensively: any field may be missing, of
/// another JSON kind, absurdly long, or text that is not Unicode (a lone surrogate), and references to stored records
/// are only believed when their signature verifies (<see cref="CardSeal"/>). Every problem is a
/// <see cref="CardDataException"/>, never an exception of the JSON reader.
/// </summary>
internal sealed class CardData
{
    private readonly JsonElement _data;
    private readonly CardSeal _seal;
    private IReadOnlySet<string>? _signed;

    public CardData(JsonElement data, CardSeal seal)
    {
        _data = data.ValueKind == JsonValueKind.Object ? data : default;
        _seal = seal;
    }

    /// <summary>Optional text (a string or a number as written), trimmed; null when absent or blank.</summary>
    public string? Text(string name, int maxLength)
    {
        var text = Raw(name)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (text.Length > maxLength)
        {
            throw new CardDataException(new Refusal("That is too long", $"Keep it to {maxLength:N0} characters; nothing changed."));
        }
        return text;
    }

    /// <summary>Text the person must have written; <paramref name="missing"/> tells them what to do otherwise.</summary>
    public string RequiredText(string name, int maxLength, Refusal missing) =>
        Text(name, maxLength) ?? throw new CardDataException(missing);

    /// <summary>One of the values a choice set offers; <paramref name="fallback"/> when absent, refused when it is anything else.</summary>
    public T Choice<T>(string name, IReadOnlyDictionary<string, T> choices, T fallback)
    {
        var value = Raw(name)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }
        return choices.TryGetValue(value, out var chosen) ? chosen : throw CardDataException.Damaged($"\"{name}\" is not one of the choices");
    }

    /// <summary>
    /// An id the card was signed with: present, a number, and covered by the card's signature (so nobody can point a card
    /// at a record they were never shown by editing or guessing its number).
    /// </summary>
    public long SignedId(string name)
    {
        if (!Signed().Contains(name))
        {
            throw CardDataException.Damaged($"It does not say which {Noun(name)} it is about");
        }
        return long.TryParse(Raw(name), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw CardDataException.Damaged($"It does not say which {Noun(name)} it is about");
    }

    /// <summary>A text the card was signed with (an article id), or null when the card carries none.</summary>
    public string? SignedText(string name) => Signed().Contains(name) ? Raw(name) : null;

    /// <summary>Every field whose name starts with <paramref name="prefix"/> (inputs named per item, such as "rating-17").</summary>
    public IEnumerable<(string Suffix, string Value)> Prefixed(string prefix)
    {
        if (_data.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }
        foreach (var field in _data.EnumerateObject())
        {
            if (field.Name.StartsWith(prefix, StringComparison.Ordinal) && Read(field.Value) is { } value)
            {
                yield return (field.Name[prefix.Length..], value);
            }
        }
    }

    /// <summary>The data as JSON text, for a key that identifies a click when Teams sent no activity id.</summary>
    public string Canonical() => _data.ValueKind == JsonValueKind.Object ? _data.GetRawText() : "{}";

    private IReadOnlySet<string> Signed() => _signed ??= _seal.Verify(Raw(CardSeal.Field), Raw);

    private string? Raw(string name) =>
        _data.ValueKind == JsonValueKind.Object && _data.TryGetProperty(name, out var value) ? Read(value) : null;

    private static string? Read(JsonElement value)
    {
        try
        {
            return value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            };
        }
        catch (InvalidOperationException)
        {
            // A string that is not Unicode (a lone surrogate escaped in the JSON): it cannot be any real input.
            throw CardDataException.Damaged("It holds text that is not valid Unicode");
        }
    }

    private static string Noun(string field) => field.EndsWith("Id", StringComparison.Ordinal) ? field[..^2] : field;
}
