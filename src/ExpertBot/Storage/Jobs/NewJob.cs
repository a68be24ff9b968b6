using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ExpertBot.Storage.Jobs;

/// <summary>A job to enqueue. <paramref name="DedupKey"/> makes enqueueing idempotent: a second job with the same key is ignored.</summary>
internal sealed record NewJob(string Kind, string DedupKey, string Payload)
{
    /// <summary>Jobs with the same ordering key run in enqueue order when claimed together.</summary>
    public string? OrderingKey { get; init; }

    /// <summary>Interactive for work someone is waiting on (a turn); everything else runs in the background lane.</summary>
    public JobLane Lane { get; init; } = JobLane.Background;

    /// <summary>Earliest time to run; null = now.</summary>
    public DateTimeOffset? RunAfter { get; init; }

    public static NewJob Json<T>(string kind, string dedupKey, T payload) =>
        new(kind, dedupKey, JsonSerializer.Serialize(payload, JsonSerializerOptions.Web));

    /// <summary>A dedup or ordering key from parts; hashed when too long for the column, so any input fits.</summary>
    public static string Key(params ReadOnlySpan<string?> parts)
    {
        var key = string.Join('|', parts);
        return key.Length <= JobConfiguration.KeyLength
            ? key
            : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>Throws a clear error for a job that could never be stored or run.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Kind) || Kind.Length > 100)
        {
            throw new ArgumentException("A job kind must be 1 to 100 characters.", nameof(Kind));
        }
        if (string.IsNullOrEmpty(DedupKey) || DedupKey.Length > JobConfiguration.KeyLength)
        {
            throw new ArgumentException($"A job dedup key must be 1 to {JobConfiguration.KeyLength} characters (use NewJob.Key to hash long ones).", nameof(DedupKey));
        }
        if (OrderingKey is { Length: > JobConfiguration.KeyLength })
        {
            throw new ArgumentException($"A job ordering key must be at most {JobConfiguration.KeyLength} characters.", nameof(OrderingKey));
        }
        ArgumentNullException.ThrowIfNull(Payload);
    }
}

/// <summary>A claimed job as its handler sees it. <see cref="Attempt"/> is 1 on the first run.</summary>
internal sealed record JobContext(long Id, string Kind, string DedupKey, string Payload, string? OrderingKey, int Attempt)
{
    public JobLane Lane { get; init; } = JobLane.Background;

    /// <summary>Its kind's most attempts: on the last one (<see cref="IsLastAttempt"/>) a failure dead-letters it.</summary>
    public int MaxAttempts { get; init; } = int.MaxValue;

    public bool IsLastAttempt => Attempt >= MaxAttempts;

    public T? PayloadAs<T>() => JsonSerializer.Deserialize<T>(Payload, JsonSerializerOptions.Web);
}
