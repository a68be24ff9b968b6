using System.Text.RegularExpressions;
using ExpertBot.Features.Questions;

namespace ExpertBot.Features.Resolutions;

/// <summary>
/// A reply the agent can send the customer from the accepted answer: plain language, without the internal parts (who
/// helped, Teams links, question numbers, @mentions, markup). Extractive: the answer's own sentences, in a short frame.
/// </summary>
internal static partial class CustomerReply
{
    public static string Draft(Question q, string? contact)
    {
        var answer = q.Resolution ?? "";
        var names = q.Contributions.Select(c => c.AuthorName).Append(q.AskerName).Where(n => n.Length > 2).Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            answer = answer.Replace(name, "our team", StringComparison.OrdinalIgnoreCase);
        }
        answer = TeamsLink().Replace(answer, "");
        answer = Mention().Replace(answer, "");
        answer = QuestionNumber().Replace(answer, "");
        answer = Markup().Replace(answer, "");
        answer = Spaces().Replace(answer, " ").Trim();
        if (answer.Length > 0 && !".!?".Contains(answer[^1], StringComparison.Ordinal))
        {
            answer += ".";
        }
        var greeting = string.IsNullOrWhiteSpace(contact) ? "Hello," : $"Hello {contact.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]},";
        return $"{greeting}\n\nThank you for your patience. {Capitalised(answer)}\n\nIf anything is still not working, reply to this message and we will look into it straight away.";
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    [GeneratedRegex(@"https?://[^\s]*teams\.microsoft\.com[^\s]*", RegexOptions.IgnoreCase)]
    private static partial Regex TeamsLink();

    [GeneratedRegex(@"<at>[^<]*</at>|@\w+", RegexOptions.IgnoreCase)]
    private static partial Regex Mention();

    [GeneratedRegex(@"\(?\bQ-\d+\b\)?")]
    private static partial Regex QuestionNumber();

    [GeneratedRegex(@"\*\*|__|`|^#+\s*", RegexOptions.Multiline)]
    private static partial Regex Markup();

    [GeneratedRegex(@"[ \t]+")]
    private static partial Regex Spaces();
}
