"""Whether colours can be told apart: WCAG contrast, and palettes under colour-vision deficiencies.

Pure functions of hex colours (numpy only), used by the palette tests and usable by anyone
choosing colours:

    contrast_ratio("#0072B2", "#ffffff")        # 5.1: WCAG 2.1 relative-luminance ratio
    simulate("#D55E00", "deuteranopia")         # the colour as a deuteranope sees it (hex)
    smallest_difference(palette, "tritanopia")  # (delta E 2000, colour a, colour b) of the closest pair

Contrast follows WCAG 2.1 (1.4.3 text, 1.4.11 graphical objects: 3:1 for chart marks).
Colour vision is simulated with Machado, Oliveira and Fernandes (2009), "A Physiologically-based
Model for Simulation of Color Vision Deficiency", IEEE TVCG 15(6), at severity 1.0 (the
dichromacies), applied to linear RGB as the paper's matrices expect. Differences are CIEDE2000
(Sharma, Wu and Dalal 2005) in CIELAB under D65.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

# Machado et al. 2009, Table 1, severity 1.0; rows give linear R, G, B from linear R, G, B.
# fmt: off
MACHADO_2009 = {
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868],
         [0.114503, 0.786281, 0.099216],
         [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968],
         [0.280085, 0.672501, 0.047413],
         [-0.011820, 0.042940, 0.968881]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779],
         [-0.078411, 0.930809, 0.147602],
         [0.004733, 0.691367, 0.303900]]
    ),
}
# fmt: on
DEFICIENCIES = tuple(MACHADO_2009)
# sRGB (D65) linear RGB -> CIE XYZ, and the D65 white point.
_RGB_TO_XYZ = np.array(
    [[0.4124564, 0.3575761, 0.1804375],
     [0.2126729, 0.7151522, 0.0721750],
     [0.0193339, 0.1191920, 0.9503041]]
)  # fmt: skip
_WHITE = np.array([0.95047, 1.0, 1.08883])


def rgb(color: str) -> np.ndarray:
    """A "#rrggbb" (or "#rgb") colour as sRGB values in 0..1; raises ValueError otherwise."""
    text = color.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) != 6:
        raise ValueError(f"colour {color!r}: expected #rrggbb, got {len(text)} hex digits")
    return np.array([int(text[i : i + 2], 16) for i in (0, 2, 4)]) / 255.0


def to_hex(values: np.ndarray) -> str:
    """sRGB values in 0..1 (clipped) as "#rrggbb"."""
    clipped = np.clip(np.round(np.asarray(values) * 255), 0, 255).astype(int)
    return "#" + "".join(f"{v:02x}" for v in clipped)


def lighter(color: str, opacity: float = 0.45, background: str = "#ffffff") -> str:
    """`color` as it looks drawn at `opacity` over `background` (a solid, lighter tint)."""
    return to_hex(opacity * rgb(color) + (1 - opacity) * rgb(background))


def linear(srgb: np.ndarray) -> np.ndarray:
    """sRGB in 0..1 -> linear light (the IEC 61966-2-1 transfer function)."""
    srgb = np.asarray(srgb, dtype=float)
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def _gamma(values: np.ndarray) -> np.ndarray:
    values = np.clip(values, 0.0, 1.0)
    return np.where(values <= 0.0031308, 12.92 * values, 1.055 * values ** (1 / 2.4) - 0.055)


def relative_luminance(color: str) -> float:
    """WCAG 2.1 relative luminance (0 for black, 1 for white)."""
    r, g, b = linear(rgb(color))
    return float(0.2126 * r + 0.7152 * g + 0.0722 * b)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def simulate(color: str, deficiency: str) -> str:
    """`color` as seen with `deficiency` (a key of MACHADO_2009), or itself for "normal"."""
    if deficiency == "normal":
        return to_hex(rgb(color))
    if deficiency not in MACHADO_2009:
        raise ValueError(
            f"colour-vision deficiency {deficiency!r}: expected one of normal, "
            f"{', '.join(DEFICIENCIES)}"
        )
    return to_hex(_gamma(MACHADO_2009[deficiency] @ linear(rgb(color))))


def lab(color: str) -> np.ndarray:
    """CIELAB (D65) of an sRGB colour."""
    xyz = _RGB_TO_XYZ @ linear(rgb(color)) / _WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(first: str, second: str) -> float:
    """CIEDE2000 colour difference of two colours (about 2: just noticeable side by side)."""
    return ciede2000(lab(first), lab(second))


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> float:
    """CIEDE2000 difference of two CIELAB colours (Sharma, Wu and Dalal 2005)."""
    l1, a1, b1 = (float(v) for v in lab1)
    l2, a2, b2 = (float(v) for v in lab2)
    c_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_bar**7 / (c_bar**7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    dl, dc = l2 - l1, c2p - c1p
    dh = h2p - h1p
    if c1p * c2p == 0:
        dh = 0.0
    elif dh > 180:
        dh -= 360
    elif dh < -180:
        dh += 360
    big_dh = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    l_bar, c_bar_p = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * np.cos(np.radians(h_bar - 30))
        + 0.24 * np.cos(np.radians(2 * h_bar))
        + 0.32 * np.cos(np.radians(3 * h_bar + 6))
        - 0.20 * np.cos(np.radians(4 * h_bar - 63))
    )
    d_theta = 30 * np.exp(-(((h_bar - 275) / 25) ** 2))
    r_c = 2 * np.sqrt(c_bar_p**7 / (c_bar_p**7 + 25.0**7))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / np.sqrt(20 + (l_bar - 50) ** 2)
    s_c = 1 + 0.045 * c_bar_p
    s_h = 1 + 0.015 * c_bar_p * t
    r_t = -np.sin(np.radians(2 * d_theta)) * r_c
    return float(
        np.sqrt(
            (dl / s_l) ** 2
            + (dc / s_c) ** 2
            + (big_dh / s_h) ** 2
            + r_t * (dc / s_c) * (big_dh / s_h)
        )
    )


def smallest_difference(palette: list[str], deficiency: str = "normal") -> tuple[float, str, str]:
    """The closest pair of the palette's distinct colours as seen with `deficiency`:
    (CIEDE2000 difference, first colour, second colour); (inf, "", "") for fewer than two."""
    distinct = list(dict.fromkeys(c.lower() for c in palette))
    seen = {c: simulate(c, deficiency) for c in distinct}
    pairs = [(delta_e(seen[a], seen[b]), a, b) for a, b in combinations(distinct, 2)]
    return min(pairs, default=(float("inf"), "", ""))
