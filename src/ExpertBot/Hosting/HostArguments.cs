namespace ExpertBot.Hosting;

internal static class HostArguments
{
    private const string ReloadOnChange = "hostBuilder:reloadConfigOnChange";

    /// <summary>
    /// The server's arguments with configuration reload turned off unless asked for. Reload watches the whole content
    /// root recursively, and the SQLite file lives under it: every commit then wakes a file-watcher thread (measured at
    /// about 5% of the CPU under load), and setting up the recursive watch slows the start. Nothing here reads options
    /// through IOptionsMonitor, so a restart is how configuration changes anyway.
    /// Turn it back on with <c>--hostBuilder:reloadConfigOnChange=true</c> or <c>DOTNET_hostBuilder__reloadConfigOnChange=true</c>.
    /// </summary>
    public static string[] For(string[] args) =>
        args.Any(a => a.Contains(ReloadOnChange, StringComparison.OrdinalIgnoreCase))
        || Environment.GetEnvironmentVariable("DOTNET_" + ReloadOnChange.Replace(":", "__", StringComparison.Ordinal)) is not null
            ? args
            : [.. args, $"--{ReloadOnChange}=false"];
}
