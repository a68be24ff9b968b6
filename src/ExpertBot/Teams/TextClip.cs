using System.Globalization;
using System.Text;

namespace ExpertBot.Teams;

/// <summary>
/// Cuts people's text to a limit without breaking it: at a text element boundary (never between the halves of a
/// surrogate pair, or between a letter and its combining marks, or inside an emoji sequence), and without control
/// characters, which JSON writes six bytes each and no one types on purpose.
/// </summary>
internal static class TextClip
{
    /// <summary>At most <paramref name="maxChars"/> UTF-16 chars (a column's limit), trimmed; null stays null.</summary>
    public static string? Clip(string? text, int maxChars)
    {
        if (text is null)
        {
            return null;
        }
        var clean = Clean(text).Trim();
        if (clean.Length <= maxChars)
        {
            return clean;
        }
        var cut = 0;
        while (cut < clean.Length && cut + StringInfo.GetNextTextElementLength(clean, cut) is var next && next <= maxChars)
        {
            cut = next;
        }
        return clean[..cut].TrimEnd();
    }

    /// <summary>
    /// At most <paramref name="maxBytes"/> bytes of UTF-8 (a share of a card's size limit); when cut, ends with "…" and
    /// <paramref name="clipped"/> is true.
    /// </summary>
    public static string Display(string? text, int maxBytes, out bool clipped)
    {
        var clean = Clean(text ?? string.Empty);
        if (Encoding.UTF8.GetByteCount(clean) <= maxBytes)
        {
            clipped = false;
            return clean;
        }
        clipped = true;
        // Counted element by element ("…" is three bytes of the budget).
        var bytes = 0;
        var cut = 0;
        while (cut < clean.Length)
        {
            var length = StringInfo.GetNextTextElementLength(clean, cut);
            bytes += Encoding.UTF8.GetByteCount(clean.AsSpan(cut, length));
            if (bytes > maxBytes - 3)
            {
                break;
            }
            cut += length;
        }
        return clean[..cut].TrimEnd() + "…";
    }

    /// <inheritdoc cref="Display(string?, int, out bool)"/>
    public static string Display(string? text, int maxBytes) => Display(text, maxBytes, out _);

    private static string Clean(string text)
    {
        var needs = false;
        foreach (var c in text)
        {
            if (IsDropped(c))
            {
                needs = true;
                break;
            }
        }
        if (!needs)
        {
            return text;
        }
        var s = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                s.Append(c).Append(text[++i]);
            }
            else if (!IsDropped(c))
            {
                s.Append(c);
            }
        }
        return s.ToString();
    }

    // Control characters (but line breaks and tabs), and a surrogate without its other half, which is not text at all.
    private static bool IsDropped(char c) => (char.IsControl(c) && c is not ('\n' or '\r' or '\t')) || char.IsSurrogate(c);
}
