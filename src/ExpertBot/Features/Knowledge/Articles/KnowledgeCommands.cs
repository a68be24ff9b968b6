using System.Text.RegularExpressions;
using ExpertBot.Protocol.Activities;
using ExpertBot.Teams;

namespace ExpertBot.Features.Knowledge.Articles;

/// <summary>
/// The knowledge base in chat: <c>search &lt;words&gt;</c> (the same search coordination first uses, over validated
/// articles and past resolved questions) and <c>kb KB-1001</c> (one article's card).
/// </summary>
internal sealed partial class KnowledgeCommands(KnowledgeIndex knowledge, KnowledgeBase articles, ArticleCards cards)
{
    public const int Results = 5;

    /// <summary>The answer when <paramref name="text"/> is one of these commands; null otherwise.</summary>
    public async Task<Activity?> TryHandleAsync(string text, string? tenantId, CancellationToken ct)
    {
        if (Search().Match(text) is { Success: true } search)
        {
            var words = search.Groups[1].Value.Trim();
            if (words.Length == 0)
            {
                return Line("Write what to look for after \"search\", e.g. `search reply URL mismatch`.");
            }
            if (words.Length > 1_000)
            {
                return Line("That is a long search: keep it to 1,000 characters.");
            }
            return cards.Results(words, await knowledge.SearchAsync(words, Results, ct: ct));
        }
        if (Show().Match(text) is { Success: true } show)
        {
            var id = ArticleNumbers.Parse(show.Groups[1].Value.Trim());
            var details = id is null ? null : await articles.DetailsAsync(id.Value, ct);
            if (details is null || !ArticleAccess.SameTenant(details.Article, tenantId) || details.Article.State == ArticleState.WorkInProgress)
            {
                return Line($"There is no article {show.Groups[1].Value.Trim()} in the knowledge base.");
            }
            return cards.Article(details!);
        }
        return null;
    }

    private static Activity Line(string text) => new() { Type = ActivityTypes.Message, Text = text, TextFormat = "markdown" };

    [GeneratedRegex(@"^\s*search\b(.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Search();

    [GeneratedRegex(@"^\s*kb\s+(\S+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Show();
}
