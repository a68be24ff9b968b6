using ExpertBot.Hosting;

namespace ExpertBot.Features.Packaging;

/// <summary>
/// <c>package --out APP.zip [--manifest-dir DIR] [--TeamsApp:Domain=HOST ...]</c>: fills the placeholders in
/// manifest/manifest.json from configuration (appsettings, environment, command line: the same sources as
/// the server) and writes the zip to upload to Teams. Refuses, writing nothing, when a value is missing or
/// malformed.
/// </summary>
internal static class PackageCommand
{
    private const string Usage = "usage: package --out <app.zip> [--manifest-dir <dir with manifest.json>] "
        + "[--MicrosoftAppId=<guid>] [--TeamsApp:Id=<guid>] [--TeamsApp:Domain=<host>] [--TeamsApp:Version=<x.y.z>]";

    public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (CommandLine.WantsHelp(args))
        {
            output.WriteLine(Usage);
            output.WriteLine("  Relative paths are read from the directory the command was started in.");
            return 0;
        }
        var zipPath = CommandLine.Path(args, "--out");
        if (string.IsNullOrWhiteSpace(zipPath))
        {
            error.WriteLine(Usage);
            return 2;
        }

        // The web builder reads configuration exactly as the server does, without starting anything.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        var manifestDir = CommandLine.Path(args, "--manifest-dir") ?? FindManifestDir(builder.Environment.ContentRootPath);
        if (manifestDir is null || !File.Exists(Path.Combine(manifestDir, "manifest.json")))
        {
            return Refuse(error, [$"manifest.json not found in {manifestDir ?? "manifest/ (searched from the content root and the app folder up to ExpertBot.sln)"}; pass --manifest-dir <dir>."]);
        }

        var (settings, settingErrors) = PackageSettings.Resolve(builder.Configuration);
        if (settings is null)
        {
            return Refuse(error, settingErrors);
        }
        var (manifest, templateErrors) = ManifestTemplate.Fill(File.ReadAllText(Path.Combine(manifestDir, "manifest.json")), settings.Placeholders);
        if (manifest is null)
        {
            return Refuse(error, templateErrors);
        }
        var (icons, iconErrors) = AppPackage.IconsOf(manifest, manifestDir);
        if (iconErrors.Count > 0)
        {
            return Refuse(error, iconErrors);
        }

        AppPackage.Write(zipPath, manifest, manifestDir, icons);
        output.WriteLine($"wrote {Path.GetFullPath(zipPath)}: app {settings.AppId}, bot {settings.BotId}, domain {settings.Domain}, version {settings.Version}");
        return 0;
    }

    private static int Refuse(TextWriter error, IEnumerable<string> problems)
    {
        error.WriteLine("package: refusing to write the Teams app package:");
        foreach (var problem in problems)
        {
            error.WriteLine($"  - {problem}");
        }
        return 1;
    }

    /// <summary>manifest/ under the content root, else under the folder holding ExpertBot.sln above it or above the app.</summary>
    private static string? FindManifestDir(string contentRoot)
    {
        foreach (var start in new[] { contentRoot, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "manifest");
                if (File.Exists(Path.Combine(candidate, "manifest.json")))
                {
                    return candidate;
                }
                if (File.Exists(Path.Combine(dir.FullName, "ExpertBot.sln")))
                {
                    break;
                }
            }
        }
        return null;
    }

    /// <summary>"--name value" or "--name=value"; the last one wins, as in configuration.</summary>
}
