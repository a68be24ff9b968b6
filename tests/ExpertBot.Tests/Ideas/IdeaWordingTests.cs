using ExpertBot.Features.Ideas;

namespace ExpertBot.Tests.Ideas;

/// <summary>What an agent is given to tell the customer: true to the status, with the product team's response itself.</summary>
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
}
