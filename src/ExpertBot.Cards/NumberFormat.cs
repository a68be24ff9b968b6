using System.Globalization;
using System.Text;

namespace ExpertBot.Cards;

/// <summary>d3-format's ",.Nf" in its default (en-US) locale, which string() and formatNumber() use.</summary>
internal static class NumberFormat
{
    // d3-format writes negatives with the typographic minus sign.
    private const char Minus = '\u2212';

    public static string Fixed(double value, int precision)
    {
        var text = Math.Abs(value).ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var dot = text.IndexOf('.');
        var integer = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? "" : text[dot..];
        var grouped = new StringBuilder();
        for (var i = 0; i < integer.Length; i++)
        {
            if (i > 0 && (integer.Length - i) % 3 == 0)
            {
                grouped.Append(',');
            }
            grouped.Append(integer[i]);
        }
        // A value that rounds to zero is written without a sign.
        var negative = value < 0 && text.Any(c => c is >= '1' and <= '9');
        return (negative ? Minus.ToString() : "") + grouped + fraction;
    }
}
