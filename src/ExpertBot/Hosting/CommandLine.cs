using System.Globalization;

namespace ExpertBot.Hosting;

/// <summary>
/// Arguments of the commands that are not the server (eval-routing, eval-search, bench-*, render-card, package): options,
/// numbers, and file paths read from the directory the user ran the command in.
/// </summary>
internal static class CommandLine
{
    /// <summary>
    /// A path option resolved against the directory the user ran the command from. <c>dotnet run --project</c> starts the
    /// program in the project's folder, but the shell's PWD still names where the user was.
    /// </summary>
    public static string? Path(string[] args, string name) => Value(args, name) is { } value ? Resolve(value) : null;

    public static string Resolve(string path) =>
        System.IO.Path.GetFullPath(path, Environment.GetEnvironmentVariable("PWD") is { Length: > 0 } pwd && Directory.Exists(pwd)
            ? pwd : Environment.CurrentDirectory);

    /// <summary>Whether the user asked for the command's usage.</summary>
    public static bool WantsHelp(string[] args) => args.Contains("--help") || args.Contains("-h");

    public static string? Value(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    public static bool TryInt(string[] args, string name, int fallback, out int value)
    {
        value = fallback;
        return Array.IndexOf(args, name) < 0
            || (Value(args, name) is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value));
    }
}
