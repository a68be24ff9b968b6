using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using ExpertBot.Features.Packaging;
using static ExpertBot.Tests.Packaging.ManifestTools;

namespace ExpertBot.Tests.Packaging;

public sealed class PackageCommandTests
{
    [Fact]
    public void Zip_holds_exactly_the_manifest_and_the_two_icons_at_its_root()
    {
        var (code, output, error, zip) = Package($"--MicrosoftAppId={TestBotId}", $"--TeamsApp:Domain={TestDomain}");

        Assert.True(code == 0, error);
        Assert.Contains(zip, output, StringComparison.Ordinal);
        using var archive = ZipFile.OpenRead(zip);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        foreach (var icon in new[] { "color.png", "outline.png" })
        {
            using var stream = archive.GetEntry(icon)!.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            Assert.Equal(File.ReadAllBytes(Path.Combine(ManifestDir, icon)), copy.ToArray());
        }
    }

    [Fact]
    public void Every_placeholder_is_filled_from_configuration()
    {
        var (code, _, error, zip) = Package($"--MicrosoftAppId={TestBotId}", $"--TeamsApp:Id={TestAppId}",
            $"--TeamsApp:Domain={TestDomain}", "--TeamsApp:Version=2.10.0");

        Assert.True(code == 0, error);
        var text = ReadManifest(zip);
        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
        var manifest = JsonNode.Parse(text)!;
        Assert.Equal(TestAppId, (string?)manifest["id"]);
        Assert.Equal("2.10.0", (string?)manifest["version"]);
        Assert.Equal(TestBotId, (string?)manifest["bots"]![0]!["botId"]);
        Assert.Equal(TestBotId, (string?)manifest["composeExtensions"]![0]!["botId"]);
        Assert.Equal(TestBotId, (string?)manifest["webApplicationInfo"]!["id"]);
        Assert.Equal($"api://{TestDomain}/{TestBotId}", (string?)manifest["webApplicationInfo"]!["resource"]);
        Assert.Equal([TestDomain], manifest["validDomains"]!.AsArray().Select(d => (string?)d));
        Assert.Equal($"https://{TestDomain}/tab/configure", (string?)manifest["configurableTabs"]![0]!["configurationUrl"]);
    }

    [Fact]
    public void The_app_id_defaults_to_the_bot_id_and_the_version_to_1_0_0()
    {
        var (code, _, error, zip) = Package($"--MicrosoftAppId={TestBotId}", $"--TeamsApp:Domain={TestDomain}", "--TeamsApp:Id=", "--TeamsApp:Version=");

        Assert.True(code == 0, error);
        var manifest = JsonNode.Parse(ReadManifest(zip))!;
        Assert.Equal(TestBotId, (string?)manifest["id"]);
        Assert.Equal("1.0.0", (string?)manifest["version"]);
    }

    [Fact]
    public void The_committed_manifest_keeps_placeholders_not_real_ids()
    {
        var committed = File.ReadAllText(Path.Combine(ManifestDir, "manifest.json"));

        Assert.Equal(["MicrosoftAppId", "TeamsApp:Domain", "TeamsApp:Id", "TeamsApp:Version"],
            ManifestTemplate.PlaceholdersIn(committed).Order(StringComparer.Ordinal));
        Assert.DoesNotMatch("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-", committed);
    }

