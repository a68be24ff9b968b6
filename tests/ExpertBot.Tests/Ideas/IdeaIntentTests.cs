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
    [InlineData("The customer wants to download the usage report in PDF format", "Download the usage report in PDF format")]
    [InlineData("customers would like a dark mode in the console", "A dark mode in the console")]
    [InlineData("The customer is asking for a way to archive old tickets", "A way to archive old tickets")]
    [InlineData("Feature request: bulk edit of contacts", "Bulk edit of contacts")]
    [InlineData("idea: scheduled invoices", "Scheduled invoices")]
    [InlineData("please add a CSV export", "Add a CSV export")]
    [InlineData("It would be great if invoices could be scheduled", "It would be great if invoices could be scheduled")]
    [InlineData("Export the monthly usage report as PDF", "Export the monthly usage report as PDF")]
    [InlineData("The customer wants it", "The customer wants it")]
    [InlineData("customer wants to", "customer wants to")]
    public void The_title_says_what_to_build_not_that_someone_asked(string line, string title) => Assert.Equal(title, IdeaIntent.Title(line));

    [Theory]
    [InlineData("IDEA-12", 12L)]
    [InlineData("idea 7", 7L)]
    [InlineData("#3", null)]
    [InlineData("42", 42L)]
    [InlineData("IDEA-0", null)]
    [InlineData("IDEA-x", null)]
    public void Idea_numbers_are_read_as_people_write_them(string text, long? id) => Assert.Equal(id, IdeaNumber.Parse(text));
}
