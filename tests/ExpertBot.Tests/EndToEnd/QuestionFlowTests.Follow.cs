using System.Text.Json.Nodes;
using static ExpertBot.Tests.EndToEnd.Contoso;
using static ExpertBot.Tests.EndToEnd.PlaygroundDriver;
using static ExpertBot.Tests.EndToEnd.QuestionSteps;

namespace ExpertBot.Tests.EndToEnd;

/// <summary>Following a question: anyone can, and gets a short 1:1 update on each state change.</summary>
public sealed partial class QuestionFlowTests
{
    /// <summary>
    /// Only the Playground's current user's chats are on its stream (a 1:1 with anyone else is created but not shown),
    /// so the follower is Alex, on a question Megan asks in the team's General channel.
    /// </summary>
    [PlaygroundFact]
    public async Task A_follower_gets_a_short_update_in_their_personal_chat_on_each_state_change()
    {
        using var teams = await ConnectAsync(playground.PlaygroundUrl);
        var token = Token();

        await teams.InjectChannelMessageAsync(Megan, General, General,
            $"Customer on case CAS-10421: SAML SSO sign-in loops back to the login page for the EU users, ref {token}?", mentionBot: true);
        var answer = await teams.NextAsync(m => Conversation(m).StartsWith(General, StringComparison.Ordinal) && Has(m, token));
        if (Has(answer, "kbNotAnswered"))
        {
            // Coordination first offered an article; Megan asks the experts anyway, on the card in the channel.
            var post = answer["message"]?["postConversationId"]?.GetValue<string>() ?? $"{General};messageid={MessageId(answer)}";
            Assert.Contains("Waiting for experts", (await teams.ExecuteAsync(post, MessageId(answer), Megan, "kbNotAnswered", ActionData(answer, "kbNotAnswered"))).ToJsonString(), StringComparison.Ordinal);
        }
        var invitation = await teams.NextAsync(m => Conversation(m).StartsWith(IdentityChannel + ";messageid=", StringComparison.Ordinal) && Has(m, token) && Has(m, "acceptInvitation"));
        var thread = Conversation(invitation);
        var questionId = ActionData(invitation, "follow")["questionId"]!.ToString();
        var invited = Mentioned(await teams.NextAsync(m => Conversation(m) == thread && Text(m).Contains("can you help", StringComparison.Ordinal)));
        Assert.DoesNotContain(Megan, invited);

        // Alex (neither asker nor invited) follows from the invitation card in the thread; a second click is the same.
        var followed = await teams.ExecuteAsync(thread, MessageId(invitation), Alex, "follow", ActionData(invitation, "follow"));
        var followedAgain = await teams.ExecuteAsync(thread, MessageId(invitation), Alex, "follow", ActionData(invitation, "follow"));
        Assert.Contains("Waiting for experts", followed.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Waiting for experts", followedAgain.ToJsonString(), StringComparison.Ordinal);
        Assert.Single(await QueryAsync("SELECT Id FROM followers WHERE QuestionId = $q", questionId));

        // A state change: an expert takes it. The update goes to Alex's 1:1 chat, not into the channel.
        var taker = invited[0];
        await teams.ExecuteAsync(thread, MessageId(invitation), taker, "acceptInvitation", ActionData(invitation, "acceptInvitation"));
        var taking = await teams.NextAsync(m => Conversation(m) == AlexChat && Has(m, $"{taker.Name} is taking Q-{questionId}:"));
        Assert.True(Has(taking, token), Card(taking));

        // Another: Megan cancels it from the question card at the thread's root.
        var root = await teams.NextAsync(m => !IsUpdate(m) && Conversation(m) == IdentityChannel && Has(m, token));
        var cancel = ActionData(root, "cancelQuestion");
        cancel["reason"] = $"customer fixed it ({token})";
        Assert.Contains("Cancelled", (await teams.ExecuteAsync(thread, MessageId(root), Megan, "cancelQuestion", cancel)).ToJsonString(), StringComparison.Ordinal);
        var cancelled = await teams.NextAsync(m => Conversation(m) == AlexChat && Has(m, $"Q-{questionId} (") && Has(m, "was cancelled by Megan Bowen"));
        Assert.True(Has(cancelled, "customer fixed it"), Card(cancelled));
        // Short updates: the change in a sentence with the question's name, not the whole question card; and a way out.
        Assert.False(Has(cancelled, "acceptInvitation") || Has(cancelled, "cancelQuestion"), Card(cancelled));
        var unfollowed = await teams.ExecuteAsync(AlexChat, MessageId(cancelled), Alex, "unfollow", ActionData(cancelled, "unfollow"));
        Assert.Contains("Cancelled", unfollowed.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(await QueryAsync("SELECT Id FROM followers WHERE QuestionId = $q", questionId));
    }
}
