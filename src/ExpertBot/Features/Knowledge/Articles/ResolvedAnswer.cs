using ExpertBot.Teams;

namespace ExpertBot.Features.Knowledge.Articles;

/// <summary>
/// A resolved question as the knowledge base needs it, handed over by the feature that owns questions (Knowledge does not
/// read their tables): what was asked, the answer that solved it, who helped, and what article (if any) answered it.
/// </summary>
internal sealed record ResolvedAnswer(
    long QuestionId,
    string Number,
    string Title,
    string? Details,
    string Answer,
    string? Product,
    string? CaseNumber,
    string AskerId,
    string AskerName,
    ConversationRef AskerChat,
    IReadOnlyList<Helper> Helpers,
    string? ArticleUsed,
    DateTimeOffset ResolvedAt)
{
    /// <summary>The case's customer and contact names: personal data, redacted from any text that leaves (and from drafts).</summary>
    public IReadOnlyList<string> PersonalNames { get; init; } = [];

    /// <summary>The text of the question: title and details.</summary>
    public string QuestionText => string.IsNullOrWhiteSpace(Details) ? Title : $"{Title}\n{Details}";
}

/// <summary>Someone who replied in the discussion; <see cref="Accepted"/> for the author of the accepted answer.</summary>
internal sealed record Helper(string Id, string Name, bool Accepted);
