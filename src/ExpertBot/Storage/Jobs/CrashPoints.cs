namespace ExpertBot.Storage.Jobs;

/// <summary>
/// A test's way in at a named step of a job (a fault-injection hook): the crash tests register one to stop the work right
/// there, as a killed process would, and prove that running it again elsewhere repeats nothing. Production registers
/// none, so <see cref="CrashPoints.AtAsync"/> is a no-op there.
/// </summary>
internal interface ICrashInjector
{
    /// <summary>Called when the work reaches <paramref name="point"/>; a test may never return (the process "died" there).</summary>
    ValueTask ReachedAsync(string point);
}

/// <summary>
/// The named steps of a turn and of the jobs it starts, between which a process may die: each effect and its record
/// are separate steps, so a crash test can stop the work between any two of them (see docs/exactly-once.md).
/// </summary>
internal sealed class CrashPoints(IEnumerable<ICrashInjector> injectors)
{
    private readonly ICrashInjector[] _injectors = [.. injectors];

    /// <summary>Marks that the work reached <paramref name="point"/>.</summary>
    public ValueTask AtAsync(string point) => _injectors.Length == 0 ? ValueTask.CompletedTask : ReachAsync(point);

    private async ValueTask ReachAsync(string point)
    {
        foreach (var injector in _injectors)
        {
            await injector.ReachedAsync(point);
        }
    }
}
