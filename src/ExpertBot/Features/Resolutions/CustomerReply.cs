using System.Text.RegularExpressions;
using ExpertBot.Features.Questions;

namespace ExpertBot.Features.Resolutions;

/// <summary>
/// A reply the agent can send the customer from the accepted answer: plain language, without the internal parts (who
/// helped, Teams links, question numbers, @mentions, markup). Extractive: the answer's own sentences, in a short frame.
/// </summary>
internal static partial class CustomerReply
{
    public static string Draft(Question q, string? contact) => Frame(contact, Body(q));

    /// <summary>The reply's words from the accepted answer, without the internal parts: what the greeting and closing frame.</summary>
    public static string Body(Question q)
    {
        var answer = WithoutNames(q, q.Resolution ?? "", "our team");
        answer = TeamsLink().Replace(answer, "");
        answer = Mention().Replace(answer, "");
        answer = QuestionNumber().Replace(answer, "");
        answer = Markup().Replace(answer, "");
        answer = Spaces().Replace(answer, " ").Trim();
        if (answer.Length > 0 && !".!?".Contains(answer[^1], StringComparison.Ordinal))
        {
            answer += ".";
        }
        return Capitalised(answer);
    }

    /// <summary>The greeting (the case's contact by first name) and the closing around a body, whoever wrote the body.</summary>
    public static string Frame(string? contact, string body)
    {
        var greeting = string.IsNullOrWhiteSpace(contact) ? "Hello," : $"Hello {contact.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]},";
        return $"{greeting}\n\nThank you for your patience. {body}\n\nIf anything is still not working, reply to this message and we will look into it straight away.";
    }

    /// <summary>
    /// <paramref name="text"/> with every colleague who took part replaced by <paramref name="instead"/>: whole names first,
    /// then a first or last name alone ("Megan tried it").
    /// </summary>
    public static string WithoutNames(Question q, string text, string instead)
    {
        foreach (var name in InternalNames(q).OrderByDescending(n => n.Length))
        {
            text = text.Replace(name, instead, StringComparison.OrdinalIgnoreCase);
        }
        foreach (var part in InternalNames(q).SelectMany(n => n.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(p => p.Length >= 3).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            text = Regex.Replace(text, $@"\b{Regex.Escape(part)}\b", instead, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
        }
        return text;
    }

    /// <summary>The people inside the company who took part: never named to the customer.</summary>
    public static IEnumerable<string> InternalNames(Question q) =>
        q.Contributions.Select(c => c.AuthorName).Append(q.AskerName).Where(n => n.Length > 2).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Why a body written by someone else (a language model) may not go to the customer; null when it may: it must be plain
    /// language, bounded, and say nothing internal (no colleague's name, Teams link, question number, mention, markup or
    /// placeholder), and link only to public addresses that were already in <paramref name="source"/> (what the model was
    /// given): a link to an internal host, or one the model made up, is refused.
    /// </summary>
    public static string? Unfit(Question q, string? body, string source)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "empty";
        }
        if (body.Length > MaxBody)
        {
            return "too long";
        }
        if (InternalNames(q).SelectMany(n => n.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append(n)).Where(n => n.Length >= 3)
            .FirstOrDefault(n => Regex.IsMatch(body, $@"\b{Regex.Escape(n)}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200))) is not null)
        {
            return "names a colleague";
        }
        if (TeamsLink().IsMatch(body) || body.Contains("teams.microsoft.com", StringComparison.OrdinalIgnoreCase))
        {
            return "links to Teams";
        }
        foreach (Match link in Link().Matches(body))
        {
            var url = link.Value.TrimEnd('.', ',', ';', ':', ')', '!', '?');
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || IsInternalHost(uri.Host))
            {
                return "links to an internal host";
            }
            if (!source.Contains(url, StringComparison.OrdinalIgnoreCase))
            {
                return "a link that was not in the thread";
            }
        }
        if (QuestionNumber().IsMatch(body) || Mention().IsMatch(body))
        {
            return "internal reference";
        }
        return Markup().IsMatch(body) || body.Contains('<', StringComparison.Ordinal) || body.Contains('[', StringComparison.Ordinal) ? "markup or placeholders" : null;
    }

    /// <summary>
    /// A host customers cannot (or must not) reach: an address on a private, loopback or link-local network, a name without
    /// a dot (an intranet name), an internal suffix, or Microsoft 365 hosts where the company's own files and chats live.
    /// </summary>
    internal static bool IsInternalHost(string host)
    {
        if (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip))
        {
            if (System.Net.IPAddress.IsLoopback(ip) || ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal || ip.IsIPv6UniqueLocal)
            {
                return true;
            }
            var b = ip.MapToIPv4().GetAddressBytes();
            return ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
                && (b[0] == 10 || b[0] == 127 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254) || b[0] == 0);
        }
        var name = host.TrimEnd('.').ToLowerInvariant();
        return !name.Contains('.', StringComparison.Ordinal)
            || InternalSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal));
    }

    private static readonly string[] InternalSuffixes =
    [
        ".local", ".internal", ".intranet", ".corp", ".lan", ".home.arpa", ".localhost", ".sharepoint.com", ".teams.microsoft.com",
        ".office.com", ".microsoft365.com", ".dynamics.com", ".service-now.com", ".zendesk.com", ".my.salesforce.com", ".lightning.force.com",
    ];

    public const int MaxBody = 2000;

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    [GeneratedRegex(@"https?://[^\s]*teams\.microsoft\.com[^\s]*", RegexOptions.IgnoreCase)]
    private static partial Regex TeamsLink();

    [GeneratedRegex(@"\b(?:https?|ftp)://[^\s<>""]+", RegexOptions.IgnoreCase)]
    private static partial Regex Link();

    [GeneratedRegex(@"<at>[^<]*</at>|@\w+", RegexOptions.IgnoreCase)]
    private static partial Regex Mention();

    [GeneratedRegex(@"\(?\bQ-\d+\b\)?")]
    private static partial Regex QuestionNumber();

    [GeneratedRegex(@"\*\*|__|`|^#+\s*", RegexOptions.Multiline)]
    private static partial Regex Markup();

    [GeneratedRegex(@"[ \t]+")]
    private static partial Regex Spaces();
}
