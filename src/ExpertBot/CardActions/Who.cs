namespace ExpertBot.CardActions;

/// <summary>
/// Who may use a card verb: every verb declares it (<see cref="ICardVerb{TSelf}.Who"/>), and the dispatcher checks it
/// before the verb's handler reads or changes anything. What a person is to the thing a card is about comes from the
/// authenticated sender and the stored record, never from the card's data.
/// </summary>
[Flags]
internal enum Who
{
    /// <summary>The person who asked the question.</summary>
    Asker = 1,

    /// <summary>An expert invited to the question, at any step.</summary>
    InvitedExpert = 2,

    /// <summary>A member of the question's expert pool (everyone in the directory when the pool lists no members).</summary>
    PoolMember = 4,

    /// <summary>Someone who follows the question.</summary>
    Follower = 8,

    /// <summary>A supervisor (Questions:Supervisors): may act for any asker.</summary>
    Supervisor = 16,

    /// <summary>Anyone in the company, when questions are open to the company (Questions:OpenToCompany, off by default).</summary>
    Colleague = 32,

    /// <summary>A product manager (Roles:ProductManagers): decides on customer ideas.</summary>
    ProductManager = 64,

    /// <summary>An agent who raised or voted for an idea.</summary>
    IdeaSupporter = 128,

    /// <summary>The owner of a knowledge article (its main contributor, unless reassigned).</summary>
    ArticleOwner = 256,

    /// <summary>Someone credited on a knowledge article (an expert who answered, the asker, an editor).</summary>
    ArticleContributor = 512,

    /// <summary>A licensed KCS contributor (Knowledge:Articles:Licensing): may validate, fix and archive any article.</summary>
    LicensedContributor = 1024,

    /// <summary>Anyone in the bot's tenant: verbs that are about nothing stored yet (ask, help).</summary>
    AnyoneInTenant = 1 << 30,
}

internal static class WhoText
{
    /// <summary>The people a rule admits, in words, for the refusal a person outside it sees.</summary>
    public static string Describe(Who who)
    {
        var names = new List<string>();
        if (who.HasFlag(Who.Asker))
        {
            names.Add("the person who asked");
        }
        if (who.HasFlag(Who.InvitedExpert))
        {
            names.Add("the invited experts");
        }
        if (who.HasFlag(Who.PoolMember))
        {
            names.Add("the experts of its pool");
        }
        if (who.HasFlag(Who.Follower))
        {
            names.Add("its followers");
        }
        if (who.HasFlag(Who.Supervisor))
        {
            names.Add("a supervisor");
        }
        if (who.HasFlag(Who.ProductManager))
        {
            names.Add("a product manager");
        }
        if (who.HasFlag(Who.IdeaSupporter))
        {
            names.Add("the agents who raised it");
        }
        if (who.HasFlag(Who.ArticleOwner))
        {
            names.Add("the article's owner");
        }
        if (who.HasFlag(Who.ArticleContributor))
        {
            names.Add("its contributors");
        }
        if (who.HasFlag(Who.LicensedContributor))
        {
            names.Add("a licensed contributor");
        }
        return names.Count switch
        {
            0 => "nobody",
            1 => names[0],
            _ => string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1],
        };
    }
}
