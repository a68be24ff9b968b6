namespace ExpertBot.Features.Questions;

/// <summary>Links into Teams for a question: its experts' thread.</summary>
internal static class ThreadLinks
{
    /// <summary>A link that opens the experts' thread in Teams, when the question had one.</summary>
    public static string? For(Question q)
    {
        if (q.ThreadConversationId is not { } thread || q.ThreadRootActivityId is not { } root)
        {
            return null;
        }
        var channel = thread.Split(';')[0];
        return $"https://teams.microsoft.com/l/message/{Uri.EscapeDataString(channel)}/{Uri.EscapeDataString(root)}?tenantId={Uri.EscapeDataString(q.AskerChat.TenantId ?? "")}&parentMessageId={Uri.EscapeDataString(root)}";
    }
}
