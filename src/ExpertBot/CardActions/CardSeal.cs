using System.Security.Cryptography;
using System.Text;

namespace ExpertBot.CardActions;

/// <summary>
/// Signs the references a card carries (a question's id, a reply's id, an article's id) so a card action is only believed
/// about records the person was shown: ids are sequential, and without this anyone could edit a card (or guess) to read or
/// act on any question. The signature is an HMAC-SHA256 over the signed fields' names and values with the bot's key
/// (<see cref="CardSigningKey"/>), written into the card as <c>sig</c>: "questionId.replyId.&lt;mac&gt;".
/// </summary>
internal sealed class CardSeal(CardSigningKey key)
{
    /// <summary>The card data field the signature travels in.</summary>
    public const string Field = "sig";

    private const int MacBytes = 16;

    /// <summary>The signature of these fields with these values, for the card's data.</summary>
    public string Sign(params ReadOnlySpan<(string Name, string Value)> fields)
    {
        var names = new string[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            if (fields[i].Name.Length == 0 || !fields[i].Name.All(char.IsAsciiLetterOrDigit))
            {
                throw new ArgumentException($"Signed field names are letters and digits: '{fields[i].Name}'.", nameof(fields));
            }
            names[i] = fields[i].Name;
        }
        var values = fields.ToArray();
        return string.Join('.', names) + "." + Base64Url(Mac(names, name => values.First(f => f.Name == name).Value));
    }

    /// <summary>
    /// The names of the fields <paramref name="signature"/> covers, when it verifies against the values the card sent;
    /// empty when it is missing, malformed or does not verify (then nothing of the card is believed).
    /// </summary>
    public IReadOnlySet<string> Verify(string? signature, Func<string, string?> valueOf)
    {
        if (string.IsNullOrEmpty(signature) || signature.Length > 400)
        {
            return Empty;
        }
        var parts = signature.Split('.');
        if (parts.Length < 2 || parts[..^1].Any(p => p.Length == 0 || !p.All(char.IsAsciiLetterOrDigit)))
        {
            return Empty;
        }
        var names = parts[..^1];
        byte[] given;
        try
        {
            given = FromBase64Url(parts[^1]);
        }
        catch (FormatException)
        {
            return Empty;
        }
        var expected = Mac(names, valueOf);
        // Only the one spelling of the MAC: base64 leaves a few bits of the last character unused, and a decoder ignores
        // them, so without this check several strings would all pass as the same signature.
        return given.Length == MacBytes && Base64Url(given) == parts[^1] && CryptographicOperations.FixedTimeEquals(given, expected)
            ? names.ToHashSet(StringComparer.Ordinal)
            : Empty;
    }

    private static readonly IReadOnlySet<string> Empty = new HashSet<string>();

    private byte[] Mac(string[] names, Func<string, string?> valueOf)
    {
        var text = new StringBuilder("expertbot-card-v1");
        foreach (var name in names)
        {
            // Length-prefixed, so no choice of values can make two different field lists sign the same text.
            var value = valueOf(name) ?? "\u0000";
            text.Append('\n').Append(name.Length).Append(':').Append(name).Append('=').Append(value.Length).Append(':').Append(value);
        }
        return HMACSHA256.HashData(key.Bytes, Encoding.UTF8.GetBytes(text.ToString()))[..MacBytes];
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s + new string('=', (4 - s.Length % 4) % 4));
    }
}
