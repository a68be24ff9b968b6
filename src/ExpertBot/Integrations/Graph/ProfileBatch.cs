using System.Net;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;

namespace ExpertBot.Integrations.Graph;

/// <summary>
/// One JSON $batch of per-user requests (profile fields, mailbox settings: two steps per user).
/// Graph throttles steps one by one inside a 200 batch response, so throttled steps (429 with
/// their own Retry-After, 503, 504) are sent again in a smaller batch after the longest wait asked.
/// </summary>
internal sealed class ProfileBatch(GraphServiceClient graph, int maxRetries, TimeProvider time, ILogger logger)
{
    public Dictionary<string, User> Profiles { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, MailboxSettings> Mailboxes { get; } = new(StringComparer.OrdinalIgnoreCase);

    public async Task<ProfileBatch> FetchAsync(IReadOnlyList<string> userIds, CancellationToken ct)
    {
        var steps = new Dictionary<string, (string UserId, bool Mailbox, RequestInformation Request)>();
        for (var i = 0; i < userIds.Count; i++)
        {
            var id = userIds[i];
            steps[$"p{i}"] = (id, false, graph.Users[id].ToGetRequestInformation(r => r.QueryParameters.Select = GraphUserMapping.ProfileFields));
            steps[$"m{i}"] = (id, true, graph.Users[id].MailboxSettings.ToGetRequestInformation());
        }
        for (var attempt = 0; steps.Count > 0; attempt++)
        {
            var batch = new BatchRequestContentCollection(graph); // at most 20 steps: one HTTP batch
            foreach (var (stepId, step) in steps)
            {
                await batch.AddBatchRequestStepAsync(step.Request, stepId);
            }
            var response = await graph.Batch.PostAsync(batch, ct);
            var statuses = await response.GetResponsesStatusCodesAsync();
            var wait = TimeSpan.Zero;
            foreach (var (stepId, step) in steps.ToList())
            {
                if (!statuses.TryGetValue(stepId, out var status))
                {
                    continue; // not answered: ask again
                }
                if (GraphThrottlingHandler.IsTransient(status))
                {
                    using var throttled = await response.GetResponseByIdAsync(stepId);
                    var delay = GraphThrottlingHandler.RetryDelay(throttled.Headers.RetryAfter, attempt, time.GetUtcNow());
                    wait = delay > wait ? delay : wait;
                    continue;
                }
                steps.Remove(stepId);
                if (status == HttpStatusCode.OK)
                {
                    if (step.Mailbox)
                    {
                        Mailboxes[step.UserId] = await response.GetResponseByIdAsync<MailboxSettings>(stepId);
                    }
                    else
                    {
                        Profiles[step.UserId] = await response.GetResponseByIdAsync<User>(stepId);
                    }
                }
                else if (status is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
                {
                    // No mailbox (MailboxNotEnabledForRESTAPI), no profile, or deleted since the listing:
                    // nothing to add, and nothing a retry would change.
                    Log.StepFailed(logger, step.UserId, (int)status);
                }
                else
                {
                    throw new GraphSyncException($"Batch step for user {step.UserId} failed with {(int)status}.");
                }
            }
            if (steps.Count > 0)
            {
                if (attempt >= maxRetries)
                {
                    throw new GraphSyncException($"{steps.Count} batch step(s) still throttled after {maxRetries} retries.");
                }
                await Task.Delay(wait, time, ct);
            }
        }
        return this;
    }
}
