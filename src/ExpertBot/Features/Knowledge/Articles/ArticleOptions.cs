using System.ComponentModel.DataAnnotations;

namespace ExpertBot.Features.Knowledge.Articles;

/// <summary>Who counts as a licensed KCS contributor.</summary>
internal enum Licensing
{
    /// <summary>Everyone in the directory: flagging or fixing is cheap, every change is a new version with its editor's name.</summary>
    Everyone,

    /// <summary>Only the people in <see cref="ArticleOptions.LicensedContributors"/>.</summary>
    List,
}

/// <summary>Section "Knowledge:Articles": the knowledge base's lifecycle (KCS v6).</summary>
internal sealed class ArticleOptions
{
    public const string Section = "Knowledge:Articles";

    public Licensing Licensing { get; set; } = Licensing.Everyone;

    /// <summary>Entra object ids of the licensed contributors, with <see cref="Licensing.List"/>.</summary>
    public List<string> LicensedContributors { get; set; } = [];

    /// <summary>Days after validation (or the last verification) when the owner is asked to verify the article.</summary>
    [Range(1, 3650)]
    public int VerifyIntervalDays { get; set; } = 180;

    /// <summary>A reminder nobody answered comes again after this long...</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan ReminderRepeat { get; set; } = TimeSpan.FromDays(7);

    /// <summary>...up to this many times.</summary>
    [Range(1, 20)]
    public int MaxReminders { get; set; } = 3;

    /// <summary>
    /// A later answer is reuse of an article (linked, and proposed as an update to it, not drafted as a new one) when the
    /// search is this sure of it...
    /// </summary>
    [Range(0.0, 1.0)]
    public double ReuseConfidence { get; set; } = 0.7;

    /// <summary>
    /// ...and their meanings are at least this close (cosine): words alone can reach full confidence on common words
    /// ("an hour late after the DST change" against an unrelated article), meaning alone on a short question.
    /// </summary>
    [Range(0.0, 1.0)]
    public double ReuseSimilarity { get; set; } = 0.6;

    /// <summary>
    /// How often each instance reads the articles changed in the database (by any instance) and brings its search up to
    /// date: an article validated, fixed or archived on one instance is found (or no longer found) on the others within
    /// about this long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Write validated external-audience articles to the configured CRM's knowledge base (through the outbox).</summary>
    public bool PublishToCrm { get; set; }

    public bool IsLicensed(string personId) =>
        Licensing == Licensing.Everyone || LicensedContributors.Contains(personId, StringComparer.OrdinalIgnoreCase);
}
