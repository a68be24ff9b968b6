namespace ExpertBot.Integrations.Crm;

internal static class CrmUrls
{
    /// <summary>Credentials only travel over https; plain http is allowed on loopback, for local fakes in tests.</summary>
    public static bool IsSecure(Uri? url) =>
        url is { IsAbsoluteUri: true } && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback));

    /// <summary>The root with exactly one trailing slash, so relative paths append instead of replacing the last segment.</summary>
    public static Uri Root(Uri url) => new(url.ToString().TrimEnd('/') + "/");
}
