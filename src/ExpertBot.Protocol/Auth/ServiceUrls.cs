namespace ExpertBot.Protocol.Auth;

/// <summary>Comparison of the token's <c>serviceurl</c> claim with the activity's <c>serviceUrl</c>.</summary>
public static class ServiceUrls
{
    /// <summary>
    /// Same scheme, host (case-insensitive, as DNS is), port and path (case-sensitive), ignoring one
    /// trailing slash: the Connector writes both from the same value but not always with the slash.
    /// Query and fragment must match too; service URLs carry none, so any difference is suspicious.
    /// </summary>
    public static bool Same(string? claim, string? activity)
    {
        if (!Uri.TryCreate(claim, UriKind.Absolute, out var a) || !Uri.TryCreate(activity, UriKind.Absolute, out var b))
        {
            return false;
        }
        return string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
            && a.Port == b.Port
            && string.Equals(WithoutTrailingSlash(a.AbsolutePath), WithoutTrailingSlash(b.AbsolutePath), StringComparison.Ordinal)
            && string.Equals(a.Query, b.Query, StringComparison.Ordinal)
            && string.Equals(a.Fragment, b.Fragment, StringComparison.Ordinal);
    }

    private static string WithoutTrailingSlash(string path) => path.EndsWith('/') ? path[..^1] : path;
}
