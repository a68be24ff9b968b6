using ExpertBot.CardActions;
using ExpertBot.Features.Ideas;
using ExpertBot.Teams;
using Microsoft.Extensions.Options;

namespace ExpertBot.Tests.Ideas;

/// <summary>
/// Words agents read on the idea cards: what they may tell the customer (true to the status, with the product team's
/// response itself), and counts in plain English.
/// </summary>
public sealed class IdeaWordingTests
{
    [Theory]
    [InlineData("Planned", null, "Good news: your request is planned.")]
    [InlineData("Planned", "  ", "Good news: your request is planned.")]
    [InlineData("Planned", " Planned for the March release. ", "Good news: your request is planned. From our product team: Planned for the March release.")]
    [InlineData("Declined", "It does not fit the roadmap this year.",
        "Product management has decided not to build this for now. From our product team: It does not fit the roadmap this year.")]
    public void The_customer_sentence_carries_the_response_in_its_own_words(string status, string? response, string expected) =>
        Assert.Equal(expected, IdeaCards.TellCustomer(new Idea { Title = "Export as PDF", Status = Enum.Parse<IdeaStatus>(status), Response = response }));

    [Theory]
    [InlineData(1, 1, "New, 1 customer, 1 agent; very similar")]
    [InlineData(2, 3, "New, 2 customers, 3 agents; very similar")]
    public void A_similar_idea_counts_its_customers_and_agents_in_plain_english(int customers, int agents, string expected)
    {
        var idea = new Idea { Id = 7, Title = "Export as PDF", Status = IdeaStatus.New };
        for (var i = 0; i < customers; i++)
        {
            idea.Customers.Add(new IdeaCustomer { Key = $"C{i}", Name = $"Customer {i}" });
        }
        for (var i = 0; i < agents; i++)
        {
            idea.Supporters.Add(new IdeaSupporter { UserId = $"a{i}", Name = $"Agent {i}" });
        }
        var draft = new IdeaDraft("PDF export", null, null, "Contoso", null, Importance.Important);

        var card = new IdeaCards(new CardLibrary(), Seal()).Similar(draft, [(new SimilarIdea(7, idea.Title, null, 0.8), idea)]);

        Assert.Contains($"\"{expected}\"", card.Attachments![0].Content!.Value.GetRawText(), StringComparison.Ordinal);
    }

    private static CardSeal Seal()
    {
        var key = new CardSigningKey(Options.Create(new CardActionOptions { SigningKey = Convert.ToBase64String(new byte[32]) }), null!, TimeProvider.System);
        key.StartAsync(default).GetAwaiter().GetResult();
        return new CardSeal(key);
    }
}
