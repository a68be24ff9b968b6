using System.Diagnostics;
using System.Text.Json.Nodes;
using static ExpertBot.Tests.Packaging.ManifestTools;

namespace ExpertBot.Tests.Packaging;

/// <summary>The packaged manifest against Microsoft's JSON schema (ajv) and the Agents Toolkit validator, both offline.</summary>
public sealed class ManifestValidationTests
{
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(3);

    [ManifestSchemaFact]
    public async Task Packaged_manifest_validates_against_its_json_schema()
    {
        var manifest = Path.Combine(PackagedFolder(), "manifest.json");

        var run = await Ajv(manifest);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("valid", run.Output, StringComparison.Ordinal);
    }

    [ManifestSchemaFact]
    public async Task Schema_validation_reports_a_broken_manifest()
    {
        var manifest = Break(Path.Combine(PackagedFolder(), "manifest.json"));

        var run = await Ajv(manifest);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("/bots/0/botId must match pattern", run.Output, StringComparison.Ordinal);
        Assert.Contains("/bots/0/supportsFiles must be boolean", run.Output, StringComparison.Ordinal);
    }

    [AtkFact]
    public async Task Packaged_manifest_passes_the_agents_toolkit_validator_offline()
    {
        var folder = PackagedFolder();

        var run = await Atk(folder, Path.Combine(folder, "manifest.json"));

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("All passed", run.Output, StringComparison.Ordinal);
    }

    [AtkFact]
    public async Task Agents_toolkit_validator_reports_a_broken_manifest()
    {
        var folder = PackagedFolder();
        var manifest = Break(Path.Combine(folder, "manifest.json"), supportsFiles: false);

        var run = await Atk(folder, manifest);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("/bots/0/botId must match pattern", run.Output, StringComparison.Ordinal);
    }

    private static async Task<ToolRun> Ajv(string manifest)
    {
        // The schema is the one the manifest declares, from Microsoft's published copies in ../shared.
        var version = (string)JsonNode.Parse(File.ReadAllText(manifest))!["manifestVersion"]!;
        var schema = Path.Combine(SharedFolder.Path ?? throw new InvalidOperationException("CI=true but ../shared is absent"),
            "specs", "microsoft-teams-app-schema", $"v{version}", "MicrosoftTeams.schema.json");
        Assert.True(File.Exists(schema), $"no schema for manifest version {version}: {schema}");
        var start = new ProcessStartInfo("node", [Path.Combine(E2eDir, "manifest", "validate-manifest.js"), manifest, schema])
        {
            WorkingDirectory = E2eDir,
        };
        return await ToolRun.RunAsync(start, NodeTimeout);
    }

    private static async Task<ToolRun> Atk(string folder, string manifest)
    {
        var start = await OfflineAsync(ManifestTools.Atk, "validate", "--manifest-file", manifest, "--telemetry", "false", "-i", "false");
        start.WorkingDirectory = folder;
        return await ToolRun.RunAsync(start, NodeTimeout);
    }

    /// <summary>A copy with a bot id that is no GUID (and, for ajv, a string where a boolean belongs).</summary>
    private static string Break(string manifest, bool supportsFiles = true)
    {
        var json = JsonNode.Parse(File.ReadAllText(manifest))!;
        json["bots"]![0]!["botId"] = "not-a-guid";
        if (supportsFiles)
        {
            // atk's typed reader stops at a wrong type before its schema check, so only ajv gets this one.
            json["bots"]![0]!["supportsFiles"] = "no";
        }
        var broken = Path.Combine(Path.GetDirectoryName(manifest)!, "broken.json");
        File.WriteAllText(broken, json.ToJsonString());
        return broken;
    }
}
