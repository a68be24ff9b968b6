using System.Reflection;
using ExpertBot.Hosting;
using ExpertBot.Storage.Jobs;
using ExpertBot.Tests.Packaging;

namespace ExpertBot.Tests.Architecture;

/// <summary>
/// docs/operations.md is what an operator reads at 3 a.m.: it must name every job kind the bot can store and every log
/// area's event ids. A new job kind or log area fails here until the doc says what it is.
/// </summary>
public sealed class OperationsDocTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(ManifestTools.RepoRoot, "docs", "operations.md"));

    [Fact]
    public void Names_every_job_kind()
    {
        var kinds = JobKinds().ToList();
        Assert.True(kinds.Count >= 10, $"Only {kinds.Count} job kinds were found: {string.Join(", ", kinds)}");
        var missing = kinds.Where(k => !Doc.Contains($"`{k}`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "docs/operations.md does not list these job kinds: " + string.Join(", ", missing));
    }

    [Fact]
    public void Lists_every_log_areas_event_ids()
    {
        var missing = LogEvents.Areas.Where(a => !Doc.Contains($"| {a.From}-{a.To} |", StringComparison.Ordinal)).Select(a => a.Name).ToList();
        Assert.True(missing.Count == 0, "docs/operations.md does not list the event ids of: " + string.Join(", ", missing));
    }

    /// <summary>Typed jobs name their kind in a static property; the two untyped handlers in a constant.</summary>
    private static IEnumerable<string> JobKinds()
    {
        foreach (var type in typeof(LogEvents).Assembly.GetTypes())
        {
            if (type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IJob<>)))
            {
                yield return (string)type.GetProperty("Kind", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            }
            else if (typeof(IJobHandler).IsAssignableFrom(type) && type.GetField("Kind", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } kind)
            {
                yield return (string)kind.GetRawConstantValue()!;
            }
        }
    }
}
