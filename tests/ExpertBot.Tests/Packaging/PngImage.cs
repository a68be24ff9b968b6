using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ExpertBot.Tests.Packaging;

/// <summary>
/// A minimal PNG decoder (8-bit greyscale/RGB/RGBA, non-interlaced): enough to check the icons Teams gets
/// without an image library. Verifies chunk CRCs and undoes all five scanline filters.
/// </summary>
internal sealed class PngImage
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    private readonly byte[] _pixels; // RGBA, row-major

    private PngImage(int width, int height, byte colorType, byte[] pixels)
    {
        Width = width;
        Height = height;
        ColorType = colorType;
        _pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>PNG colour type: 0 grey, 2 RGB, 4 grey+alpha, 6 RGBA.</summary>
    public byte ColorType { get; }

    public bool HasAlphaChannel => ColorType is 4 or 6;

    public (byte R, byte G, byte B, byte A) this[int x, int y]
    {
        get
        {
            var at = (y * Width + x) * 4;
            return (_pixels[at], _pixels[at + 1], _pixels[at + 2], _pixels[at + 3]);
        }
    }

    public IEnumerable<(byte R, byte G, byte B, byte A)> Pixels()
    {
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                yield return this[x, y];
            }
        }
    }

    public static PngImage Decode(byte[] file)
    {
        if (file.Length < 8 || !file.AsSpan(0, 8).SequenceEqual(Signature))
        {
            throw new InvalidDataException("not a PNG: bad signature");
        }
        int width = 0, height = 0;
        byte bitDepth = 0, colorType = 0, interlace = 0;
        using var idat = new MemoryStream();
        var at = 8;
        var ended = false;
        while (!ended)
        {
            var length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at)));
            var type = Encoding.ASCII.GetString(file, at + 4, 4);
            var data = file.AsSpan(at + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at + 8 + length));
            if (crc != Crc(file.AsSpan(at + 4, 4 + length)))
            {
                throw new InvalidDataException($"PNG chunk {type}: CRC mismatch");
            }
            switch (type)
            {
                case "IHDR":
                    width = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
                    height = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                    (bitDepth, colorType, interlace) = (data[8], data[9], data[12]);
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                case "IEND":
                    ended = true;
                    break;
            }
            at += 12 + length;
        }
        if (bitDepth != 8 || interlace != 0 || colorType is not (0 or 2 or 4 or 6))
        {
            throw new NotSupportedException($"PNG bit depth {bitDepth}, colour type {colorType}, interlace {interlace} not supported here");
        }

        var channels = colorType switch { 0 => 1, 2 => 3, 4 => 2, _ => 4 };
        var stride = width * channels;
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }
        var raw = inflated.ToArray();
        if (raw.Length != height * (stride + 1))
        {
            throw new InvalidDataException($"PNG data is {raw.Length} bytes, expected {height * (stride + 1)}");
        }

        var previous = new byte[stride];
        var pixels = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var line = raw.AsSpan(y * (stride + 1) + 1, stride).ToArray();
            Unfilter(filter, line, previous, channels);
            for (var x = 0; x < width; x++)
            {
                var p = line.AsSpan(x * channels, channels);
                var rgba = channels switch
                {
                    1 => new[] { p[0], p[0], p[0], (byte)255 },
                    2 => [p[0], p[0], p[0], p[1]],
                    3 => [p[0], p[1], p[2], 255],
                    _ => [p[0], p[1], p[2], p[3]],
                };
                rgba.CopyTo(pixels, (y * width + x) * 4);
            }
            previous = line;
        }
        return new PngImage(width, height, colorType, pixels);
    }

    private static void Unfilter(byte filter, byte[] line, byte[] previous, int bpp)
    {
        for (var i = 0; i < line.Length; i++)
        {
            int left = i >= bpp ? line[i - bpp] : 0, up = previous[i], upLeft = i >= bpp ? previous[i - bpp] : 0;
            line[i] = (byte)(line[i] + filter switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (left + up) / 2,
                4 => Paeth(left, up, upLeft),
                _ => throw new InvalidDataException($"PNG filter type {filter}"),
            });
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    internal static uint Crc(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
            table[n] = c;
        }
        return table;
    }
}
