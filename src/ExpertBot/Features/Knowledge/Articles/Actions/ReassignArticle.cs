using ExpertBot.CardActions;
using ExpertBot.Features.Experts;

namespace ExpertBot.Features.Knowledge.Articles.Actions;

/// <summary>
/// "Hand over": the article gets a new owner, picked from the card's list of directory people or typed (an email or a full
/// name, for a directory too large to list). Only someone the directory knows and could route to becomes owner.
/// </summary>
internal sealed record ReassignArticle(long ArticleId, int Version, string? NewOwnerId, string? NewOwnerText) : ICardVerb<ReassignArticle>, IAboutSubject
{
    public static string Verb => "reassignArticle";

    public static Who Who => ArticleSubject.Deciders;

    public SubjectRef Subject => ArticleSubject.Of(ArticleId);

    /// <summary>Entra object ids and email addresses fit in this; anything longer is no person.</summary>
    private const int PersonLength = 200;

    public static ReassignArticle Bind(CardData data)
    {
        var id = data.Text("newOwner", PersonLength);
        var typed = data.Text("newOwnerName", PersonLength);
        return id is null && typed is null
            ? throw new CardDataException(new Refusal("Who should own it?", "Pick the new owner from the list, or type their email; nothing changed."))
            : new ReassignArticle(data.SignedId("articleId"), ArticleSubject.Version(data), id, typed);
    }
}

internal sealed class ReassignArticleHandler(KnowledgeBase articles, ArticleCards cards, ExpertDirectory directory) : ICardActionHandler<ReassignArticle>
{
    public async Task<CardReply> HandleAsync(CardAction<ReassignArticle> action, CancellationToken ct)
    {
        var (person, problem) = await NewOwnerAsync(action.Data, ct);
        if (problem is not null)
        {
            return cards.Refused(problem);
        }
        return await ArticleReplies.AfterAsync(articles, cards,
            await articles.ReassignAsync(action.Data.ArticleId, action.Data.Version, action.Actor, person!.Id, person.DisplayName, ct),
            a => $"Handed over by {action.Actor.Name}: {person.DisplayName} owns {a.Number} now and has it on a card.", ct);
    }

    /// <summary>The person the card names: a typed email or name wins over the list (it is what was written last).</summary>
    private async Task<(DirectoryPerson? Person, Refusal? Problem)> NewOwnerAsync(ReassignArticle data, CancellationToken ct)
    {
        if (data.NewOwnerText is { } typed)
        {
            var found = await directory.FindByNameOrEmailAsync(typed, ct);
            return found.Count switch
            {
                1 => (found[0], null),
                0 => (null, new Refusal("Not in the directory", $"Nobody in the directory is \"{typed}\"; an article's owner must be someone the bot knows. Nothing changed.")),
                _ => (null, new Refusal("Several people", $"{found.Count} people are called \"{typed}\"; type their email instead. Nothing changed.")),
            };
        }
        return await directory.FindAsync(data.NewOwnerId!, ct) is { IsRoutable: true } person
            ? (person, null)
            : (null, new Refusal("Not in the directory", "That person is not in the directory (any more); an article's owner must be someone the bot knows. Nothing changed."));
    }
}
