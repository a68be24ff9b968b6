using System.Security.Cryptography;
using System.Text;

namespace ExpertBot.Integrations.Crm.Webhook;

/// <summary>
/// The webhook signature: <c>sha256=</c> and the lowercase hex HMAC-SHA256, keyed with the shared secret, of
/// <c>{timestamp}.{body}</c>, where the timestamp is the X-ExpertBot-Timestamp header (Unix seconds) and the body the
/// raw bytes sent. Signing the timestamp lets a receiver refuse old requests replayed at it (docs/crm-connectors.md).
/// </summary>
internal static class WebhookSignature
{
    public const string TimestampHeader = "X-ExpertBot-Timestamp";
    public const string SignatureHeader = "X-ExpertBot-Signature";
    public const string DeliveryHeader = "X-ExpertBot-Delivery";
    public const string EventHeader = "X-ExpertBot-Event";

    public static string Sign(string secret, long timestamp, byte[] body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{timestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed, prefix.Length);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
