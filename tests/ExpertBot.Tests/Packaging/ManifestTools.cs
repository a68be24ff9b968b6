using System.Diagnostics;
using System.IO.Compression;

namespace ExpertBot.Tests.Packaging;

/// <summary>Paths of the committed manifest, the Node validators in tests/e2e, and a packaged, extracted app.</summary>
internal static class ManifestTools
{
    public const string TestAppId = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    public const string TestBotId = "0b7e9c1d-2a3f-4e5d-9c8b-7a6f5e4d3c2b";
    public const string TestDomain = "expertbot.contoso.example";

    public static string RepoRoot { get; } = FindRoot();

    public static string ManifestDir => Path.Combine(RepoRoot, "manifest");

    public static string E2eDir => Path.Combine(RepoRoot, "tests", "e2e");

    public static string Atk => Path.Combine(E2eDir, "node_modules", ".bin", "atk");

    public static bool AjvInstalled => Directory.Exists(Path.Combine(E2eDir, "node_modules", "ajv-draft-04"));

    /// <summary>Runs the package command in-process with the test values (plus extra arguments) into a fresh folder.</summary>
    public static (int ExitCode, string Output, string Error, string Zip) Package(params string[] extra)
    {
        var zip = Path.Combine(Directory.CreateTempSubdirectory("package-").FullName, "expertbot.zip");
        string[] args = extra.Contains("--manifest-dir") ? ["package", "--out", zip, .. extra] : ["package", "--out", zip, "--manifest-dir", ManifestDir, .. extra];
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = ExpertBot.Features.Packaging.PackageCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString(), zip);
    }

    /// <summary>A package built with the test values, extracted: manifest.json with the icons beside it.</summary>
    public static string PackagedFolder()
    {
        var (code, _, error, zip) = Package($"--MicrosoftAppId={TestBotId}", $"--TeamsApp:Id={TestAppId}", $"--TeamsApp:Domain={TestDomain}", "--TeamsApp:Version=1.2.3");
        Assert.True(code == 0, error);
        var folder = Directory.CreateTempSubdirectory("package-extracted-").FullName;
        ZipFile.ExtractToDirectory(zip, folder);
        return folder;
    }

    /// <summary>
    /// A network-less namespace when the machine allows one (root or user namespaces), so the offline claim
    /// is enforced rather than hoped for; otherwise the tool runs as is with telemetry off.
    /// </summary>
    public static async Task<ProcessStartInfo> OfflineAsync(string fileName, params string[] args)
    {
        if (await CanIsolateNetworkAsync())
        {
            return new ProcessStartInfo("unshare", ["-n", fileName, .. args]);
        }
        return new ProcessStartInfo(fileName, args);
    }

    private static async Task<bool> CanIsolateNetworkAsync()
    {
        try
        {
            return (await ToolRun.RunAsync(new ProcessStartInfo("unshare", ["-n", "true"]), TimeSpan.FromSeconds(30))).ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no unshare on this machine
        }
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ExpertBot.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("ExpertBot.sln not found above the test output");
    }
}

/// <summary>Needs ../shared (the manifest schema) and the Node validators: skips without them, except under CI=true.</summary>
internal sealed class ManifestSchemaFactAttribute : FactAttribute
{
    public ManifestSchemaFactAttribute()
    {
        if ((SharedFolder.Path is null || !ManifestTools.AjvInstalled) && !SharedFolder.MustRun)
        {
            Skip = "needs ../shared (manifest schema) and tests/e2e/node_modules (run ./test.sh)";
        }
    }
}

/// <summary>Needs the Agents Toolkit CLI from tests/e2e: skips without it, except under CI=true.</summary>
internal sealed class AtkFactAttribute : FactAttribute
{
    public AtkFactAttribute()
    {
        if (!File.Exists(ManifestTools.Atk) && !SharedFolder.MustRun)
        {
            Skip = "Agents Toolkit CLI not installed in tests/e2e (run ./test.sh)";
        }
    }
}
