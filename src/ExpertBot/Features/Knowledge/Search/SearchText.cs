namespace ExpertBot.Features.Knowledge.Search;

/// <summary>How text becomes search terms (lexical side) and passages (what the embedding model reads).</summary>
internal static class SearchText
{
    // Lucene's English stop words plus the question words every support question has ("how do I ... can you ...").
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a","an","and","are","as","at","be","but","by","for","if","in","into","is","it","no","not","of","on","or","such",
        "that","the","their","then","there","these","they","this","to","was","will","with",
        "i","you","we","how","what","why","can","do","does","so","which","my","me","any","have","has","when","its","about",
        "would","should","could","all","one","some","also","than","from",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> StopWordSpans = StopWords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Lower-cased runs of letters and digits, stop words out, inflections stripped unless <paramref name="stem"/> is off
    /// (<see cref="Stemmer"/>: "crashes" and "crashing" are "crash"). Punctuation always separates, so "SearchIndex.remove"
    /// in a title and "searchindex remove" in a body (or a CRM's plain-text copy) are the same terms.
    /// </summary>
    public static List<string> Terms(string? text, bool stem = true)
    {
        var terms = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return terms;
        }
        Span<char> buffer = stackalloc char[65]; // 64 letters, and room for the stemmer to add an "e"
        var length = 0;
        var overflow = false;
        foreach (var c in text.AsSpan())
        {
            if (char.IsLetterOrDigit(c))
            {
                if (length < buffer.Length - 1)
                {
                    buffer[length++] = char.ToLowerInvariant(c);
                }
                else
                {
                    overflow = true; // very long runs (hashes, base64) are noise, not words
                }
                continue;
            }
            Flush(buffer, length, overflow, stem, terms);
            length = 0;
            overflow = false;
        }
        Flush(buffer, length, overflow, stem, terms);
        return terms;
    }

    private static void Flush(Span<char> buffer, int length, bool overflow, bool stem, List<string> terms)
    {
        if (length < 2 || overflow || StopWordSpans.Contains(buffer[..length]))
        {
            return;
        }
        terms.Add(new string(buffer[..(stem ? Stemmer.Stem(buffer, length) : length)]));
    }

    /// <summary>Words as the embedding model should see them: whitespace collapsed.</summary>
    public static string[] Words(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// The passages a document is embedded as: the title with the start of the body, then (for long bodies) the title with
    /// each next stretch of the body. The title goes into every passage because it says what the whole document is about;
    /// a document's semantic score is that of its best passage.
    /// </summary>
    public static List<string> Passages(string title, string body, int maxWords, int maxPassages)
    {
        var titleWords = Words(title);
        var bodyWords = Words(body);
        var room = Math.Max(16, maxWords - titleWords.Length);
        var passages = new List<string>();
        var head = string.Join(' ', titleWords);
        for (var start = 0; passages.Count < Math.Max(1, maxPassages); start += room)
        {
            var part = string.Join(' ', bodyWords.Skip(start).Take(room));
            passages.Add(part.Length == 0 ? head : head.Length == 0 ? part : $"{head}. {part}");
            if (start + room >= bodyWords.Length)
            {
                break;
            }
        }
        return passages;
    }

    /// <summary>The first non-empty line: a question's title (the bot's questions are "title, newline, details").</summary>
    public static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";

    /// <summary>A query as the model reads it: its first <paramref name="maxWords"/> words.</summary>
    public static string Query(string text, int maxWords) => string.Join(' ', Words(text).Take(maxWords));
}
