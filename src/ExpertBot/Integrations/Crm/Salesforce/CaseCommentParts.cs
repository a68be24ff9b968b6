using System.Text;

namespace ExpertBot.Integrations.Crm.Salesforce;

/// <summary>
/// A note cut into case comments of at most 4,000 UTF-8 bytes (CommentBody's limit), at whitespace where one is
/// near, never inside a character. Each part says "(part i/n)" and ends with its own marker, so a retry writes only
/// the parts that are missing. Beyond <c>maxParts</c> the text is cut, and the last part says so.
/// </summary>
internal static class CaseCommentParts
{
    public const int MaxBytes = 4000;

    /// <summary>Room for "(part 20/20)\n" and "\n\n[expertbot:{36 characters} part 20/20]", with margin.</summary>
    private const int Reserve = 120;
    private const string Cut = "\n[The rest was cut: case comments hold 4,000 bytes. The full answer is in ExpertBot.]";

    public static IReadOnlyList<string> Split(string text, string key, int maxParts)
    {
        var budget = MaxBytes - Reserve;
        var chunks = new List<string>();
        var rest = text.Trim();
        while (rest.Length > 0 && chunks.Count < maxParts)
        {
            var last = chunks.Count == maxParts - 1;
            var take = Fit(rest, last && Encoding.UTF8.GetByteCount(rest) > budget ? budget - Encoding.UTF8.GetByteCount(Cut) : budget);
            chunks.Add(rest[..take].TrimEnd());
            rest = rest[take..].TrimStart();
        }
        if (rest.Length > 0)
        {
            chunks[^1] += Cut;
        }
        if (chunks.Count == 0)
        {
            chunks.Add("");
        }
        var n = chunks.Count;
        return n == 1
            ? [$"{chunks[0]}\n\n{IdempotencyMarker.Marker(key)}"]
            : [.. chunks.Select((chunk, i) => $"(part {i + 1}/{n})\n{chunk}\n\n{IdempotencyMarker.PartMarker(key, i + 1, n)}")];
    }

    /// <summary>How many characters of <paramref name="text"/> fit in <paramref name="bytes"/>, ending at whitespace if one is in the last fifth.</summary>
    private static int Fit(string text, int bytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= bytes)
        {
            return text.Length;
        }
        int length = 0, used = 0;
        while (length < text.Length)
        {
            var width = char.IsHighSurrogate(text[length]) && length + 1 < text.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(text.AsSpan(length, width));
            if (used + size > bytes)
            {
                break;
            }
            used += size;
            length += width;
        }
        var space = text.LastIndexOfAny([' ', '\n'], length - 1);
        return space > length * 4 / 5 ? space + 1 : length;
    }
}
