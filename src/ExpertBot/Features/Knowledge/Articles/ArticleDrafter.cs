using System.Text.RegularExpressions;

namespace ExpertBot.Features.Knowledge.Articles;

/// <summary>An article's KCS parts as written for a draft (by the extractive drafter or a language model).</summary>
internal sealed record DraftParts(string Title, string Issue, string Environment, string Cause, string Resolution, string DraftedBy);

/// <summary>
/// The extractive drafter, the fallback that always works: the question is the Issue (in the asker's words, as KCS
/// wants), the product the Environment, the accepted answer's key sentences the Resolution, and a sentence of the answer
/// that gives a reason ("because", "since", "caused by") the Cause. Nothing is made up.
/// </summary>
internal static partial class ArticleDrafter
{
    private const int ResolutionSentences = 6;

    public static DraftParts Draft(ResolvedAnswer answer)
    {
        var sentences = Sentences(answer.Answer);
        var cause = sentences.FirstOrDefault(s => CauseWords().IsMatch(s)) ?? "";
        var resolution = string.Join(" ", sentences.Where(s => s != cause).Take(ResolutionSentences));
        if (resolution.Length == 0)
        {
            resolution = answer.Answer.Trim();
        }
        var environment = string.Join("; ", new[] { answer.Product, answer.CaseNumber is null ? null : $"reported on case {answer.CaseNumber}" }
            .Where(s => !string.IsNullOrWhiteSpace(s)));
        return new DraftParts(
            Clip(answer.Title, ArticleLimits.Title),
            Clip(answer.QuestionText, ArticleLimits.Part),
            Clip(environment, ArticleLimits.Part),
            Clip(cause, ArticleLimits.Part),
            Clip(resolution, ArticleLimits.Part),
            "extractive");
    }

    /// <summary>The answer's sentences without greetings, thanks, @mentions and sign-offs: what a reader needs.</summary>
    internal static List<string> Sentences(string text)
    {
        var cleaned = Mention().Replace(text, "").Replace("\r", "", StringComparison.Ordinal);
        return [.. SentenceEnd().Split(cleaned)
            .Select(s => Spaces().Replace(s, " ").Trim())
            .Where(s => s.Length > 0 && !Chatter().IsMatch(s))];
    }

    public static string Clip(string? text, int max) => text is null ? "" : text.Length <= max ? text : text[..(max - 1)] + "…";

    [GeneratedRegex(@"(?<=[.!?])\s+|\n+")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\b(because|since|caused by|the cause|due to|root cause|happens when)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CauseWords();

    [GeneratedRegex(@"^(hi|hello|hey|thanks|thank you|cheers|regards|best|hope this helps|good luck)\b[^a-z0-9]*(\w+[!.,]?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Chatter();

    [GeneratedRegex(@"<at>[^<]*</at>")]
    private static partial Regex Mention();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
