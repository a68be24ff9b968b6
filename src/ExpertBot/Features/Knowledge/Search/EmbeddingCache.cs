using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace ExpertBot.Features.Knowledge.Search;

/// <summary>
/// Vectors computed once per embedded text and model, kept in one append-only file per model under the app's data folder,
/// so a restart does not embed the knowledge base again. Not a database table:
/// vectors are derived data, large, and specific to one model; deleting the folder only costs re-embedding.
/// A record is the first 16 bytes of SHA-256 over the embedded text, then the vector as little-endian float32. Only the
/// key and the record's offset stay in memory; vectors are read back when a document is indexed. Several caches in one
/// process may share a file (test hosts do): appends are serialised per file and always go to its current end. Two
/// processes should not append to one file at the same time; give each instance its own data folder.
/// </summary>
internal sealed class EmbeddingCache : IDisposable
{
    private const int KeyBytes = 16;
    private static readonly byte[] Magic = "EBVEC1\n"u8.ToArray();
    private readonly Dictionary<UInt128, long> _offsets = [];
    private static readonly ConcurrentDictionary<string, Lock> FileGates = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly FileStream? _file;
    private readonly Lock _fileGate = new();
    private readonly int _recordBytes;
    private long _hits;
    private long _misses;

    /// <summary>Opens (or creates) the cache of <paramref name="modelId"/> in <paramref name="folder"/>; null folder keeps nothing.</summary>
    public EmbeddingCache(string? folder, string modelId, int dimensions)
    {
        ModelId = modelId;
        Dimensions = dimensions;
        _recordBytes = KeyBytes + dimensions * sizeof(float);
        if (folder is null)
        {
            return;
        }
        Directory.CreateDirectory(folder);
        Path = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, FileName(modelId)));
        _fileGate = FileGates.GetOrAdd(Path, _ => new Lock());
        lock (_fileGate)
        {
            _file = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 1, FileOptions.RandomAccess);
            var header = Header(modelId, dimensions);
            if (RandomAccess.GetLength(_file.SafeFileHandle) == 0)
            {
                RandomAccess.Write(_file.SafeFileHandle, header, 0);
            }
            else
            {
                LoadIndex(header);
            }
        }
    }

    public string ModelId { get; }

    public int Dimensions { get; }

    public string? Path { get; }

    public int Count
    {
        get { lock (_gate) { return _offsets.Count; } }
    }

    /// <summary>Texts found in the cache since it was opened.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Texts looked up and not found (each one then had to be embedded).</summary>
    public long Misses => Interlocked.Read(ref _misses);

    public static UInt128 Key(string text)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        var rented = length <= 4096 ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        Span<byte> utf8 = rented ?? stackalloc byte[4096];
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(text, utf8)], hash);
        if (rented is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
        return BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }

    /// <summary>The stored vector of <paramref name="key"/>, or false (counted as a miss).</summary>
    public bool TryGet(UInt128 key, out float[] vector)
    {
        vector = new float[Dimensions];
        if (TryGet(key, vector))
        {
            return true;
        }
        vector = [];
        return false;
    }

    /// <summary>Reads the stored vector of <paramref name="key"/> into <paramref name="destination"/> (Dimensions long), or false.</summary>
    public bool TryGet(UInt128 key, Span<float> destination)
    {
        long offset;
        lock (_gate)
        {
            if (!_offsets.TryGetValue(key, out offset))
            {
                Interlocked.Increment(ref _misses);
                return false;
            }
        }
        var vector = destination[..Dimensions];
        RandomAccess.Read(_file!.SafeFileHandle, MemoryMarshal.AsBytes(vector), offset + KeyBytes);
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(vector), MemoryMarshal.Cast<float, int>(vector));
        }
        Interlocked.Increment(ref _hits);
        return true;
    }

    /// <summary>Appends vectors not stored yet. One write per call, so a crash leaves at most one short record at the end.</summary>
    public void Add(IReadOnlyList<(UInt128 Key, float[] Vector)> entries)
    {
        if (_file is null || entries.Count == 0)
        {
            return;
        }
        lock (_fileGate)
        lock (_gate)
        {
            var fresh = entries.Where(e => !_offsets.ContainsKey(e.Key)).DistinctBy(e => e.Key).ToArray();
            if (fresh.Length == 0)
            {
                return;
            }
            var buffer = new byte[fresh.Length * _recordBytes];
            for (var i = 0; i < fresh.Length; i++)
            {
                var record = buffer.AsSpan(i * _recordBytes, _recordBytes);
                if (fresh[i].Vector.Length != Dimensions)
                {
                    throw new ArgumentException($"A {fresh[i].Vector.Length}-dimensional vector for a {Dimensions}-dimensional model.", nameof(entries));
                }
                BinaryPrimitives.WriteUInt128LittleEndian(record, fresh[i].Key);
                var floats = MemoryMarshal.Cast<byte, float>(record[KeyBytes..]);
                fresh[i].Vector.CopyTo(floats);
                if (!BitConverter.IsLittleEndian)
                {
                    BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(floats), MemoryMarshal.Cast<float, int>(floats));
                }
            }
            // The end as the file has it now: another cache in this process may have appended since.
            var at = RandomAccess.GetLength(_file.SafeFileHandle);
            RandomAccess.Write(_file.SafeFileHandle, buffer, at);
            for (var i = 0; i < fresh.Length; i++)
            {
                _offsets[fresh[i].Key] = at + (long)i * _recordBytes;
            }
        }
    }

    private void LoadIndex(byte[] header)
    {
        var found = new byte[header.Length];
        if (RandomAccess.Read(_file!.SafeFileHandle, found, 0) != header.Length || !found.AsSpan().SequenceEqual(header))
        {
            throw new InvalidDataException($"{Path} is not a vector cache of {ModelId} ({Dimensions} dimensions); delete it to start over.");
        }
        // Read the keys only, in large sequential blocks: the vectors stay on disk until a document asks for them.
        var length = RandomAccess.GetLength(_file.SafeFileHandle);
        var records = (length - header.Length) / _recordBytes;
        const int perBlock = 4096;
        var block = new byte[perBlock * _recordBytes];
        for (long first = 0; first < records; first += perBlock)
        {
            var count = (int)Math.Min(perBlock, records - first);
            var offset = header.Length + first * _recordBytes;
            var read = RandomAccess.Read(_file.SafeFileHandle, block.AsSpan(0, count * _recordBytes), offset);
            for (var i = 0; i < count && (i + 1) * _recordBytes <= read; i++)
            {
                _offsets[BinaryPrimitives.ReadUInt128LittleEndian(block.AsSpan(i * _recordBytes, KeyBytes))] = offset + (long)i * _recordBytes;
            }
        }
        // A crash during an append can leave a short last record: it is ignored and written over by the next append.
        if (length != header.Length + records * _recordBytes)
        {
            _file.SetLength(header.Length + records * _recordBytes);
        }
    }

    private static byte[] Header(string modelId, int dimensions) =>
        [.. Magic, .. Encoding.UTF8.GetBytes($"{modelId}\n{dimensions}\n")];

    private static string FileName(string modelId)
    {
        var safe = new string(modelId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_').ToArray());
        return $"{safe}.vectors";
    }

    public void Dispose() => _file?.Dispose();
}
