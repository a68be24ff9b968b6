using System.Text.RegularExpressions;

namespace ExpertBot.Features.Conversation;

internal enum Intent
{
    /// <summary>A question for the experts: asked at once.</summary>
    Question,

    /// <summary>Small talk, a command-like word or a fragment ("status", "thanks"): answered with help, nobody is asked.</summary>
    NotAQuestion,

    /// <summary>It might be a question: the asker confirms (on the question form, filled in) before any expert is bothered.</summary>
    Unsure,
}

/// <summary>
/// Whether a chat message is a question for the experts. Every message used to become one, so "status" invited three
/// experts. A question mark, a question word, an error or case reference, or a longer text that describes a problem is a
/// question; a few words without any of these are not; the rest is confirmed first.
/// </summary>
internal static partial class MessageIntent
{
    private static readonly HashSet<string> QuestionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "how", "why", "what", "when", "where", "who", "which", "can", "could", "does", "do", "did", "is", "are", "should", "will",
        "would", "has", "have", "any", "anyone", "whats", "what's", "hows",
    };

    private static readonly HashSet<string> ProblemWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "error", "errors", "fails", "failing", "failed", "failure", "broken", "crash", "crashes", "doesn't", "doesnt", "can't", "cant",
        "cannot", "won't", "wont", "issue", "problem", "bug", "customer", "customers", "not", "unable", "wrong", "missing", "stuck", "slow",
        "timeout", "denied", "refund", "invoice", "outage", "down",
    };

    public static Intent Classify(string text)
    {
        var words = Words().Matches(text).Select(m => m.Value).ToList();
        if (words.Count == 0)
        {
            return Intent.NotAQuestion;
        }
        if (text.Contains('?', StringComparison.Ordinal) && words.Count >= 3)
        {
            return Intent.Question;
        }
        if (Reference().IsMatch(text))
        {
            return words.Count >= 3 ? Intent.Question : Intent.Unsure;
        }
        if (words.Count <= 2)
        {
            return Intent.NotAQuestion;
        }
        var asks = QuestionWords.Contains(words[0]);
        var problem = words.Count(w => ProblemWords.Contains(w));
        if ((asks && words.Count >= 4) || (problem >= 2 && words.Count >= 6))
        {
            return Intent.Question;
        }
        return Intent.Unsure;
    }

    [GeneratedRegex(@"[\p{L}\p{N}'’]+")]
    private static partial Regex Words();

    // A case number, an error code (AADSTS50011, 0x80040217, HTTP 503), or a ticket-looking reference.
    [GeneratedRegex(@"\b(?:CAS-\d+|[A-Z]{2,}\d{3,}|0x[0-9A-Fa-f]{4,}|HTTP\s?[45]\d\d)\b")]
    private static partial Regex Reference();
}
