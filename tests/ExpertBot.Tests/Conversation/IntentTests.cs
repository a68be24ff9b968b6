using System.Text.Json.Nodes;
using ExpertBot.Features.Questions;

// Not "...Conversation": the end-to-end tests have a helper of that name, which a namespace would hide.
namespace ExpertBot.Tests.Conversations;

/// <summary>
/// Issue 14, item 9: only questions bother experts. Fragments get help, "my questions" lists the sender's questions, a
/// maybe is confirmed on the filled-in form first, and a clear question is routed. Through the real host; what was
/// stored is read back from the database.
/// </summary>
public sealed class IntentTests : IAsyncDisposable
{
    private readonly ChatHost _chat = new();

    [Theory]
    [InlineData("status")]
    [InlineData("thanks")]
    [InlineData("hi")]
    [InlineData("ok great")]
    [InlineData("ok thanks!")]
    public async Task A_fragment_gets_help_stores_no_question_and_invites_nobody(string text)
    {
        await _chat.SayAsync(Person.Alex, text);

        var reply = await _chat.NextAsync(r => ChatHost.IsTo(r, Person.Alex.Chat));
        var words = ChatHost.Words(reply);
        Assert.Contains($"\"{text}\" doesn't look like a question, so I asked nobody", words, StringComparison.Ordinal);
        Assert.Contains("my questions", words, StringComparison.Ordinal);
        Assert.Empty(await _chat.QuestionsOfAsync(Person.Alex));
        // Nothing else went out: no thread in an experts' channel, no 1:1 chat opened with anyone.
        Assert.DoesNotContain(_chat.Connector.All, r => r.RawPath == "/v3/conversations");
    }

    [Fact]
    public async Task My_questions_lists_the_senders_open_and_closed_questions_with_their_status()
    {
        var open = ChatHost.IdOf(await _chat.AskExpertsAsync(Person.Alex, $"How do I rotate the SAML signing certificate of tenant {Token()}?"));
        var toCancel = await _chat.AskExpertsAsync(Person.Alex, $"Why does the invoice PDF show the old VAT number {Token()}?");
        var cancelled = ChatHost.IdOf(toCancel);
        var gone = await _chat.ClickAsync(Person.Alex, "cancelQuestion", ChatHost.With(toCancel, ("reason", "solved by phone")));
        Assert.Contains("Cancelled", ChatHost.Words(gone), StringComparison.Ordinal);
        // Someone else's question is not Alex's.
        await _chat.AskExpertsAsync(Person.Adele, $"Can a refund go to a different card than the one charged {Token()}?");

        await _chat.SayAsync(Person.Alex, "my questions");

        var card = (await _chat.NextToAsync(Person.Alex, "Your questions")).Body;
        var mine = ChatHost.Words(card);
        var first = await _chat.QuestionAsync(open);
        var second = await _chat.QuestionAsync(cancelled);
        // Each question is one row: its number, title and status together.
        Assert.Contains($"{first.Title}\n", Row(card!, first.Number), StringComparison.Ordinal);
        Assert.Contains("Waiting for experts", Row(card!, first.Number), StringComparison.Ordinal);
        Assert.Contains($"{second.Title}\n", Row(card!, second.Number), StringComparison.Ordinal);
        Assert.Contains("Cancelled", Row(card!, second.Number), StringComparison.Ordinal);
        // Open ones first.
        Assert.True(mine.IndexOf(first.Number, StringComparison.Ordinal) < mine.IndexOf(second.Number, StringComparison.Ordinal), mine);
        Assert.DoesNotContain("refund", mine, StringComparison.Ordinal);
        Assert.Equal(2, (await _chat.QuestionsOfAsync(Person.Alex)).Count);
    }

    [Fact]
    public async Task My_questions_with_none_asked_says_so_and_stores_nothing()
    {
        await _chat.SayAsync(Person.Megan, "My questions");

        Assert.Contains("You have asked nothing yet", ChatHost.Words(await _chat.NextToAsync(Person.Megan, "Your questions")), StringComparison.Ordinal);
        Assert.Empty(await _chat.QuestionsOfAsync(Person.Megan));
    }

    [Fact]
    public async Task A_message_the_bot_is_unsure_about_gets_the_filled_in_form_and_invites_nobody_until_submitted()
    {
        var text = $"the csv export keeps dropping the last column for account {Token()}";

        await _chat.SayAsync(Person.Alex, text);

        var form = await _chat.NextAsync(r => ChatHost.IsTo(r, Person.Alex.Chat));
        var words = ChatHost.Words(form);
        Assert.Contains("Shall I ask the experts this?", words, StringComparison.Ordinal);
        Assert.Contains(text, words, StringComparison.Ordinal);
        Assert.Contains("askQuestion", ChatHost.Verbs(form.Body));
        Assert.Empty(await _chat.QuestionsOfAsync(Person.Alex));

        // Pressing Ask on the form is the confirmation: now the question is stored and experts are asked.
        var asked = await _chat.ClickAsync(Person.Alex, "askQuestion", new JsonObject { ["draftId"] = "new", ["title"] = text, ["urgency"] = "normal" });
        var id = ChatHost.QuestionId(asked);
        if (ChatHost.Verbs(asked).Contains("kbNotAnswered"))
        {
            await _chat.ClickAsync(Person.Alex, "kbNotAnswered", ChatHost.QuestionRef(asked));
        }
        var question = await _chat.QuestionAsync(id);
        Assert.Equal(text, question.Title);
        Assert.Equal(QuestionStatus.Routing, question.Status);
        Assert.NotEmpty(question.Invitations);
    }

    [Fact]
    public async Task A_clear_question_is_routed_at_once()
    {
        var text = $"Customer on CAS-10421 gets AADSTS50011 after the EU move {Token()}?";

        await _chat.SayAsync(Person.Alex, text);

        var first = await _chat.NextAsync(r => ChatHost.IsTo(r, Person.Alex.Chat));
        var question = await _chat.QuestionAsync(ChatHost.QuestionId(first.Body));
        Assert.Equal(text, question.Title);
        // Coordination first: the knowledge base may offer its article before anyone is asked; otherwise experts are.
        Assert.True(question.Status == QuestionStatus.Routing && question.Invitations.Count > 0
            || question.Status == QuestionStatus.Open && ChatHost.Verbs(first.Body).Contains("kbNotAnswered"), question.Status.ToString());
    }

    private static string Token() => Guid.NewGuid().ToString("N")[..8];

    private static string Row(JsonNode card, string number) =>
        ChatHost.Words(Assert.Single(ChatHost.Find(card, o => o["type"]?.ToString() == "ColumnSet" && ChatHost.Words(o).Contains(number + ": ", StringComparison.Ordinal))));

    public async ValueTask DisposeAsync() => await _chat.DisposeAsync();
}
