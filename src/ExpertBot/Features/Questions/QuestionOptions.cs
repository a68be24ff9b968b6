using System.ComponentModel.DataAnnotations;

namespace ExpertBot.Features.Questions;

/// <summary>Section "Questions": how long people get before the bot moves on.</summary>
internal sealed class QuestionOptions
{
    public const string Section = "Questions";

    /// <summary>No activity for this long reminds the asker.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan ReminderAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>No activity for this long expires the question.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "90.00:00:00")]
    public TimeSpan ExpireAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// With a language model configured, how long routing a new question waits for the model's reading of its topics before
    /// it goes on with the search-based hints (the asker's first answer waits at most this for the model). Zero: not asked.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan ModelTopicsWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Knowledge-base suggestions are shown from this search confidence up (see SearchConfidence: words covered or meaning).</summary>
    [Range(0.0, 1.0)]
    public double SuggestionConfidence { get; set; } = 0.6;

    /// <summary>How often answers resolved on other instances (or before a restart) are added to the knowledge search.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan AnswersRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Entra object ids of supervisors: they may accept, rate and cancel any question. The tab also takes group ids here (from the token's groups claim); chat matches user ids only.</summary>
    public List<string> Supervisors { get; set; } = [];

    /// <summary>
    /// Whether anyone in the company may follow any question. Off by default: only a question's people (asker, invited
    /// experts, its pool's experts, followers, supervisors) may, since a question carries customer details.
    /// </summary>
    public bool OpenToCompany { get; set; }
}
