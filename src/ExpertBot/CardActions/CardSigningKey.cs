using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using ExpertBot.Storage;
using Microsoft.Extensions.Options;

namespace ExpertBot.CardActions;

internal sealed class CardActionOptions
{
    public const string Section = "CardActions";

    /// <summary>
    /// Base64 key (at least 32 bytes) that signs card data. Empty: one is generated on first start and kept in the
    /// database (every instance on it shares it). Set it to rotate or to share one key across databases.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a click's answer is kept, so a redelivered invoke gets the same answer without acting again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromDays(1);

    public static bool IsValidKey(string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return true;
        }
        Span<byte> bytes = stackalloc byte[key.Length];
        return Convert.TryFromBase64String(key, bytes, out var written) && written >= 32;
    }
}

/// <summary>The key <see cref="CardSeal"/> signs with: configured, or generated once and stored. Loaded before traffic.</summary>
internal sealed class CardSigningKey(IOptions<CardActionOptions> options, ExpertBotDatabase database, TimeProvider time) : IHostedService
{
    private const string SecretName = "card-signing-key";
    private byte[]? _bytes;

    public byte[] Bytes => _bytes ?? throw new InvalidOperationException("The card signing key is read at start; the app has not started.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.SigningKey;
        var key = string.IsNullOrWhiteSpace(configured)
            ? await AppSecrets.GetOrCreateAsync(database, SecretName, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), time, cancellationToken)
            : configured;
        _bytes = Convert.FromBase64String(key);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
