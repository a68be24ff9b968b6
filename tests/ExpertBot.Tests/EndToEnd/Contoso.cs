namespace ExpertBot.Tests.EndToEnd;

/// <summary>A Teams user of the Playground config: its channel id, and the Entra object id the bot knows them by.</summary>
internal sealed record TeamsUser(string Id, string Name, string AadObjectId);

/// <summary>The Contoso demo tenant as configured in tests/e2e/playground/.m365agentsplayground.yml.</summary>
internal static class Contoso
{
    public const string Tenant = "7d0e4c1a-5b2f-4e8a-9c3d-1f2e3a4b5c6d";
    public const string BotId = "3f8b2c1d-4e5a-4b6c-8d7e-9f0a1b2c3d4e";
    /// <summary>Alex's 1:1 chat with the bot (Alex is the Playground's current user; only his chats are on the stream).</summary>
    public const string AlexChat = "personal-chat-alex";
    /// <summary>The team's General channel (its id is the team's).</summary>
    public const string General = "team-support-experts";
    /// <summary>The identity experts' channel (the Identity pool's channel in appsettings.json).</summary>
    public const string IdentityChannel = "channel-identity-experts";

    public static readonly TeamsUser Alex = new("user-id-0", "Alex Wilber", "1a000000-0000-4000-8000-000000000000");
    public static readonly TeamsUser Megan = new("user-id-1", "Megan Bowen", "1a000000-0000-4000-8000-000000000001");
    public static readonly TeamsUser Adele = new("user-id-2", "Adele Vance", "1a000000-0000-4000-8000-000000000002");
    public static readonly TeamsUser Isaiah = new("user-id-3", "Isaiah Langer", "1a000000-0000-4000-8000-000000000003");
    public static readonly TeamsUser Patti = new("user-id-4", "Patti Fernandez", "1a000000-0000-4000-8000-000000000004");
    public static readonly TeamsUser Lynne = new("user-id-5", "Lynne Robbins", "1a000000-0000-4000-8000-000000000005");

    /// <summary>The Identity pool's members.</summary>
    public static readonly IReadOnlyList<TeamsUser> IdentityExperts = [Megan, Adele, Isaiah, Patti, Lynne];

    public static TeamsUser ByName(string name) =>
        new[] { Alex, Megan, Adele, Isaiah, Patti, Lynne }.SingleOrDefault(u => u.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"'{name}' is not a Contoso user of the Playground config.");

    /// <summary>
    /// A copy of the demo directory (in <paramref name="folder"/>) where every Playground user but Alex, the agent, knows
    /// single sign-on: routing asks only people tied to a question, and the flow tests need the Identity pool's step of
    /// three (one declines, another takes it). The shipped demo keeps them as they are (the README walkthrough).
    /// </summary>
    public static string IdentityExpertsDirectory(string folder)
    {
        var directory = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "demo-directory.json")))!;
        foreach (var person in directory["people"]!.AsArray())
        {
            if (person!["id"]!.GetValue<string>() is var id && id.StartsWith("1a000000-", StringComparison.Ordinal) && id != Alex.AadObjectId)
            {
                person["skills"]!.AsArray().Add("single sign-on");
                person["skills"]!.AsArray().Add("SAML 2.0");
            }
        }
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "identity-experts-directory.json");
        File.WriteAllText(path, directory.ToJsonString());
        return path;
    }
}
