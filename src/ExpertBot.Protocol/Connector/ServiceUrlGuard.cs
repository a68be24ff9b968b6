namespace ExpertBot.Protocol.Connector;

/// <summary>
/// SSRF guard: a serviceUrl comes from the inbound activity, so it decides where our bot token goes.
/// Only https to trusted Bot Connector hosts is allowed; loopback (Playground, tests) only with auth off,
/// where no token exists to leak.
/// </summary>
public static class ServiceUrlGuard
{
    /// <summary>The service URL as a base URI ending in '/', or an <see cref="UntrustedServiceUrlException"/>.</summary>
    public static Uri Check(string? serviceUrl, IReadOnlyList<string> trustedHosts, bool authEnabled)
    {
        if (string.IsNullOrWhiteSpace(serviceUrl) || !Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new UntrustedServiceUrlException($"Service URL '{serviceUrl}' is not an absolute http(s) URL; nothing was sent.");
        }
        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new UntrustedServiceUrlException($"Service URL host '{uri.IdnHost}' carries user info, a query or a fragment; nothing was sent.");
        }
        if (uri.IsLoopback)
        {
            if (authEnabled)
            {
                throw new UntrustedServiceUrlException(
                    $"Service URL host '{uri.IdnHost}' is loopback, allowed only when authentication is off (no MicrosoftAppId); nothing was sent.");
            }
            return AsBase(uri);
        }
        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new UntrustedServiceUrlException($"Service URL host '{uri.IdnHost}' is not https; nothing was sent.");
        }
        if (!trustedHosts.Any(pattern => Matches(uri.IdnHost, pattern)))
        {
            throw new UntrustedServiceUrlException(
                $"Service URL host '{uri.IdnHost}' is not in BotFramework:TrustedServiceUrlHosts; nothing was sent.");
        }
        return AsBase(uri);
    }

    /// <summary>"host.name" or "*.domain.name": a DNS name, no scheme, port, path or lone wildcard.</summary>
    public static bool IsValidHostPattern(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return false;
        }
        var host = pattern.StartsWith("*.", StringComparison.Ordinal) ? pattern[2..] : pattern;
        // A wildcard over a bare top-level domain ("*.com") would trust the whole internet's subdomains.
        if (pattern.StartsWith("*.", StringComparison.Ordinal) && !host.Contains('.', StringComparison.Ordinal))
        {
            return false;
        }
        return Uri.CheckHostName(host) == UriHostNameType.Dns && !host.Contains('*', StringComparison.Ordinal);
    }

    private static bool Matches(string host, string pattern)
    {
        if (pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            // "*.botframework.com" matches any subdomain, not the bare domain and not "evilbotframework.com".
            return host.Length > pattern.Length - 1 && host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase);
        }
        return string.Equals(host, pattern, StringComparison.OrdinalIgnoreCase);
    }

    private static Uri AsBase(Uri uri) =>
        uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/");
}

/// <summary>A service URL we refuse to call (SSRF guard). Nothing was sent and no token was acquired.</summary>
public sealed class UntrustedServiceUrlException(string message) : InvalidOperationException(message);