    [Theory]
    [InlineData("MicrosoftAppId is not set", "--MicrosoftAppId=", "--TeamsApp:Domain=" + TestDomain)]
    [InlineData("MicrosoftAppId 'my-bot' is not a GUID", "--MicrosoftAppId=my-bot", "--TeamsApp:Domain=" + TestDomain)]
    [InlineData("TeamsApp:Id '12345' is not a GUID", "--MicrosoftAppId=" + TestBotId, "--TeamsApp:Id=12345", "--TeamsApp:Domain=" + TestDomain)]
    [InlineData("TeamsApp:Domain is not set", "--MicrosoftAppId=" + TestBotId, "--TeamsApp:Domain=")]
    [InlineData("TeamsApp:Domain 'https://expertbot.contoso.example/' is not a host name", "--MicrosoftAppId=" + TestBotId, "--TeamsApp:Domain=https://expertbot.contoso.example/")]
    [InlineData("TeamsApp:Version '1.0' is not MAJOR.MINOR.PATCH", "--MicrosoftAppId=" + TestBotId, "--TeamsApp:Domain=" + TestDomain, "--TeamsApp:Version=1.0")]
    [InlineData("TeamsApp:Version '1.0.0-beta' is not MAJOR.MINOR.PATCH", "--MicrosoftAppId=" + TestBotId, "--TeamsApp:Domain=" + TestDomain, "--TeamsApp:Version=1.0.0-beta")]
    public void Refuses_and_writes_nothing_when_a_value_is_missing_or_malformed(string message, params string[] args)
    {
        var (code, output, error, zip) = Package(args);

        Assert.Equal(1, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Empty(output);
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(zip)!));
    }

    [Fact]
    public void Lists_every_problem_at_once()
    {
        var (code, _, error, _) = Package("--MicrosoftAppId=", "--TeamsApp:Domain=", "--TeamsApp:Version=x");

        Assert.Equal(1, code);
        Assert.Contains("MicrosoftAppId is not set", error, StringComparison.Ordinal);
        Assert.Contains("TeamsApp:Domain is not set", error, StringComparison.Ordinal);
        Assert.Contains("TeamsApp:Version 'x'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_placeholder_it_has_no_value_for()
    {
        var dir = Directory.CreateTempSubdirectory("manifest-").FullName;
        foreach (var file in Directory.GetFiles(ManifestDir))
        {
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        }
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")))!;
        manifest["developer"]!["name"] = "{{TeamsApp:Publisher}}";
        File.WriteAllText(Path.Combine(dir, "manifest.json"), manifest.ToJsonString());

        var (code, _, error, zip) = Package($"--MicrosoftAppId={TestBotId}", $"--TeamsApp:Domain={TestDomain}", "--manifest-dir", dir);

        Assert.Equal(1, code);
        Assert.Contains("{{TeamsApp:Publisher}}", error, StringComparison.Ordinal);
        Assert.False(File.Exists(zip));
    }

    [Fact]
    public void Without_out_it_prints_usage()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(2, PackageCommand.Run(["package"], output, error));
        Assert.Contains("usage: package --out", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The real entry point: Program.cs dispatch, environment-variable configuration and finding manifest/ by itself.</summary>
    [Fact]
    public async Task The_built_app_packages_from_environment_variables()
    {
        var work = Directory.CreateTempSubdirectory("package-cli-").FullName;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ExpertBot.dll"), "package", "--out", "app.zip"])
        {
            WorkingDirectory = work,
            // As a shell runs it: the user's directory is PWD too, which is where relative paths are read from.
            Environment = { ["PWD"] = work },
        };
        start.Environment["MicrosoftAppId"] = TestBotId;
        start.Environment["TeamsApp__Domain"] = TestDomain;
        start.Environment["TeamsApp__Version"] = "3.4.5";
        start.Environment.Remove("TeamsApp__Id");

        var run = await ToolRun.RunAsync(start, TimeSpan.FromMinutes(2));

        Assert.True(run.ExitCode == 0, run.Output);
        var manifest = JsonNode.Parse(ReadManifest(Path.Combine(work, "app.zip")))!;
        Assert.Equal("3.4.5", (string?)manifest["version"]);
        Assert.Equal(TestBotId, (string?)manifest["id"]);
        Assert.Equal([TestDomain], manifest["validDomains"]!.AsArray().Select(d => (string?)d));
    }

    [Fact]
    public async Task The_built_app_refuses_with_a_non_zero_exit_when_unconfigured()
    {
        var work = Directory.CreateTempSubdirectory("package-cli-").FullName;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ExpertBot.dll"), "package", "--out", "app.zip"])
        {
            WorkingDirectory = work,
            // As a shell runs it: the user's directory is PWD too, which is where relative paths are read from.
            Environment = { ["PWD"] = work },
        };
        start.Environment.Remove("MicrosoftAppId");
        start.Environment.Remove("TeamsApp__Domain");

        var run = await ToolRun.RunAsync(start, TimeSpan.FromMinutes(2));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("MicrosoftAppId is not set", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(work, "app.zip")));
    }

    private static string ReadManifest(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        using var reader = new StreamReader(archive.GetEntry("manifest.json")!.Open());
        return reader.ReadToEnd();
    }
}
