using ExpertBot.Features.Conversation;

namespace ExpertBot.Features.Messaging;

/// <summary>Runs turns off the request path so /api/messages acknowledges immediately.</summary>
internal sealed class TurnWorker(TurnQueue queue, ConversationHandler handler, ILogger<TurnWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var activity in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await handler.HandleAsync(activity, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The activity was already acknowledged; log and go on with the next turn.
                Log.TurnFailed(logger, ex, activity.Id);
            }
        }
    }
}
