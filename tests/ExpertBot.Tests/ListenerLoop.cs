using System.Net;

namespace ExpertBot.Tests;

/// <summary>
/// The accept loop of the HttpListener-based fakes (Bot Connector, Entra, OpenID server), and its stop. The loop used to
/// end only when a pending GetContextAsync failed after Stop(), and a test once hung in such a DisposeAsync on a loaded
/// machine; Close() after Stop() is no way out, as it binds the freed port again on Linux and fails with "Address
/// already in use" once another test took it. So the loop also ends on its own stop signal, whatever the listener does.
/// </summary>
internal sealed class ListenerLoop
{
    private readonly HttpListener _listener;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;

    /// <summary>Starts <paramref name="listener"/> and answers each request with <paramref name="handle"/>, one at a time.</summary>
    public ListenerLoop(HttpListener listener, Func<HttpListenerContext, Task> handle)
    {
        _listener = listener;
        _listener.Start();
        _loop = Task.Run(() => RunAsync(handle));
    }

    private async Task RunAsync(Func<HttpListenerContext, Task> handle)
    {
        while (!_stopped.Task.IsCompleted)
        {
            Task<HttpListenerContext> next;
            try
            {
                next = _listener.GetContextAsync();
            }
            catch (Exception) when (_stopped.Task.IsCompleted)
            {
                return;
            }
            if (await Task.WhenAny(next, _stopped.Task) != next)
            {
                // Stopped while waiting: the pending accept may still fail later; observe it so it is not reported.
                _ = next.ContinueWith(static t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
                return;
            }
            HttpListenerContext context;
            try
            {
                context = await next;
            }
            catch (Exception) when (_stopped.Task.IsCompleted || !_listener.IsListening)
            {
                return;
            }
            try
            {
                await handle(context);
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client hung up before the answer was written (a request cancelled, a host stopping): nothing is
                // owed to it, and the next request must still be answered.
            }
        }
    }

    /// <summary>Stops listening and waits for the loop to end.</summary>
    public async Task StopAsync()
    {
        _stopped.TrySetResult();
        _listener.Stop();
        await _loop;
    }
}
