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
    public int SimilarShown { get; set; } = 3;

    /// <summary>
    /// The search confidence (0..1) an existing idea needs to be offered as similar. Low on purpose: duplicates are the
    /// norm, and an agent skips a wrong suggestion in a second, while a missed duplicate splits the votes.
    /// </summary>
    [Range(0.0, 1.0)]
    public double SimilarMinConfidence { get; set; } = 0.2;
}

internal sealed class IdeaChannelOptions
{
    [Required]
    public string ChannelId { get; set; } = "";

    public List<string> Products { get; set; } = [];
}
