using System.Text.RegularExpressions;

namespace ExpertBot.Features.Knowledge.Articles;

/// <summary>
/// Removes personal data from text before it leaves for a language model or a knowledge base, and from drafts: email
/// addresses, phone numbers, payment card numbers (Luhn-checked, so an order number is not taken for one), national ids
/// (US SSN, UK National Insurance, IBAN with its check digits) and the case's customer and contact names.
/// </summary>
internal static partial class Redactor
{
    public static string Redact(string? text, IReadOnlyList<string>? names = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }
        var result = Email().Replace(text, "[email]");
        result = Iban().Replace(result, m => IbanValid(m.Value) ? "[account number]" : m.Value);
        result = Card().Replace(result, m => Luhn(m.Value) ? "[card number]" : m.Value);
        result = Ssn().Replace(result, "[national id]");
        result = Nino().Replace(result, "[national id]");
        result = Phone().Replace(result, m => m.Value.Count(char.IsAsciiDigit) is >= 8 and <= 15 && !IsoDate().IsMatch(m.Value) ? "[phone]" : m.Value);
        foreach (var name in (names ?? []).Where(n => !string.IsNullOrWhiteSpace(n) && n.Trim().Length >= 3).OrderByDescending(n => n.Length))
        {
            result = Regex.Replace(result, $@"\b{Regex.Escape(name.Trim())}\b", "[customer]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
            // A contact's first or last name alone names them too ("Dana said...").
            foreach (var part in name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => p.Length >= 4 && char.IsUpper(p[0])))
            {
                result = Regex.Replace(result, $@"\b{Regex.Escape(part)}\b", "[customer]", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
            }
        }
        return result;
    }

    private static bool Luhn(string candidate)
    {
        var digits = candidate.Where(char.IsAsciiDigit).Select(c => c - '0').ToArray();
        if (digits.Length is < 13 or > 19)
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i];
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    private static bool IbanValid(string candidate)
    {
        var iban = new string([.. candidate.Where(char.IsAsciiLetterOrDigit)]).ToUpperInvariant();
        if (iban.Length is < 15 or > 34)
        {
            return false;
        }
        var rearranged = iban[4..] + iban[..4];
        var remainder = 0;
        foreach (var c in rearranged)
        {
            var value = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value >= 10 ? ((remainder * 100) + value) % 97 : ((remainder * 10) + value) % 97;
        }
        return remainder == 1;
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    [GeneratedRegex(@"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b")]
    private static partial Regex Iban();

    [GeneratedRegex(@"\b(?:\d[ \-]?){12,18}\d\b")]
    private static partial Regex Card();

    [GeneratedRegex(@"\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b")]
    private static partial Regex Ssn();

    [GeneratedRegex(@"\b(?![DFIQUV])[A-Z](?![DFIQUVO])[A-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b")]
    private static partial Regex Nino();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex IsoDate();

    // International (+44 20 7946 0958) or grouped local numbers ((425) 555-0100, 0207 946 0958); digits counted after.
    [GeneratedRegex(@"(?<![\w-])(?:\+\d{1,3}[ .\-]?)?(?:\(\d{2,5}\)[ .\-]?)?\d{2,5}(?:[ .\-]\d{2,5}){1,4}(?![\w-])")]
    private static partial Regex Phone();
}
