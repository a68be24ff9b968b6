using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace ExpertBot.Tests.Auth;

/// <summary>
/// Builds compact JWTs by hand (header.payload.signature) so tests can produce exactly the broken
/// tokens an attacker would: no signature, wrong algorithm, missing claims, tampered payloads.
/// </summary>
internal static class TestJwt
{
    public const string BotConnectorIssuer = "https://api.botframework.com";

    public static long Epoch(DateTimeOffset time) => time.ToUnixTimeSeconds();

    /// <summary>Claims of a Bot Connector token as it sends them to a bot.</summary>
    public static JsonObject BotConnectorClaims(string audience, string serviceUrl, DateTimeOffset now) => new()
    {
        ["serviceurl"] = serviceUrl,
        ["nbf"] = Epoch(now.AddMinutes(-1)),
        ["exp"] = Epoch(now.AddMinutes(59)),
        ["iss"] = BotConnectorIssuer,
        ["aud"] = audience,
    };

    /// <summary>Claims of an Entra access token for the bot (v2 uses azp, v1 appid).</summary>
    public static JsonObject EntraClaims(string issuer, string audience, string tenantId, DateTimeOffset now, bool v1 = false)
    {
        var claims = new JsonObject
        {
            ["aud"] = audience,
            ["iss"] = issuer,
            ["iat"] = Epoch(now.AddMinutes(-1)),
            ["nbf"] = Epoch(now.AddMinutes(-1)),
            ["exp"] = Epoch(now.AddMinutes(59)),
            ["tid"] = tenantId,
            ["ver"] = v1 ? "1.0" : "2.0",
        };
        claims[v1 ? "appid" : "azp"] = "d6d49420-f39b-4df7-a1dc-d59a935871db";
        return claims;
    }

    public static string Sign(TestKey key, JsonObject claims, string alg = "RS256", string? kid = null) =>
        Sign(key.Rsa, kid ?? key.Kid, claims, alg);

    public static string Sign(RSA rsa, string? kid, JsonObject claims, string alg = "RS256")
    {
        var header = new JsonObject { ["alg"] = alg, ["typ"] = "JWT" };
        if (kid is not null)
        {
            header["kid"] = kid;
        }
        var hash = alg switch
        {
            "RS384" => HashAlgorithmName.SHA384,
            "RS512" => HashAlgorithmName.SHA512,
            _ => HashAlgorithmName.SHA256,
        };
        return Compose(header, claims, data => rsa.SignData(data, hash, RSASignaturePadding.Pkcs1));
    }

    public static string Compose(JsonObject header, JsonObject claims, Func<byte[], byte[]>? sign)
    {
        var signingInput = $"{Encode(header)}.{Encode(claims)}";
        var signature = sign is null ? string.Empty : Base64UrlEncoder.Encode(sign(Encoding.ASCII.GetBytes(signingInput)));
        return $"{signingInput}.{signature}";
    }

    /// <summary>Replaces the payload of a signed token, keeping header and signature.</summary>
    public static string WithPayload(string token, JsonObject claims)
    {
        var parts = token.Split('.');
        return $"{parts[0]}.{Encode(claims)}.{parts[2]}";
    }

    private static string Encode(JsonNode node) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(node.ToJsonString()));
}
