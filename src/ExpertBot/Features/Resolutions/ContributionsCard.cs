using ExpertBot.Protocol.Activities;
using ExpertBot.Teams;

namespace ExpertBot.Features.Resolutions;

/// <summary>The "my contributions" card: every figure says what it counts, in words (no figure without its unit).</summary>
internal static class ContributionsCard
{
    public static Activity Build(CardLibrary cards, string name, Contributions c)
    {
        var articles = c.Articles ?? Knowledge.Articles.ArticleCredit.None;
        return cards.Message("contributions", new
        {
            name,
            nothingYet = c.Replies == 0 && c.InvitationsTaken == 0 && articles.Authored == 0 && articles.Fixed == 0,
            facts = new[]
            {
                new { title = "Answers accepted", value = Count(c.AcceptedAnswers, "answer") },
                new { title = "Questions helped with", value = Count(c.QuestionsHelped, "question") },
                new { title = "Replies in discussions", value = Count(c.Replies, "reply") },
                new { title = "Rating by askers", value = Rating(c.AverageRating, c.Ratings) },
                new { title = "Invitations taken", value = $"{c.InvitationsTaken} taken, {c.InvitationsDeclined} declined" },
                new { title = "Articles you wrote", value = $"{Count(articles.Authored, "article")} in the knowledge base" },
                new { title = "Articles you fixed", value = Count(articles.Fixed, "article") + " of others" },
                new { title = "Reuse of your articles", value = articles.Reused == 0 ? "not reused yet" : $"answered {Count(articles.Reused, "later question")} or case" + (articles.Reused == 1 ? "" : "s") },
                new { title = "Rating of your articles", value = Rating(articles.AverageRating, articles.Ratings) },
            },
        });
    }

    private static string Rating(double? average, int ratings) =>
        average is { } avg ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{avg:0.0} of 5 from {Count(ratings, "rating")}") : "no ratings yet";

    internal static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {(noun.EndsWith('y') ? noun[..^1] + "ies" : noun + "s")}";
}
