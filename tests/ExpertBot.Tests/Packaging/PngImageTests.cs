using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ExpertBot.Tests.Packaging;

/// <summary>The test decoder itself: every scanline filter, and corruption caught by the CRC.</summary>
public sealed class PngImageTests
{
    // 2x5 RGBA, one row per filter type 0..4, values chosen so each filter's predictor matters.
    private static readonly byte[][] Rows =
    [
        [10, 20, 30, 255, 200, 100, 50, 128],
        [11, 22, 33, 0, 250, 5, 60, 129],
        [90, 80, 70, 60, 1, 2, 3, 4],
        [255, 0, 128, 64, 32, 16, 8, 4],
        [7, 77, 177, 250, 100, 200, 150, 50],
    ];

    [Fact]
    public void Undoes_every_scanline_filter()
    {
        var image = PngImage.Decode(Encode(Rows));

        Assert.Equal((2, 5, (byte)6), (image.Width, image.Height, image.ColorType));
        for (var y = 0; y < Rows.Length; y++)
        {
            for (var x = 0; x < 2; x++)
            {
                var r = Rows[y].AsSpan(x * 4, 4);
                Assert.Equal((r[0], r[1], r[2], r[3]), image[x, y]);
            }
        }
    }

    [Fact]
    public void Rejects_a_corrupted_chunk()
    {
        var png = Encode(Rows);
        png[20] ^= 0x01; // inside IHDR's data

        Assert.Throws<InvalidDataException>(() => PngImage.Decode(png));
    }

    /// <summary>Row y is written with filter type y (0 none, 1 sub, 2 up, 3 average, 4 Paeth), as the PNG spec defines them.</summary>
    private static byte[] Encode(byte[][] rows)
    {
        const int Bpp = 4;
        using var raw = new MemoryStream();
        var previous = new byte[rows[0].Length];
        for (var y = 0; y < rows.Length; y++)
        {
            var row = rows[y];
            raw.WriteByte((byte)y);
            for (var i = 0; i < row.Length; i++)
            {
                int left = i >= Bpp ? row[i - Bpp] : 0, up = previous[i], upLeft = i >= Bpp ? previous[i - Bpp] : 0;
                var predictor = y switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    _ => PaethReference(left, up, upLeft),
                };
                raw.WriteByte((byte)(row[i] - predictor));
            }
            previous = row;
        }
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw.ToArray());
        }

        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)(rows[0].Length / Bpp));
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)rows.Length);
        header[8] = 8;
        header[9] = 6;
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    // Written from the spec's pseudo-code independently of the decoder's version.
    private static int PaethReference(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc)
        {
            return a;
        }
        return pb <= pc ? b : c;
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(number, (uint)data.Length);
        png.Write(number);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(number, PngImage.Crc(typed));
        png.Write(number);
    }
}
