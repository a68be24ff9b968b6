using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace ExpertBot.Tests.Auth;

/// <summary>An RSA key generated for the test, published (or not) in a fake JWKS.</summary>
internal sealed class TestKey(string kid, params string[] endorsements)
{
    public string Kid { get; } = kid;
    public RSA Rsa { get; } = RSA.Create(2048);
    public string[] Endorsements { get; } = endorsements;

    /// <summary>The JWK as the Bot Framework publishes it (kty/use/kid/n/e plus endorsements); Entra keys have none.</summary>
    public JsonObject ToJwk()
    {
        var p = Rsa.ExportParameters(includePrivateParameters: false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = Kid,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus!),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent!),
        };
        if (Endorsements.Length > 0)
        {
            jwk["endorsements"] = new JsonArray([.. Endorsements.Select(e => (JsonNode)e)]);
        }
        return jwk;
    }
}
