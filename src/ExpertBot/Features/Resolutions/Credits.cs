using ExpertBot.Features.Knowledge.Articles;
using ExpertBot.Features.Questions;
using ExpertBot.Protocol.Activities;
using ExpertBot.Storage;
using ExpertBot.Teams;
using Microsoft.EntityFrameworkCore;

namespace ExpertBot.Features.Resolutions;

/// <summary>A person's contributions, credited on outcomes: answers accepted, questions helped, ratings, invitations taken, and their knowledge articles.</summary>
internal sealed record Contributions(
    int AcceptedAnswers, int QuestionsHelped, int Replies, double? AverageRating, int Ratings, int InvitationsTaken, int InvitationsDeclined,
    ArticleCredit? Articles = null);

/// <summary>"my contributions": what a person's help came to, counted from the questions they worked on.</summary>
internal sealed class Credits(ExpertBotDatabase database, CardLibrary cards)
{
    public async Task<Contributions> ForAsync(string personId, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var replies = db.Set<Contribution>().AsNoTracking().Where(c => c.AuthorId == personId && !c.FromAsker);
        var accepted = await replies.CountAsync(c => c.Accepted, ct);
        var helped = await replies.Select(c => c.QuestionId).Distinct().CountAsync(ct);
        var count = await replies.CountAsync(ct);
        var ratings = await replies.Where(c => c.Rating != null).Select(c => c.Rating!.Value).ToListAsync(ct);
        var invitations = db.Set<Invitation>().AsNoTracking().Where(i => i.ExpertId == personId);
        var taken = await invitations.CountAsync(i => i.Status == InvitationStatus.Accepted, ct);
        var declined = await invitations.CountAsync(i => i.Status == InvitationStatus.Declined, ct);
        var articles = await ArticleCredits.ForAsync(db, personId, ct);
        return new Contributions(accepted, helped, count, ratings.Count == 0 ? null : ratings.Average(), ratings.Count, taken, declined, articles);
    }

    public async Task<Activity> CardAsync(string personId, string name, CancellationToken ct) =>
        ContributionsCard.Build(cards, name, await ForAsync(personId, ct));
}
