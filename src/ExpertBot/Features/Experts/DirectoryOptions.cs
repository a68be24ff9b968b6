namespace ExpertBot.Features.Experts;

internal enum DirectorySource
{
    /// <summary>A JSON file: the demo company by default.</summary>
    Json,
    /// <summary>Microsoft Graph, synced into the database.</summary>
    Graph,
}

/// <summary>Section "Directory".</summary>
internal sealed class DirectoryOptions
{
    public const string Section = "Directory";

    public DirectorySource Source { get; set; } = DirectorySource.Json;

    /// <summary>With Source=Json: the file to read; empty = the demo company shipped with the app.</summary>
    public string? JsonPath { get; set; }

    /// <summary>
    /// How long experts' own settings (pause, quiet hours, budget, topics) read for routing are reused. A change made on
    /// this instance counts at once; one made on another instance within this time. Zero reads them for every ranking.
    /// </summary>
    public TimeSpan SettingsCacheTime { get; set; } = TimeSpan.FromSeconds(5);
}
