#!/usr/bin/env python3
"""Draws ExpertBot's Teams app icons with nothing but the Python standard library.

    python3 manifest/icons/draw-icons.py        # rewrites manifest/color.png and manifest/outline.png

No image library is available to the build, so the shapes are signed-distance functions and each
pixel's coverage is the share of 5x5 sub-samples inside a shape (anti-aliasing). The output is
deterministic: running it again yields byte-identical files, so a diff of the PNGs means the drawing
changed.

color.png   192x192: a white speech bubble with an amber lightbulb (an idea, an answer) on ExpertBot's
            indigo, the accentColor in manifest.json. Teams shows it in the store and app bar.
outline.png 32x32: the same bubble and bulb as white strokes on transparency. Teams tints it itself, so
            every pixel is white and only alpha varies (Teams rejects other colours there).
"""
import math
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
MANIFEST = os.path.dirname(HERE)

INDIGO = (0x46, 0x4E, 0xB8)      # keep equal to accentColor in manifest.json
WHITE = (0xFF, 0xFF, 0xFF)
AMBER = (0xFF, 0xB9, 0x00)
DEEP = (0x2B, 0x30, 0x7A)        # bulb screw: a darker indigo so it reads on white

SUB = 5                          # sub-samples per axis


# ---- signed distances (negative inside), in pixels --------------------------------------------

def rounded_box(x, y, left, top, right, bottom, radius):
    cx, cy = (left + right) / 2, (top + bottom) / 2
    hx, hy = (right - left) / 2 - radius, (bottom - top) / 2 - radius
    qx, qy = abs(x - cx) - hx, abs(y - cy) - hy
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    return outside + min(max(qx, qy), 0.0) - radius


def circle(x, y, cx, cy, r):
    return math.hypot(x - cx, y - cy) - r


def segment(x, y, ax, ay, bx, by, half_width):
    """A capsule: the segment a-b thickened to half_width, with round ends."""
    px, py, dx, dy = x - ax, y - ay, bx - ax, by - ay
    t = max(0.0, min(1.0, (px * dx + py * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - t * dx, py - t * dy) - half_width


def convex_polygon(x, y, points):
    """Exact distance to a convex polygon given clockwise in screen coordinates (y down)."""
    inside = True
    best = float("inf")
    n = len(points)
    for i in range(n):
        ax, ay = points[i]
        bx, by = points[(i + 1) % n]
        ex, ey = bx - ax, by - ay
        wx, wy = x - ax, y - ay
        t = max(0.0, min(1.0, (wx * ex + wy * ey) / (ex * ex + ey * ey)))
        best = min(best, math.hypot(wx - t * ex, wy - t * ey))
        if ex * wy - ey * wx < 0:
            inside = False
    return -best if inside else best


# ---- raster -------------------------------------------------------------------------------------

def render(size, layers, background):
    """layers: (sdf(x, y) -> float, rgb) painted in order over background (rgba or None)."""
    rows = []
    offsets = [(i + 0.5) / SUB for i in range(SUB)]
    for py in range(size):
        row = bytearray()
        for px in range(size):
            r, g, b, a = background if background else (0, 0, 0, 0)
            r, g, b, a = r / 255, g / 255, b / 255, a / 255
            for sdf, rgb in layers:
                hits = sum(1 for oy in offsets for ox in offsets if sdf(px + ox, py + oy) <= 0)
                cover = hits / (SUB * SUB)
                if cover == 0:
                    continue
                # Straight-alpha "over": the layer is opaque, so its alpha is its coverage.
                out_a = cover + a * (1 - cover)
                mix = lambda top, under: (top / 255 * cover + under * a * (1 - cover)) / out_a
                r, g, b, a = mix(rgb[0], r), mix(rgb[1], g), mix(rgb[2], b), out_a
            row += bytes(round(c * 255) for c in (r, g, b, a))
        rows.append(bytes(row))
    return rows


def write_png(path, size, rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    # Colour type 6 (RGBA), 8 bits per channel; every row uses filter 0 (none).
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    raw = b"".join(b"\x00" + row for row in rows)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", header))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


# ---- the drawings ---------------------------------------------------------------------------------

def bubble(scale, inset=0.0):
    """The speech bubble (body plus tail at the lower left), drawn on a 192 grid and scaled."""
    s = scale
    body = (32 * s, 30 * s, 160 * s, 136 * s, 26 * s)
    tail = [(50 * s, 120 * s), (92 * s, 120 * s), (44 * s, 166 * s)]

    def sdf(x, y):
        d = min(rounded_box(x, y, *body), convex_polygon(x, y, tail))
        return d + inset
    return sdf


def bulb_glass(cx, cy, r, neck_top, neck_bottom, neck_half_top, neck_half_bottom):
    neck = [(cx - neck_half_top, neck_top), (cx + neck_half_top, neck_top),
            (cx + neck_half_bottom, neck_bottom), (cx - neck_half_bottom, neck_bottom)]
    return lambda x, y: min(circle(x, y, cx, cy, r), convex_polygon(x, y, neck))


def color_icon():
    cx, cy = 96, 74
    glass = bulb_glass(cx, cy, 23, 82, 100, 15, 10)
    # The screw: two rounded bands, the lower one narrower, like a bulb's cap.
    screw = lambda x, y: min(rounded_box(x, y, cx - 11, 102, cx + 11, 109, 3.5),
                             rounded_box(x, y, cx - 8, 111, cx + 8, 117, 3))
    rays = []
    for degrees in (-160, -125, -90, -55, -20):
        t = math.radians(degrees)
        a = (cx + 30 * math.cos(t), cy + 30 * math.sin(t))
        b = (cx + 38 * math.cos(t), cy + 38 * math.sin(t))
        rays.append((a, b))
    ray = lambda x, y: min(segment(x, y, *a, *b, 2.6) for a, b in rays)
    layers = [
        (bubble(1.0), WHITE),
        (glass, AMBER),
        (ray, AMBER),
        (screw, DEEP),
    ]
    return render(192, layers, INDIGO + (255,))


def outline_icon():
    s = 32 / 192
    outer, inner = bubble(s), bubble(s, inset=2.0)
    stroke = lambda x, y: max(outer(x, y), -inner(x, y))   # outer minus a 2 px inset: a 2 px line
    glass = bulb_glass(16, 11.6, 4.2, 13.5, 17.0, 2.6, 1.8)
    screw = lambda x, y: rounded_box(x, y, 14.2, 17.8, 17.8, 19.8, 0.9)
    return render(32, [(stroke, WHITE), (glass, WHITE), (screw, WHITE)], None)


if __name__ == "__main__":
    write_png(os.path.join(MANIFEST, "color.png"), 192, color_icon())
    write_png(os.path.join(MANIFEST, "outline.png"), 32, outline_icon())
    print("wrote", os.path.join(MANIFEST, "color.png"), "and", os.path.join(MANIFEST, "outline.png"))
