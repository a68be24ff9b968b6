namespace ExpertBot.Features.Routing;

internal static class Text
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a","an","the","and","or","of","to","in","on","for","is","are","was","be","it","this","that","with","as","at","by",
        "from","i","you","we","how","what","why","can","do","does","if","not","but","so","there","which","my","me","any",
        "have","has","when","then","its","into","about","would","should","could","will","all","one","some","also","than",
    };

    public static IEnumerable<string> Tokens(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }
        foreach (var raw in text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var token = raw.Trim('.', ',', ';', ':', '!', '?', '(', ')', '"', '\'');
            if (token.Length > 1 && !StopWords.Contains(token))
            {
                yield return token;
            }
        }
    }
}
