using ExpertBot.Storage.Jobs;

namespace ExpertBot.Tests.Storage.ExactlyOnce;

/// <summary>
/// The crash tests' fault injection: the "instance" running now (one at a time, as the tests run them) is killed at the
/// crash point it is armed with. Killed, its work never goes on (the step never returns: nothing after it happens, nothing
/// is recorded, the job's lease is left to run out), as with <c>kill -9</c>.
/// </summary>
internal sealed class KillSwitch : ICrashInjector
{
    private readonly Lock _lock = new();
    private readonly List<string> _reached = [];
    private readonly Dictionary<string, TaskCompletionSource<string>> _killed = [];
    private string? _instance;
    private string? _armedAt;

    /// <summary>Every point reached since <see cref="Run"/>, in order.</summary>
    public IReadOnlyList<string> Reached
    {
        get
        {
            lock (_lock)
            {
                return [.. _reached];
            }
        }
    }

    /// <summary>From now on the work is <paramref name="instance"/>'s, killed at the first <paramref name="killAt"/> it reaches (null: never).</summary>
    public Task<string> Run(string instance, string? killAt)
    {
        lock (_lock)
        {
            _instance = instance;
            _armedAt = killAt;
            _reached.Clear();
            var killed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _killed[instance] = killed;
            return killed.Task;
        }
    }

    public ValueTask ReachedAsync(string point)
    {
        lock (_lock)
        {
            _reached.Add(point);
            if (_instance is null || _armedAt != point)
            {
                return ValueTask.CompletedTask;
            }
            _killed[_instance].TrySetResult(point);
            _armedAt = null;
        }
        // Never returns: the process "died" here.
        return new ValueTask(new TaskCompletionSource().Task);
    }
}
