using System.Text;
using ExpertBot.Protocol.Activities;

namespace ExpertBot.Tests.Protocol;

public sealed class ActivityTests
{
    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"type\":\"\"}")]
    [InlineData("{\"type\":42}")]
    public void Malformed_bodies_are_rejected_with_a_reason(string body)
    {
        Assert.False(ProtocolJson.TryParse(Encoding.UTF8.GetBytes(body), out var activity, out var error));
        Assert.Null(activity);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Own_mention_is_stripped_and_others_kept()
    {
        const string json = """
            {"type":"message","text":"<at>ExpertBot</at> ask <at>Ana</at> about SSO",
             "recipient":{"id":"28:bot"},
             "entities":[{"type":"mention","mentioned":{"id":"28:bot"},"text":"<at>ExpertBot</at>"},
                         {"type":"mention","mentioned":{"id":"29:ana"},"text":"<at>Ana</at>"},
                         {"type":"clientInfo","locale":"en-US"}]}
            """;
        Assert.True(ProtocolJson.TryParse(Encoding.UTF8.GetBytes(json), out var activity, out _));
        Assert.Equal("ask <at>Ana</at> about SSO", activity!.TextWithoutMentionOf("28:bot"));
        Assert.Equal(2, activity.Mentions.Count());
    }

    [Theory]
    [InlineData("19:abc@thread.tacv2;messageid=1712345", "1712345")]
    [InlineData("19:abc@thread.tacv2", null)]
    [InlineData(null, null)]
    public void Thread_root_comes_from_the_conversation_id(string? conversationId, string? expected) =>
        Assert.Equal(expected, ConversationIds.ThreadRootId(conversationId));
}
