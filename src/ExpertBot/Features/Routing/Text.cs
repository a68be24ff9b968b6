namespace ExpertBot.Features.Routing;

internal static class Text
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a","an","the","and","or","of","to","in","on","for","is","are","was","be","it","this","that","with","as","at","by",
        "from","i","you","we","how","what","why","can","do","does","if","not","but","so","there","which","my","me","any",
        "have","has","when","then","its","into","about","would","should","could","will","all","one","some","also","than",
    };

    private static readonly char[] Separators = [' ', '\t', '\r', '\n', '/', ',', ';', ':', '!', '?', '(', ')', '"', '\'', '[', ']'];

    public static IEnumerable<string> Tokens(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }
        foreach (var raw in text.ToLowerInvariant().Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            var token = raw.Trim('.', '-');
            if (token.Length > 1 && !StopWords.Contains(token))
            {
                yield return token;
            }
        }
    }

    /// <summary>Tags and topics are matched as one term, whatever their spelling: "Azure AD" = "azure-ad".</summary>
    public static string TagTerm(string tag) => "tag:" + string.Join('-', tag.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Does a topic (a tag or a phrase) name something in the question: one of its tags, or all of its words?</summary>
    public static bool Mentions(string topic, IReadOnlySet<string> questionTerms)
    {
        if (questionTerms.Contains(TagTerm(topic)))
        {
            return true;
        }
        var any = false;
        foreach (var token in Tokens(topic))
        {
            if (!questionTerms.Contains(token))
            {
                return false;
            }
            any = true;
        }
        return any;
    }
}
