using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace ExpertBot.Protocol.Auth;

/// <summary>
/// The signing keys behind one OpenID metadata document (metadata -> <c>jwks_uri</c> -> keys), cached
/// and refreshed on a schedule and when a token names a kid we do not know (keys were rolled),
/// never more often than <see cref="KeyRefreshPolicy"/> allows. After a failed refresh the last good
/// keys stay in use: they were valid, and refusing all traffic over a metadata hiccup helps nobody.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "Lives as long as the validator that owns it, i.e. the process; its SemaphoreSlim never creates a wait handle (AvailableWaitHandle is not used), so there is nothing to release.")]
internal sealed class OpenIdSigningKeys(Uri metadataUrl, Func<HttpClient> httpClients, TimeProvider time, KeyRefreshPolicy policy)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile KeySnapshot? _snapshot;

    // Written and read only under _gate.
    private DateTimeOffset _nextFetchAllowed = DateTimeOffset.MinValue;

    /// <summary>Why the last fetch failed, for the log; null after a success.</summary>
    public string? LastError { get; private set; }

    public async Task<KeyLookup> FindAsync(string kid, CancellationToken ct)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && snapshot.Keys.TryGetValue(kid, out var known) && !IsDue(snapshot))
        {
            return new KeyLookup(known, false);
        }
        await _gate.WaitAsync(ct);
        try
        {
            // Another request may have refreshed while this one waited.
            snapshot = _snapshot;
            var needed = snapshot is null || !snapshot.Keys.ContainsKey(kid) || IsDue(snapshot);
            if (needed && time.GetUtcNow() >= _nextFetchAllowed)
            {
                snapshot = await RefreshAsync(ct) ?? snapshot;
            }
        }
        finally
        {
            _gate.Release();
        }
        if (snapshot is null)
        {
            return KeyLookup.NoKeys;
        }
        return snapshot.Keys.TryGetValue(kid, out var key) ? new KeyLookup(key, false) : KeyLookup.NotFound;
    }

    private bool IsDue(KeySnapshot snapshot) => time.GetUtcNow() - snapshot.FetchedAt >= policy.Interval;

    private async Task<KeySnapshot?> RefreshAsync(CancellationToken ct)
    {
        try
        {
            var keys = await FetchAsync(ct);
            var now = time.GetUtcNow();
            var snapshot = new KeySnapshot(keys, now);
            _snapshot = snapshot;
            _nextFetchAllowed = now + policy.UnknownKeyInterval;
            LastError = null;
            return snapshot;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidDataException or ArgumentException
                                       || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            _nextFetchAllowed = time.GetUtcNow() + policy.RetryAfterFailure;
            LastError = $"{ex.GetType().Name}: {ex.Message}";
            return null;
        }
    }

    private async Task<Dictionary<string, SigningKey>> FetchAsync(CancellationToken ct)
    {
        var http = httpClients();
        string? jwksUri;
        using (var metadata = JsonDocument.Parse(await http.GetStringAsync(metadataUrl, ct)))
        {
            jwksUri = metadata.RootElement.ValueKind == JsonValueKind.Object
                      && metadata.RootElement.TryGetProperty("jwks_uri", out var value)
                      && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        // The metadata document names the key URL; it gets the same transport rule as the metadata URL.
        if (!Uri.TryCreate(jwksUri, UriKind.Absolute, out var jwks) || !BotAuthSettings.IsAcceptableKeyUrl(jwks))
        {
            throw new InvalidDataException("The OpenID metadata has no usable https jwks_uri.");
        }
        using var document = JsonDocument.Parse(await http.GetStringAsync(jwks, ct));
        var keys = Parse(document.RootElement);
        return keys.Count == 0 ? throw new InvalidDataException("The JWKS contains no RSA signing keys.") : keys;
    }

    private static Dictionary<string, SigningKey> Parse(JsonElement jwks)
    {
        var keys = new Dictionary<string, SigningKey>(StringComparer.Ordinal);
        if (jwks.ValueKind != JsonValueKind.Object || !jwks.TryGetProperty("keys", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("The JWKS has no \"keys\" array.");
        }
        foreach (var element in array.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            var jwk = new JsonWebKey(element.GetRawText());
            // Only RSA signing keys with a kid and a public modulus: tokens are RS* only and name their key.
            if (jwk.Kty != JsonWebAlgorithmsKeyTypes.RSA || string.IsNullOrEmpty(jwk.Kid) || string.IsNullOrEmpty(jwk.N)
                || string.IsNullOrEmpty(jwk.E) || (jwk.Use is { Length: > 0 } use && use != "sig"))
            {
                continue;
            }
            keys[jwk.Kid] = new SigningKey(jwk.Kid, jwk, Endorsements(element));
        }
        return keys;
    }

    private static string[] Endorsements(JsonElement key) =>
        key.TryGetProperty("endorsements", out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
            : [];

    private sealed record KeySnapshot(IReadOnlyDictionary<string, SigningKey> Keys, DateTimeOffset FetchedAt);
}
