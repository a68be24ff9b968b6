using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ExpertBot.Integrations.Crm;

/// <summary>
/// What an idempotency key becomes in a CRM. Systems with client-chosen record ids (Dataverse) get a GUID derived from
/// the key; systems without get a marker written into the record and looked for before writing again.
/// </summary>
internal static partial class IdempotencyMarker
{
    /// <summary>
    /// The key as it appears in markers: a GUID key as it is (readable when someone looks at the note), anything else as
    /// 32 hex digits of its SHA-256. Both have a fixed length and shape, so one marker is never a prefix of another and
    /// no CRM query language (SOQL LIKE, ServiceNow encoded queries) finds a special character in it.
    /// </summary>
    public static string Token(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return Guid.TryParseExact(key, "D", out var guid)
            ? guid.ToString("D")
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
    }

    /// <summary>The marker written at the end of a note: <c>[expertbot:TOKEN]</c>.</summary>
    public static string Marker(string key) => $"[expertbot:{Token(key)}]";

    /// <summary>The marker of part <paramref name="part"/> of <paramref name="parts"/>: <c>[expertbot:TOKEN part 2/3]</c>.</summary>
    public static string PartMarker(string key, int part, int parts) =>
        parts == 1 ? Marker(key) : $"[expertbot:{Token(key)} part {part}/{parts}]";

    /// <summary>
    /// A GUID fixed by (purpose, key): the same note key always names the same Dataverse record, and a note and an article
    /// written for one resolution under one key still get different ids. RFC 9562 version 8 (name-based, our own hash).
    /// </summary>
    public static Guid RecordId(string purpose, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"expertbot/{purpose}/{key}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>Whether <paramref name="text"/> carries the marker of <paramref name="key"/> (any part of it).</summary>
    public static bool IsIn(string? text, string key) => text is not null && text.Contains($"[expertbot:{Token(key)}", StringComparison.Ordinal);

    /// <summary>A URL-safe slug of a title, for systems that want a readable unique name (Salesforce UrlName).</summary>
    public static string Slug(string title, int maxLength)
    {
        var slug = NonSlug().Replace(title.ToLowerInvariant(), "-").Trim('-');
        return slug.Length <= maxLength ? slug : slug[..maxLength].TrimEnd('-');
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();
}
