using ExpertBot.Features.Ideas;

namespace ExpertBot.Tests.Ideas;

public sealed class IdeaIntentTests
{
    [Theory]
    [InlineData("The customer wants to export reports as PDF")]
    [InlineData("Feature request: bulk edit of contacts")]
    [InlineData("customers would like a dark mode in the console")]
    [InlineData("It would be great if invoices could be scheduled")]
    [InlineData("The customer is asking for a way to archive old tickets")]
    public void Ideas_are_recognised(string text) => Assert.True(IdeaIntent.IsIdea(text));

    [Theory]
    [InlineData("The customer wants to know why the export fails")]
    [InlineData("customer wants the invoice resent, can we?")]
    [InlineData("Export fails with HTTP 503 for the customer")]
    [InlineData("thanks")]
    [InlineData("")]
    public void Questions_and_chatter_are_not_ideas(string text) => Assert.False(IdeaIntent.IsIdea(text));

    [Theory]
    [InlineData("IDEA-12", 12L)]
    [InlineData("idea 7", 7L)]
    [InlineData("#3", null)]
    [InlineData("42", 42L)]
    [InlineData("IDEA-0", null)]
    [InlineData("IDEA-x", null)]
    public void Idea_numbers_are_read_as_people_write_them(string text, long? id) => Assert.Equal(id, IdeaNumber.Parse(text));
}
