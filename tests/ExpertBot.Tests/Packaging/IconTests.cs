using System.Globalization;
using System.Text.Json.Nodes;
using static ExpertBot.Tests.Packaging.ManifestTools;

namespace ExpertBot.Tests.Packaging;

/// <summary>What Teams asks of the icons: color 192x192 full colour, outline 32x32 white on transparent.</summary>
public sealed class IconTests
{
    private static PngImage Load(string name) => PngImage.Decode(File.ReadAllBytes(Path.Combine(ManifestDir, name)));

    [Fact]
    public void Color_icon_is_192_square_full_colour_on_the_accent_colour()
    {
        var icon = Load("color.png");

        Assert.Equal((192, 192), (icon.Width, icon.Height));
        Assert.Equal(6, icon.ColorType);
        var pixels = icon.Pixels().ToList();
        Assert.All(pixels, p => Assert.Equal(255, p.A)); // Teams shows it on any background: no holes
        // Full colour: a good share of clearly saturated pixels in more than one hue, not a grey glyph.
        var saturated = pixels.Where(p => Math.Max(p.R, Math.Max(p.G, p.B)) - Math.Min(p.R, Math.Min(p.G, p.B)) > 100).ToList();
        Assert.InRange(saturated.Count, pixels.Count / 4, pixels.Count);
        Assert.Contains(saturated, p => p.B > p.R); // the indigo ground
        Assert.Contains(saturated, p => p.R > p.B); // the amber bulb
        Assert.Contains(pixels, p => p is { R: 255, G: 255, B: 255 }); // the white bubble
        Assert.True(pixels.Distinct().Count() > 50, "no anti-aliased edges: shapes look jagged");

        var accent = (string)JsonNode.Parse(File.ReadAllText(Path.Combine(ManifestDir, "manifest.json")))!["accentColor"]!;
        var corner = icon[0, 0];
        Assert.Equal(accent.ToUpperInvariant(), string.Create(CultureInfo.InvariantCulture, $"#{corner.R:X2}{corner.G:X2}{corner.B:X2}"));
    }

    [Fact]
    public void Outline_icon_is_32_square_white_on_transparent()
    {
        var icon = Load("outline.png");

        Assert.Equal((32, 32), (icon.Width, icon.Height));
        Assert.True(icon.HasAlphaChannel, $"colour type {icon.ColorType} has no alpha");
        var pixels = icon.Pixels().ToList();
        Assert.All(pixels.Where(p => p.A > 0), p => Assert.Equal((255, 255, 255), (p.R, p.G, p.B)));
        Assert.Equal(0, icon[0, 0].A);
        Assert.Equal(0, icon[31, 31].A);
        var transparent = pixels.Count(p => p.A == 0);
        Assert.InRange(transparent, pixels.Count / 3, pixels.Count * 9 / 10); // a glyph, neither empty nor a filled square
        Assert.Contains(pixels, p => p.A == 255);
        Assert.Contains(pixels, p => p.A is > 0 and < 255); // anti-aliased edges
    }
}
