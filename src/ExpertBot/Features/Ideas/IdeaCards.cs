using System.Globalization;
using ExpertBot.CardActions;
using ExpertBot.Protocol.Activities;
using ExpertBot.Teams;

namespace ExpertBot.Features.Ideas;

/// <summary>The idea cards (cards/idea-*.json) and their view data; card data that names an idea is signed.</summary>
internal sealed class IdeaCards(CardLibrary cards, CardSeal seal)
{
    public static readonly IReadOnlyList<IdeaChoice> Statuses =
    [
        .. Enum.GetValues<IdeaStatus>().Where(s => s != IdeaStatus.Merged).Select(s => new IdeaChoice(Idea.Describe(s), s.ToString())),
    ];

    /// <summary>The idea form, filled in with what is known (the text the agent wrote, the case it names).</summary>
    public Activity Form(IEnumerable<string> products, IdeaDraft? draft, string? note) =>
        cards.Message("idea-form", new IdeaFormView(View(draft), [.. products.Distinct(StringComparer.OrdinalIgnoreCase).Select(p => new IdeaChoice(p, p))], note));

    /// <summary>The ideas that look the same as the draft, each with a way to add this customer's vote; and "log a new one".</summary>
    public Activity Similar(IdeaDraft draft, IReadOnlyList<(SimilarIdea Match, Idea Idea)> similar) =>
        cards.Message("idea-similar", new SimilarView(View(draft), [.. similar.Select(s => new SimilarItem(
            Id(s.Idea), Sig(s.Idea), s.Idea.Number, s.Idea.Title, Idea.Describe(s.Idea.Status), s.Idea.Customers.Count, s.Idea.Supporters.Count,
            MatchText(s.Match.Confidence)))]));

    /// <summary>An idea as it now is; with <paramref name="manage"/>, the product manager's inputs and actions.</summary>
    public Activity Card(Idea idea, bool manage, string? heading = null) => cards.Message("idea-card", new IdeaView(
        heading, Id(idea), Sig(idea), idea.Number, idea.Title, Blank(idea.Details), Idea.Describe(idea.Status), idea.Customers.Count, idea.Score,
        idea.Supporters.Count, Blank(idea.Product), Blank(idea.OwnerName), idea.CreatedAt,
        [.. idea.Customers.OrderByDescending(c => c.Importance).ThenBy(c => c.Name, StringComparer.Ordinal).Take(8)
            .Select(c => new CustomerLine(c.Name, IdeaService.Describe(c.Importance) + (c.AccountValue is { } v ? ", account " + v.ToString("N0", CultureInfo.InvariantCulture) : "")))],
        Blank(idea.Response),
        manage && idea.Status != IdeaStatus.Merged ? new ManageView(idea.Status.ToString(), Statuses, idea.Response ?? "") : null));

    /// <summary>The 1:1 note to an agent who raised or voted for the idea: what changed, worded for their customer.</summary>
    public Activity Update(Idea idea, Idea? mergedFrom) => cards.Message("idea-update", new UpdateView(
        mergedFrom is null
            ? "Update on a customer idea you raised or voted for"
            : $"{mergedFrom.Number} was merged into {idea.Number}: the same request, now in one place. Your customer's vote moved with it.",
        idea.Number, idea.Title, Idea.Describe(idea.Status), idea.Customers.Count, Blank(idea.Response), TellCustomer(idea)));

    /// <summary>
    /// What an agent can pass on as it stands: a sentence true to the idea's status, then the product team's response in
    /// its own words (written "for the agents and their customers"), so nothing in it points at the card.
    /// </summary>
    public static string TellCustomer(Idea idea) => idea.Status switch
    {
        IdeaStatus.New => "We have logged your request with product management; it is waiting for review.",
        IdeaStatus.UnderReview => "Product management is reviewing your request now.",
        IdeaStatus.Planned => "Good news: your request is planned.",
        IdeaStatus.InProgress => "Your request is being built now.",
        IdeaStatus.Shipped => "Your request has shipped and is available now.",
        IdeaStatus.Declined => "Product management has decided not to build this for now.",
        _ => "Your request has been combined with the same request from other customers.",
    } + (string.IsNullOrWhiteSpace(idea.Response) ? "" : " From our product team: " + idea.Response.Trim());

    public static string MatchText(double confidence) => confidence switch
    {
        >= 0.7 => "very similar",
        >= 0.45 => "similar",
        _ => "possibly related",
    };

    private string Sig(Idea idea) => seal.Sign(("ideaId", Id(idea)));

    private static string Id(Idea idea) => idea.Id.ToString(CultureInfo.InvariantCulture);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static DraftView View(IdeaDraft? d) => d is null
        ? new DraftView("", "", "", "", "", "important")
        : new DraftView(d.Title, d.Details ?? "", d.Product ?? "", d.Customer ?? "", d.CaseNumber ?? "", ImportanceChoice.Name(d.Importance));
}

/// <summary>The importance scale as the form names it.</summary>
internal static class ImportanceChoice
{
    public static readonly IReadOnlyDictionary<string, Importance> Choices = new Dictionary<string, Importance>(StringComparer.Ordinal)
    {
        ["nice-to-have"] = Importance.NiceToHave,
        ["important"] = Importance.Important,
        ["critical"] = Importance.Critical,
    };

    public static string Name(Importance importance) => Choices.First(c => c.Value == importance).Key;
}

internal sealed record IdeaChoice(string Title, string Value);

/// <summary>The draft as the cards carry it: every field a string (an absent one empty), so no card shows a template.</summary>
internal sealed record DraftView(string Title, string Details, string Product, string Customer, string CaseId, string Importance);

internal sealed record IdeaFormView(DraftView Draft, IReadOnlyList<IdeaChoice> Products, string? Note);

internal sealed record SimilarView(DraftView Draft, IReadOnlyList<SimilarItem> Similar);

internal sealed record SimilarItem(string IdeaId, string Sig, string Number, string Title, string Status, int Customers, int Votes, string Match);

internal sealed record IdeaView(
    string? Heading, string IdeaId, string Sig, string Number, string Title, string? Details, string Status, int Customers, int Score, int Votes,
    string? Product, string? Owner, DateTimeOffset CreatedAt, IReadOnlyList<CustomerLine> CustomerList, string? Response, ManageView? Manage);

internal sealed record CustomerLine(string Name, string Importance);

internal sealed record ManageView(string Status, IReadOnlyList<IdeaChoice> Statuses, string Response);

internal sealed record UpdateView(string Heading, string Number, string Title, string Status, int Customers, string? Response, string TellCustomer);
