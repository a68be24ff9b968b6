using System.Text.RegularExpressions;

namespace ExpertBot.Features.Ideas;

/// <summary>
/// Whether a chat message is a customer's feature idea rather than a question: "the customer wants ...", "feature
/// request: ...", "it would be great if ...". A message that asks something ("the customer wants to know why ...?") is
/// still a question. A match only offers the idea form; nothing is logged on a guess.
/// </summary>
internal static partial class IdeaIntent
{
    public static bool IsIdea(string text)
    {
        if (string.IsNullOrWhiteSpace(text) || !Signal().IsMatch(text))
        {
            return false;
        }
        return !text.Contains('?', StringComparison.Ordinal) && !AsksToKnow().IsMatch(text);
    }

    /// <summary>
    /// The idea's title from the first line of such a message, without the words that only said it is a request ("The
    /// customer wants to download the report" is titled "Download the report"): the board lists what to build, not who
    /// said it. A line that would be left (nearly) empty stays as written.
    /// </summary>
    public static string Title(string line)
    {
        var title = Preamble().Replace(line.Trim(), "", 1).Trim();
        return title.Length < 3 ? line.Trim() : char.ToUpperInvariant(title[0]) + title[1..];
    }

    [GeneratedRegex(@"^(?:(?:(?:the|our|my|a|this)\s+)?customers?\s+(?:wants?|would\s+like|(?:is\s+|are\s+)?ask(?:s|ed|ing)?\s+for|requests?|requested)\s+(?:to\s+)?|feature\s+request\s*[:\-\u2013]?\s*|idea\s*:\s*|(?:please|can\s+we)\s+(?=add\b))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Preamble();

    [GeneratedRegex(@"\b(?:feature\s+request|idea\s*:|customers?\s+(?:wants?|would\s+like|(?:is\s+|are\s+)?ask(?:s|ed|ing)?\s+for\s+(?:a\s+|an\s+)?(?:feature|way|option|setting|ability))\b|(?:it\s+)?would\s+be\s+(?:great|nice|good)\s+if|please\s+add|can\s+we\s+add|wish(?:es)?\s+(?:we|it|the\s+product)\s+(?:had|could|would))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Signal();

    [GeneratedRegex(@"\b(?:wants?|would\s+like|needs?)\s+to\s+(?:know|understand|find\s+out)\b|\b(?:why|how\s+(?:do|does|can|come))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AsksToKnow();
}
