using System.Text.RegularExpressions;
using ExpertBot.Tests.Cards;

namespace ExpertBot.Tests.Architecture;

/// <summary>
/// Feature folders depend on each other in one direction only: a cycle (Questions importing Routing while Routing imports
/// Questions) means neither can be read, tested or changed without the other. This reads the sources, so a new cycle fails
/// here whatever the compiler allows.
/// </summary>
public sealed partial class FeatureDependencyTests
{
    private static readonly string Features = Path.Combine(CardRepo.Root, "src", "ExpertBot", "Features");

    [Fact]
    public void Feature_folders_have_no_dependency_cycle()
    {
        var graph = DependencyGraph();
        Assert.True(graph.Count >= 8, "The feature folders were not found: " + Features);

        var cycles = Cycles(graph);

        Assert.True(cycles.Count == 0, "Feature folders in a cycle: " + string.Join("; ", cycles.Select(c => string.Join(" -> ", c))));
    }

    [Fact]
    public void The_cycle_check_finds_a_cycle()
    {
        // The check itself must be able to fail: a made-up graph with one cycle and one clean branch.
        var graph = new Dictionary<string, HashSet<string>>
        {
            ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"],
        };

        var cycle = Assert.Single(Cycles(graph));

        Assert.Equal(["A", "B", "C", "A"], cycle);
    }

    /// <summary>Folder -> the other feature folders its files name (in usings or fully qualified).</summary>
    private static Dictionary<string, HashSet<string>> DependencyGraph()
    {
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var folder in Directory.EnumerateDirectories(Features))
        {
            var name = Path.GetFileName(folder);
            var uses = graph[name] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            {
                foreach (Match m in FeatureReference().Matches(File.ReadAllText(file)))
                {
                    if (m.Groups[1].Value != name)
                    {
                        uses.Add(m.Groups[1].Value);
                    }
                }
            }
        }
        return graph;
    }

    /// <summary>Each cycle once, as the path from its smallest member back to itself.</summary>
    private static List<List<string>> Cycles(Dictionary<string, HashSet<string>> graph)
    {
        var cycles = new List<List<string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in graph.Keys.Order(StringComparer.Ordinal))
        {
            var path = new List<string> { start };
            Walk(start);
            void Walk(string node)
            {
                foreach (var next in graph.GetValueOrDefault(node, []).Order(StringComparer.Ordinal))
                {
                    if (next == start)
                    {
                        var cycle = new List<string>(path) { start };
                        if (seen.Add(string.Join(">", cycle.Order(StringComparer.Ordinal))))
                        {
                            cycles.Add(cycle);
                        }
                    }
                    else if (string.CompareOrdinal(next, start) > 0 && !path.Contains(next))
                    {
                        path.Add(next);
                        Walk(next);
                        path.RemoveAt(path.Count - 1);
                    }
                }
            }
        }
        return cycles;
    }

    [GeneratedRegex(@"\bExpertBot\.Features\.([A-Za-z]+)\b")]
    private static partial Regex FeatureReference();
}
