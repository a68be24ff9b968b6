using System.Buffers;

namespace ExpertBot.Features.Messaging;

/// <summary>
/// Reads a request body into a pooled buffer: every activity passes through here, and a fresh buffer (plus its
/// copies) per request is garbage the collector then has to chase at thousands of activities per second.
/// </summary>
internal static class BodyReader
{
    private const int DefaultSize = 4 * 1024;

    /// <summary>
    /// Reads at most <paramref name="limit"/> bytes; null when the body is larger (chunked bodies have no length, so
    /// the limit is checked as bytes arrive). Dispose the result to return its buffer.
    /// </summary>
    public static async Task<PooledBody?> ReadAsync(Stream body, long? contentLength, int limit, CancellationToken ct)
    {
        // One byte beyond the length: the read that reports the end needs room, and a lying length shows up as overflow.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(contentLength + 1 ?? DefaultSize, limit + 1L));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    // Grown up to limit + 1 at most, so an oversized body is noticed without reading all of it.
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, limit + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await body.ReadAsync(buffer.AsMemory(length), ct);
                if (read == 0)
                {
                    var result = new PooledBody(buffer, length);
                    buffer = null;
                    return result;
                }
                length += read;
                if (length > limit)
                {
                    return null;
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}

/// <summary>A body read into a rented buffer; <see cref="Dispose"/> gives the buffer back (use it no more after).</summary>
internal sealed class PooledBody(byte[] buffer, int length) : IDisposable
{
    private byte[]? _buffer = buffer;

    public ReadOnlyMemory<byte> Memory => (_buffer ?? throw new ObjectDisposedException(nameof(PooledBody))).AsMemory(0, length);

    public void Dispose()
    {
        if (_buffer is { } rented)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
