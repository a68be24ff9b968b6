using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ExpertBot.Tests.Integrations.Crm;

/// <summary>
/// The verification recipe of docs/crm-connectors.md, written here from the documentation (not with ExpertBot's
/// signing code): HMAC-SHA256 of "{X-ExpertBot-Timestamp}.{raw body}" with the shared secret, "sha256=" and lowercase
/// hex, compared in constant time; timestamps more than five minutes from the receiver's clock are refused.
/// </summary>
internal static class WebhookRecipe
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static bool Verify(string secret, string? timestamp, string? signature, byte[] body, DateTimeOffset now)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || signature is null)
        {
            return false;
        }
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
        {
            return false;
        }
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = "sha256=" + Convert.ToHexString(hmac.ComputeHash([.. Encoding.UTF8.GetBytes(timestamp + "."), .. body])).ToLowerInvariant();
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }
}

/// <summary>
/// A receiver as the docs ask one to be: it refuses unsigned, altered or stale requests (401), processes each
/// X-ExpertBot-Delivery id once and answers a repeated one with 200 and <c>"duplicate": true</c>.
/// </summary>
internal sealed class WebhookReceiver(string secret, Func<DateTimeOffset> now) : CrmFake
{
    public Dictionary<string, JsonObject> Processed { get; } = [];

    protected override bool Authorized(FakeRequest request) =>
        WebhookRecipe.Verify(secret, request.Header("X-ExpertBot-Timestamp"), request.Header("X-ExpertBot-Signature"), Encoding.UTF8.GetBytes(request.Body), now());

    protected override FakeResponse Error(int status, string code, string message) =>
        new(status, new JsonObject { ["error"] = code, ["message"] = message });

    protected override FakeResponse Handle(FakeRequest request)
    {
        var delivery = request.Header("X-ExpertBot-Delivery");
        if (request.Method != "POST" || request.Path != "/hooks/expertbot" || delivery is null)
        {
            return Error(404, "not_found", "no such hook");
        }
        if (request.Json?["event"]?.GetValue<string>() != request.Header("X-ExpertBot-Event"))
        {
            return Error(400, "bad_event", "event header and body disagree");
        }
        var duplicate = Processed.ContainsKey(delivery);
        if (!duplicate)
        {
            Processed[delivery] = request.Json!.AsObject();
        }
        return new FakeResponse(200, new JsonObject { ["id"] = $"note-{delivery[..8]}", ["url"] = $"{BaseUrl}notes/{delivery}", ["duplicate"] = duplicate });
    }
}
