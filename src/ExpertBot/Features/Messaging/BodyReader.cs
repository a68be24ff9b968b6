namespace ExpertBot.Features.Messaging;

internal static class BodyReader
{
    /// <summary>Reads at most <paramref name="limit"/> bytes; null when the body is larger (chunked bodies have no length).</summary>
    public static async Task<byte[]?> ReadAsync(Stream body, int limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
