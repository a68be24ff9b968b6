using ExpertBot.Teams;

namespace ExpertBot.Features.Ideas;

/// <summary>Where an idea stands. Merged ideas live on only as a pointer to the idea that absorbed them.</summary>
internal enum IdeaStatus { New, UnderReview, Planned, InProgress, Shipped, Declined, Merged }

/// <summary>How much an idea matters to one customer (Productboard's scale); the number is its weight in the score.</summary>
internal enum Importance { NiceToHave = 1, Important = 2, Critical = 3 }

/// <summary>
/// A customer feature idea: what customers want and why, who asked for it (customers, each counted once with their
/// latest importance; the agents who raised or voted for it, each counted once), its product manager, the public
/// response, and every change made to it (<see cref="Events"/>).
/// </summary>
internal sealed class Idea
{
    public long Id { get; set; }
    public string Title { get; set; } = "";
    public string? Details { get; set; }
    public string? Product { get; set; }
    public IdeaStatus Status { get; set; }
    public string SubmitterId { get; set; } = "";
    public string SubmitterName { get; set; } = "";
    public string? TenantId { get; set; }
    public string? OwnerId { get; set; }
    public string? OwnerName { get; set; }
    /// <summary>The product manager's answer, written so an agent can pass it on to the customer.</summary>
    public string? Response { get; set; }
    public long? MergedIntoId { get; set; }
    /// <summary>The click or turn that created it: the same click twice creates one idea.</summary>
    public string SourceKey { get; set; } = "";
    public string? ThreadConversationId { get; set; }
    public string? ThreadActivityId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Two instances changing the same idea at once: the second save fails instead of overwriting.</summary>
    public int Version { get; set; }
    public List<IdeaSupporter> Supporters { get; set; } = [];
    public List<IdeaCustomer> Customers { get; set; } = [];
    public List<IdeaCase> Cases { get; set; } = [];
    public List<IdeaEvent> Events { get; set; } = [];

    public string Number => IdeaNumber.Of(Id);

    /// <summary>Customer importance score: the sum of each customer's latest importance.</summary>
    public int Score => Customers.Sum(c => (int)c.Importance);

    public long AccountValue => Customers.Sum(c => c.AccountValue ?? 0);

    public static string Describe(IdeaStatus status) => status switch
    {
        IdeaStatus.New => "New",
        IdeaStatus.UnderReview => "Under review",
        IdeaStatus.Planned => "Planned",
        IdeaStatus.InProgress => "In progress",
        IdeaStatus.Shipped => "Shipped",
        IdeaStatus.Declined => "Declined",
        IdeaStatus.Merged => "Merged",
        _ => status.ToString(),
    };
}

/// <summary>An agent who raised or voted for an idea: told of every change, in their 1:1 chat with the bot.</summary>
internal sealed class IdeaSupporter
{
    public long Id { get; set; }
    public long IdeaId { get; set; }
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    public ConversationRef Chat { get; set; } = null!;
    public bool Submitted { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>A customer who wants the idea: counted once, with the importance an agent gave last.</summary>
internal sealed class IdeaCustomer
{
    public long Id { get; set; }
    public long IdeaId { get; set; }
    /// <summary>The customer's name folded for comparison: the same customer named twice is one customer.</summary>
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public Importance Importance { get; set; }
    /// <summary>The account's value in whole currency units, as the CRM gives it (rounded): what the board sorts by.</summary>
    public long? AccountValue { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public static string KeyOf(string name) => string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
}

/// <summary>A customer case that asked for the idea.</summary>
internal sealed class IdeaCase
{
    public long Id { get; set; }
    public long IdeaId { get; set; }
    public string CaseNumber { get; set; } = "";
    public string? Customer { get; set; }
    public string AddedById { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

/// <summary>The audit trail: who changed what on an idea, and when.</summary>
internal sealed class IdeaEvent
{
    public long Id { get; set; }
    public long IdeaId { get; set; }
    public string ActorId { get; set; } = "";
    public string ActorName { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? Detail { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>Ideas as people write them: IDEA-12.</summary>
internal static class IdeaNumber
{
    public static string Of(long id) => "IDEA-" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The id in "IDEA-12", "idea 12" or "12"; null when the text names no idea.</summary>
    public static long? Parse(string? text)
    {
        var t = (text ?? "").Trim();
        if (t.StartsWith("IDEA", StringComparison.OrdinalIgnoreCase))
        {
            t = t[4..].TrimStart('-', ' ', '#');
        }
        return long.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;
    }
}
