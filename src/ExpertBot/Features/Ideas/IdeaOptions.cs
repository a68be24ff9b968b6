using System.ComponentModel.DataAnnotations;

namespace ExpertBot.Features.Ideas;

/// <summary>Section "Ideas": where new ideas are discussed, and how eagerly similar ideas are offered first.</summary>
internal sealed class IdeaOptions
{
    public const string Section = "Ideas";

    /// <summary>The ideas channels, one per product area (as expert pools are); an idea goes to the channel listing its product.</summary>
    public List<IdeaChannelOptions> Channels { get; set; } = [];

    /// <summary>The channel of ideas whose product no channel lists; empty = such ideas are posted nowhere.</summary>
    public string? DefaultChannelId { get; set; }

    /// <summary>How many similar ideas the agent is offered before a new one is created.</summary>
    [Range(1, 10)]
    public int SimilarShown { get; set; } = 5;

    /// <summary>
    /// The search confidence (0..1) an existing idea needs to be offered as similar. Low on purpose: duplicates are the
    /// norm, and an agent skips a wrong suggestion in a second, while a missed duplicate splits the votes (docs/ideas.md:
    /// 5 shown at 0.1 find 0.757 of the real duplicates of shared/data/kb-search; 3 at 0.2 found 0.634).
    /// </summary>
    [Range(0.0, 1.0)]
    public double SimilarMinConfidence { get; set; } = 0.1;
}

internal sealed class IdeaChannelOptions
{
    [Required]
    public string ChannelId { get; set; } = "";

    public List<string> Products { get; set; } = [];
}
