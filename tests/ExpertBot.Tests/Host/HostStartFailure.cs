using Microsoft.AspNetCore.Mvc.Testing;

namespace ExpertBot.Tests.Host;

/// <summary>
/// The exception a host throws when it refuses to start, seen through WebApplicationFactory. The factory races the
/// app's own start: when the app fails first, the factory reads from a service provider the failed start already
/// disposed and throws ObjectDisposedException instead, losing the real error. That is the test harness losing the
/// race, not an answer, so the start is tried again on a fresh factory (a few times at most).
/// </summary>
internal static class HostStartFailure
{
    public static TException Of<TException>(Func<WebApplicationFactory<Program>> create)
        where TException : Exception
    {
        for (var attempt = 1; ; attempt++)
        {
            using var factory = create();
            try
            {
                factory.CreateClient().Dispose();
            }
            catch (ObjectDisposedException) when (attempt < 5)
            {
                continue;
            }
            catch (TException expected)
            {
                return expected;
            }
            throw new Xunit.Sdk.XunitException($"The host started although it should have refused with {typeof(TException).Name}.");
        }
    }
}
