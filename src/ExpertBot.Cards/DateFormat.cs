using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ExpertBot.Cards;

/// <summary>
/// formatDateTime(timestamp[, format[, locale]]) as adaptive-expressions does it: the .NET-style format is first
/// converted to a day.js format (letters outside the known tokens pass through and day.js may read them as
/// tokens again), then formatted in UTC with day.js' English names.
/// </summary>
internal static partial class DateFormat
{
    private const string DefaultFormat = "YYYY-MM-DDTHH:mm:ss.SSS[Z]";

    public static Result FormatDateTime(List<object?> args)
    {
        if (args[0] is not string text)
        {
            return Result.Fail($"{JsValue.ToStringForJoin(args[0])} is not a valid datetime string.");
        }
        if (ParseTimestamp(text) is not { } timestamp)
        {
            return Result.Fail($"{text} is not a valid datetime string.");
        }
        var format = DefaultFormat;
        if (args.Count == 3 && args[1] is string f3 && args[2] is string)
        {
            format = f3.Length == 0 ? DefaultFormat : ConvertOrKeep(f3);
        }
        else if (args.Count == 2 && args[1] is string f2)
        {
            format = f2.Length == 0 ? DefaultFormat : ConvertOrKeep(f2);
        }
        return Result.Ok(Format(timestamp, format));
    }

    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd", "yyyy-MM", "yyyy",
    ];

    /// <summary>ISO 8601 timestamps (what JavaScript's Date parses reliably); no zone means UTC here.</summary>
    private static DateTimeOffset? ParseTimestamp(string text) =>
        DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? new DateTimeOffset(value.UtcDateTime.Ticks - (value.UtcDateTime.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero)
            : null;

    /// <summary>A format the converter cannot take (f, ff, g, an open quote) goes to day.js unconverted, as there.</summary>
    private static string ConvertOrKeep(string format)
    {
        try
        {
            return Convert(format);
        }
        catch (TemplateException)
        {
            return format;
        }
    }

    /// <summary>.NET custom format to day.js format, token by token as the official converter does.</summary>
    private static string Convert(string format)
    {
        if (format.Length == 1)
        {
            switch (format)
            {
                case "R" or "r" or "U" or "u":
                    throw new TemplateException($"The date format '{format}' is not supported.");
                case "O" or "o":
                    format = "YYYY-MM-DDTHH:mm:ss.SSS0000Z";
                    break;
            }
        }
        var result = new StringBuilder();
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i];
            switch (c)
            {
                case 'd' or 'f' or 'F' or 'g' or 'h' or 'H' or 'm' or 'M' or 's' or 't' or 'y' or 'z':
                    var max = c switch { 'd' or 'M' or 'y' => 4, 'f' or 'F' or 'z' => 3, 'g' => 1, _ => 2 };
                    // Repeats beyond the longest token are absorbed, not started over ("ddddd" is "dddd").
                    var run = 1;
                    while (i + run < format.Length && format[i + run] == c)
                    {
                        run++;
                    }
                    result.Append(Token(c, Math.Min(run, max)));
                    i += run;
                    continue;
                case 'K':
                    result.Append('Z');
                    break;
                case '%':
                    break;
                case '`' or '\'':
                    var close = format.IndexOf(c, i + 1);
                    if (close < 0)
                    {
                        throw new TemplateException("Invalid Format String");
                    }
                    result.Append(format, i + 1, close - i - 1);
                    i = close + 1;
                    continue;
                case '\\':
                    if (i + 1 >= format.Length)
                    {
                        throw new TemplateException("Invalid Format String");
                    }
                    result.Append(format[i + 1]);
                    i += 2;
                    continue;
                default:
                    result.Append(c);
                    break;
            }
            i++;
        }
        return result.ToString();
    }

    private static string Token(char c, int run) => (c, run) switch
    {
        ('d', 1) => "D",
        ('d', 2) => "DD",
        ('d', 3) => "ddd",
        ('d', 4) => "dddd",
        ('f' or 'F', 3) => "SSS",
        ('f' or 'F' or 'g', _) => throw new TemplateException($"The date format token '{new string(c, run)}' is not supported."),
        ('h' or 'H' or 'm' or 's', _) => new string(c, run),
        ('M', _) => new string('M', run),
        ('t', _) => "A",
        ('y', <= 2) => "YY",
        ('y', _) => "YYYY",
        ('z', <= 2) => "ZZ",
        _ => "Z",
    };

    private static readonly string[] Months =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static readonly string[] Weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    [GeneratedRegex(@"\[([^\]]+)]|YYYY|YY|M{1,4}|D{1,2}|d{1,4}|H{1,2}|h{1,2}|a|A|m{1,2}|s{1,2}|Z{1,2}|SSS")]
    private static partial Regex DayJsToken();

    private static string Format(DateTimeOffset t, string format) => DayJsToken().Replace(format, m =>
    {
        if (m.Groups[1].Success)
        {
            return m.Groups[1].Value;
        }
        var hour12 = t.Hour % 12 == 0 ? 12 : t.Hour % 12;
        return m.Value switch
        {
            "YY" => t.Year.ToString(CultureInfo.InvariantCulture)[^2..],
            "YYYY" => t.Year.ToString("0000", CultureInfo.InvariantCulture),
            "M" => Num(t.Month),
            "MM" => Pad(t.Month),
            "MMM" => Months[t.Month - 1][..3],
            "MMMM" => Months[t.Month - 1],
            "D" => Num(t.Day),
            "DD" => Pad(t.Day),
            "d" => Num((int)t.DayOfWeek),
            "dd" => Weekdays[(int)t.DayOfWeek][..2],
            "ddd" => Weekdays[(int)t.DayOfWeek][..3],
            "dddd" => Weekdays[(int)t.DayOfWeek],
            "H" => Num(t.Hour),
            "HH" => Pad(t.Hour),
            "h" => Num(hour12),
            "hh" => Pad(hour12),
            "a" => t.Hour < 12 ? "am" : "pm",
            "A" => t.Hour < 12 ? "AM" : "PM",
            "m" => Num(t.Minute),
            "mm" => Pad(t.Minute),
            "s" => Num(t.Second),
            "ss" => Pad(t.Second),
            "SSS" => t.Millisecond.ToString("000", CultureInfo.InvariantCulture),
            "Z" => "+00:00",
            _ => "+0000",
        };
    });

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Pad(int n) => n.ToString("00", CultureInfo.InvariantCulture);
}
