using ExpertBot.CardActions;
using ExpertBot.Features.Experts;
using ExpertBot.Features.Routing;
using ExpertBot.Teams;

namespace ExpertBot.Features.Questions;

/// <summary>"Someone else is better": who the declining expert means, checked before anything changes.</summary>
internal sealed partial class QuestionFlow
{
    public const int SuggestionLength = 100;

    /// <summary>
    /// The person a typed name or email means, as a candidate to invite; or a refusal saying what to fix (nobody or
    /// several match, the person paused routing, or it is the decliner). An empty field is no suggestion at all.
    /// </summary>
    public async Task<(Candidate? Suggested, Refusal? Refusal)> ResolveSuggestionAsync(string? typed, Actor decliner, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return (null, null);
        }
        if (typed.Length > SuggestionLength)
        {
            return (null, new Refusal("Who do you mean?", $"Type a name or an email of at most {SuggestionLength} characters; nothing changed."));
        }
        var matches = await directory.FindByNameOrEmailAsync(typed, ct);
        switch (matches.Count)
        {
            case 0:
                return (null, new Refusal("Who do you mean?",
                    $"I can't find \"{typed.Trim()}\" among the people I can invite. Use their name as Teams shows it, or their email; nothing changed."));
            case > 1:
                return (null, new Refusal("Who do you mean?",
                    $"\"{typed.Trim()}\" could be {string.Join(" or ", matches.Take(3).Select(p => p.Mail ?? p.DisplayName))}. Use their email; nothing changed."));
        }
        var person = matches[0];
        if (string.Equals(person.Id, decliner.Id, StringComparison.OrdinalIgnoreCase))
        {
            return (null, new Refusal("Who do you mean?", "That is you. Suggest a colleague, or leave the field empty; nothing changed."));
        }
        var preferences = await directory.GetPreferencesAsync(person.Id, ct);
        if (preferences.IsPausedAt(time.GetUtcNow()))
        {
            return (null, new Refusal($"{person.DisplayName} is away",
                $"{person.DisplayName} paused questions until {preferences.PausedUntil:yyyy-MM-dd}. Suggest someone else, or leave the field empty; nothing changed."));
        }
        return (new Candidate(person.Id, person.DisplayName, $"suggested by {decliner.Name}"), null);
    }
}
