namespace ExpertBot.Tests;

/// <summary>
/// ../shared sits beside the checkout for developers and CI but not in a user's clone.
/// Tests that read it skip when it is absent, except under CI=true where absence is a failure.
/// </summary>
internal static class SharedFolder
{
    public static string? Path { get; } = Find();

    public static bool MustRun => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string? Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ExpertBot.sln")))
            {
                var shared = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared"));
                return Directory.Exists(shared) ? shared : null;
            }
            dir = dir.Parent;
        }
        return null;
    }
}

internal sealed class SharedTheoryAttribute : TheoryAttribute
{
    public SharedTheoryAttribute()
    {
        if (SharedFolder.Path is null && !SharedFolder.MustRun)
        {
            Skip = "../shared is not beside this checkout";
        }
    }
}

internal sealed class SharedFactAttribute : FactAttribute
{
    public SharedFactAttribute()
    {
        if (SharedFolder.Path is null && !SharedFolder.MustRun)
        {
            Skip = "../shared is not beside this checkout";
        }
    }
}
