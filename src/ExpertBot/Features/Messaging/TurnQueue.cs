using System.Threading.Channels;
using ExpertBot.Protocol.Activities;

namespace ExpertBot.Features.Messaging;

/// <summary>Hands accepted activities from the request to the turn worker.</summary>
internal sealed class TurnQueue
{
    private readonly Channel<Activity> _channel = Channel.CreateUnbounded<Activity>(new UnboundedChannelOptions { SingleReader = false });

    public void Enqueue(Activity activity) => _channel.Writer.TryWrite(activity);

    public IAsyncEnumerable<Activity> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);
}
