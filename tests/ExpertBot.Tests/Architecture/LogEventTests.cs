using System.Reflection;
using ExpertBot.Hosting;
using Microsoft.Extensions.Logging;

namespace ExpertBot.Tests.Architecture;

/// <summary>Every log event has an id of its own, inside its area's range of the registry (Hosting/LogEvents.cs).</summary>
public sealed class LogEventTests
{
    private static readonly Assembly[] Assemblies = [typeof(LogEvents).Assembly, typeof(ExpertBot.Protocol.Connector.BotConnectorClient).Assembly];

    [Fact]
    public void Every_event_id_is_unique_and_inside_its_areas_range()
    {
        var events = Events().ToList();
        Assert.True(events.Count >= 30, $"Only {events.Count} [LoggerMessage] methods were found.");

        var shared = events.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Where))}").ToList();
        var outside = events.Where(e => Area(e.Namespace) is not { } area || e.Id < area.From || e.Id > area.To)
            .Select(e => $"{e.Where} = {e.Id} ({Area(e.Namespace)?.Name ?? "no area"})").ToList();

        Assert.True(shared.Count == 0, "Event ids used twice: " + string.Join("; ", shared));
        Assert.True(outside.Count == 0, "Event ids outside their area's range: " + string.Join("; ", outside));
    }

    [Fact]
    public void The_ranges_do_not_overlap()
    {
        var ranges = LogEvents.Areas.OrderBy(a => a.From).ToList();
        for (var i = 1; i < ranges.Count; i++)
        {
            Assert.True(ranges[i].From > ranges[i - 1].To, $"{ranges[i - 1].Name} and {ranges[i].Name} overlap.");
        }
    }

    private static LogEvents.Area? Area(string ns) =>
        LogEvents.Areas.Where(a => ns == a.Namespace || ns.StartsWith(a.Namespace + ".", StringComparison.Ordinal))
            .MaxBy(a => a.Namespace.Length);

    private static IEnumerable<(int Id, string Namespace, string Where)> Events() =>
        from assembly in Assemblies
        from type in assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
        where attribute is not null
        select (attribute.EventId, type.Namespace ?? "", $"{type.Name}.{method.Name}");
}
