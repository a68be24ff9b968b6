using System.Net;
using System.Text;

namespace ExpertBot.Integrations.Crm;

/// <summary>A KCS article's sections (issue, environment, cause, resolution) and its credits, as HTML or plain text.</summary>
internal static class ArticleContent
{
    public static string Html(ArticleDraft draft, string? marker = null)
    {
        var html = new StringBuilder();
        Section(html, "Issue", draft.Issue);
        Section(html, "Environment", draft.Environment);
        Section(html, "Cause", draft.Cause);
        Section(html, "Resolution", draft.Resolution);
        if (draft.Contributors.Count > 0)
        {
            html.Append("<p><em>Contributors: ").Append(WebUtility.HtmlEncode(string.Join(", ", draft.Contributors))).Append("</em></p>");
        }
        if (marker is not null)
        {
            html.Append("<p><small>").Append(WebUtility.HtmlEncode(marker)).Append("</small></p>");
        }
        return html.ToString();
    }

    public static string Text(ArticleDraft draft)
    {
        var text = new StringBuilder();
        foreach (var (heading, body) in new[] { ("Issue", draft.Issue), ("Environment", draft.Environment), ("Cause", draft.Cause), ("Resolution", draft.Resolution) })
        {
            if (!string.IsNullOrWhiteSpace(body))
            {
                text.Append(heading).Append(": ").AppendLine(body.Trim());
            }
        }
        if (draft.Contributors.Count > 0)
        {
            text.Append("Contributors: ").AppendLine(string.Join(", ", draft.Contributors));
        }
        return text.ToString().TrimEnd();
    }

    /// <summary>At most <paramref name="max"/> characters, cut with an ellipsis.</summary>
    public static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static void Section(StringBuilder html, string heading, string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return;
        }
        html.Append("<h2>").Append(heading).Append("</h2>");
        foreach (var paragraph in body.Trim().Split("\n\n"))
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph.Trim()).Replace("\n", "<br/>")).Append("</p>");
        }
    }
}
