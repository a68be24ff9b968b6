using System.Globalization;
using ExpertBot.CardActions;
using ExpertBot.Integrations.Crm;
using ExpertBot.Teams;
using Microsoft.Extensions.Options;

namespace ExpertBot.Features.Knowledge.Articles.Actions;

/// <summary>Articles as the records card actions are about: their kind, what a person is to one, and how cards name one.</summary>
internal static class ArticleSubject
{
    public const string Kind = "article";

    /// <summary>Who may validate, discard, archive, or decide on a proposed update.</summary>
    public const Who Deciders = Who.ArticleOwner | Who.LicensedContributor;

    /// <summary>Who may fix or verify: "flag it or fix it" is cheap by design (every change is a version with its editor).</summary>
    public const Who Editors = Who.ArticleOwner | Who.ArticleContributor | Who.LicensedContributor;

    public static SubjectRef Of(long articleId) => new(Kind, articleId);

    /// <summary>The article version the card showed (signed with its id): acting on an older one is refused as stale.</summary>
    public static int Version(CardData data) =>
        int.TryParse(data.SignedText("version"), NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : throw CardDataException.Damaged("It does not say which version of the article it shows");

    /// <summary>The article's parts as the card's inputs have them (absent or blank: unchanged).</summary>
    public static ArticleEdit Edit(CardData data) => new(
        data.Text("title", ArticleLimits.Title),
        data.Text("issue", ArticleLimits.Part),
        data.Text("environment", ArticleLimits.Part),
        data.Text("cause", ArticleLimits.Part),
        data.Text("resolution", ArticleLimits.Part),
        data.Choice<ArticleAudience?>("audience", Audiences, null));

    private static readonly Dictionary<string, ArticleAudience?> Audiences = new(StringComparer.Ordinal)
    {
        ["internal"] = ArticleAudience.Internal,
        ["external"] = ArticleAudience.External,
    };
}

/// <summary>
/// What an actor is to an article: its owner, a contributor, a licensed contributor (everyone with the default licensing).
/// An article of another tenant is no article at all for them.
/// </summary>
internal sealed class ArticleRoleFacts(KnowledgeBase articles, IOptions<ArticleOptions> options) : ISubjectRoles
{
    public async Task<Who?> RolesAsync(long id, Actor actor, string? tenantId, CancellationToken ct)
    {
        var article = await articles.FindAsync(id, ct);
        if (article is null || !ArticleAccess.SameTenant(article, tenantId))
        {
            return null;
        }
        Who roles = 0;
        if (string.Equals(article.OwnerId, actor.Id, StringComparison.OrdinalIgnoreCase))
        {
            roles |= Who.ArticleOwner;
        }
        if ((await articles.ContributorsAsync(id, ct)).Any(c => string.Equals(c.PersonId, actor.Id, StringComparison.OrdinalIgnoreCase)))
        {
            roles |= Who.ArticleContributor;
        }
        if (options.Value.IsLicensed(actor.Id))
        {
            roles |= Who.LicensedContributor;
        }
        return roles;
    }
}
