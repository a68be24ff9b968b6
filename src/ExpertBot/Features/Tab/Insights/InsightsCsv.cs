using System.Globalization;
using System.Text;

namespace ExpertBot.Features.Tab.Insights;

/// <summary>
/// The insights as one CSV table (RFC 4180: comma-separated, CRLF line ends, a header row, fields with a comma, quote or
/// line break in double quotes with quotes doubled). One row per figure: section, item, measure, value. Cells are
/// written for spreadsheets too: a cell starting with = + - @ (or a tab or carriage return) is a formula to Excel, and
/// names and titles come from people, so such a cell gets a leading apostrophe and is shown as text, never run.
/// </summary>
internal static class InsightsCsv
{
    public const string Header = "section,item,measure,value";

    public static string Write(InsightsReport r)
    {
        var csv = new StringBuilder();
        csv.Append(Header).Append("\r\n");
        void Row(string section, string item, string measure, object? value) =>
            csv.Append(Cell(section)).Append(',').Append(Cell(item)).Append(',').Append(Cell(measure)).Append(',').Append(Cell(Text(value))).Append("\r\n");

        Row("period", "from", "date", r.From);
        Row("period", "to", "date", r.To);
        Row("period", "pool", "name", r.Pool ?? "all pools");
        Row("questions", "all", "questions", r.Questions);
        foreach (var week in r.QuestionsPerWeek)
        {
            Row("questions per week", Text(week.Week), "questions", week.Questions);
        }
        Durations("first expert response", r.FirstResponse);
        Durations("resolution", r.Resolution);
        Share("sent to experts", r.SentToExperts);
        Share("nobody joined", r.NobodyJoined);
        Share("answered from knowledge", r.AnsweredFromKnowledge);
        Share("knowledge link rate", r.Knowledge.LinkRate);
        Share("knowledge reuse", r.Knowledge.Reuse);
        Row("knowledge base", "validated articles", "articles", r.Knowledge.Validated);
        Row("knowledge base", "drafts", "articles", r.Knowledge.Drafts);
        Row("knowledge base", "open flags", "flags", r.Knowledge.OpenFlags);
        Row("knowledge base", "due for verification", "articles", r.Knowledge.DueForVerification);
        foreach (var (section, items) in new[] { ("due for verification", r.Knowledge.Due), ("low-rated articles", r.Knowledge.LowRated), ("flagged articles", r.Knowledge.Flagged) })
        {
            foreach (var a in items)
            {
                Row(section, $"{a.Number} {a.Title}", "detail", a.Detail);
            }
        }
        foreach (var c in r.TopContributors)
        {
            Row("top contributors", c.Name, "accepted answers", c.AcceptedAnswers);
            Row("top contributors", c.Name, "replies", c.Replies);
            Row("top contributors", c.Name, "questions helped", c.QuestionsHelped);
            Row("top contributors", c.Name, "average rating", c.AverageRating);
            Row("top contributors", c.Name, "ratings", c.Ratings);
        }
        foreach (var e in r.Load)
        {
            Row("open invitations", e.Name, "invitations", e.OpenInvitations);
        }
        foreach (var s in r.IdeaFunnel)
        {
            Row("idea funnel", s.Label, "ideas", s.Ideas);
        }
        return csv.ToString();

        void Durations(string section, DurationFigures d)
        {
            Row(section, "all", "questions", d.Questions);
            Row(section, "all", "median minutes", d.MedianMinutes);
            Row(section, "all", "p90 minutes", d.P90Minutes);
            foreach (var b in d.Buckets)
            {
                Row(section, b.Label, "questions", b.Questions);
            }
            foreach (var w in d.Weekly)
            {
                Row(section, $"week of {Text(w.Week)}", "median minutes", w.MedianMinutes);
                Row(section, $"week of {Text(w.Week)}", "p90 minutes", w.P90Minutes);
            }
        }

        void Share(string section, Share s)
        {
            Row(section, "all", "part", s.Part);
            Row(section, "all", "whole", s.Whole);
            Row(section, "all", "rate", s.Rate is { } rate ? Math.Round(rate, 4) : null);
        }
    }

    /// <summary>A field as RFC 4180 writes it, neutralised for spreadsheets first.</summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double x => x.ToString("0.####", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
