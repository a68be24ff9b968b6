using System.Text.Json.Nodes;
using static ExpertBot.Tests.EndToEnd.Contoso;
using static ExpertBot.Tests.EndToEnd.PlaygroundDriver;

namespace ExpertBot.Tests.EndToEnd;

/// <summary>Steps of the question flow that several Playground tests start from.</summary>
internal static class QuestionSteps
{
    /// <summary>A question as the flow leaves it once experts are invited: where its cards are and who was asked.</summary>
    public sealed record Asked(
        string QuestionId, JsonNode Suggestion, JsonNode Invitation, string Thread, string RootId, IReadOnlyList<TeamsUser> Invited)
    {
        public string InvitationId => MessageId(Invitation);

        /// <summary>Alex's copy of the question card: the suggestion card he answered "ask the experts" on.</summary>
        public string AskerCardId => MessageId(Suggestion);
    }

    /// <summary>
    /// Alex asks an identity question that the knowledge base has a strong match for (coordination first), turns the
    /// suggestion down, and the identity pool's thread gets the question card and the invitation @mentioning the experts.
    /// </summary>
    public static async Task<Asked> AskIdentityQuestionAsync(PlaygroundDriver teams, string token)
    {
        await teams.SayAsync(AlexChat, Alex.Id, $"Customer on case CAS-10421 gets AADSTS50011 reply URL error on SSO sign-in after the EU move, ref {token}?");
        var suggestion = await teams.NextAsync(m => Conversation(m) == AlexChat && Has(m, token) && Has(m, "kbNotAnswered"));
        Assert.Contains("AADSTS50011", Card(suggestion), StringComparison.Ordinal);
        var data = ActionData(suggestion, "kbNotAnswered");
        var routed = await teams.ExecuteAsync(AlexChat, MessageId(suggestion), Alex, "kbNotAnswered", data);
        Assert.Contains("Waiting for experts", routed.ToJsonString(), StringComparison.Ordinal);

        var invitation = await teams.NextAsync(m => Conversation(m).StartsWith(IdentityChannel + ";messageid=", StringComparison.Ordinal)
            && Has(m, token) && Has(m, "acceptInvitation"));
        var thread = Conversation(invitation);
        // The Playground shows the invitation's text (the @mentions) and its card as two messages in the thread.
        var mentions = await teams.NextAsync(m => Conversation(m) == thread && Text(m).Contains("can you help", StringComparison.Ordinal));
        var invited = Mentioned(mentions);
        Assert.Equal(3, invited.Count); // The Identity pool asks three experts per step.
        Assert.All(invited, expert => Assert.Contains(expert, IdentityExperts));
        return new Asked(data["questionId"]!.ToString(), suggestion, invitation, thread, thread[(thread.IndexOf('=', StringComparison.Ordinal) + 1)..], invited);
    }

    /// <summary>A unique marker for one test's texts: the Playground's stream carries every test's messages.</summary>
    public static string Token() => Guid.NewGuid().ToString("N")[..10];
}
