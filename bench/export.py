"""Chart export (coopstats.export): first and warm PNG, warm SVG and PDF, and the PPTX pack.

Timed on the bundled data with the map, the heaviest chart (the 50m base map is serialised
into every image). The first PNG starts the long-lived kaleido Chromium; warm ones reuse it.
The naive baseline is plotly's own `fig.to_image` (kaleido starting a browser per call). When
the export package, Chromium or kaleido is missing, each figure is recorded as not measured
with the reason. The calibration that bounds them, a warm PNG of a bare map through the same
kaleido server, is measured in the same process once the first PNG has started the browser, before the warm
figures it bounds.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from bench.calibration import kaleido_png
from bench.measure import Result, not_measured

ROOT = Path(__file__).resolve().parents[1]
FIGURES = [
    ("calibration.kaleido_png", None),
    ("export.png.first", None),
    ("export.png.warm", None),
    ("export.svg.warm", None),
    ("export.pdf.warm", None),
    ("export.pptx_pack", None),
]


def _seconds(call) -> tuple[float, object]:
    started = time.perf_counter()
    out = call()
    return time.perf_counter() - started, out


def measure() -> list[Result]:
    try:
        from coopstats.dataset import load_dataset
        from coopstats.export import outputs, pack
        from coopstats.export.images import find_chromium
    except ImportError as error:
        reason = f"coopstats.export is not available in this tree ({error})"
        return [not_measured(name, "s", reason, target=target) for name, target in FIGURES]
    if find_chromium() is None:
        reason = "no Chromium for kaleido (apt-get install chromium)"
        return [not_measured(name, "s", reason, target=target) for name, target in FIGURES]

    static = ROOT / "static"
    ds = load_dataset()
    request = outputs.Request(chart="map", exported="2026-01-01")
    prepared = outputs.prepare(ds, request)
    results: list[Result] = []

    def chart(fmt: str):
        return outputs.chart_file(ds, request, fmt, static, prepared=prepared)

    try:
        first, png = _seconds(lambda: chart("png"))
        results.append(
            Result(
                "export.png.first",
                None,
                round(first, 3),
                "s",
                note=f"map, slide size; starts Chromium; {len(png.data) / 1024:.0f} KB",
            )
        )
        # The browser is warm now: the calibration first, then the chart's warm figures.
        results.append(kaleido_png(static))
        warm = [_seconds(lambda: chart("png"))[0] for _ in range(3)]
        naive = _naive_png(prepared[0].figure if hasattr(prepared[0], "figure") else None, static)
        results.append(
            Result(
                "export.png.warm",
                None,
                round(statistics.median(warm), 3),
                "s",
                runs=len(warm),
                baseline=round(naive, 3) if naive else None,
                baseline_name="plotly fig.to_image (a browser per call)" if naive else None,
                note="map, slide size, long-lived kaleido Chromium",
            )
        )
        for fmt in ("svg", "pdf"):
            times = [_seconds(lambda fmt=fmt: chart(fmt))[0] for _ in range(2)]
            results.append(
                Result(
                    f"export.{fmt}.warm",
                    None,
                    round(statistics.median(times), 3),
                    "s",
                    runs=len(times),
                    note="map, slide size",
                )
            )
    except Exception as error:  # the export package is being built: record why, go on
        reason = f"chart export failed: {type(error).__name__}: {str(error)[:200]}"
        done = {r.name for r in results}
        results += [not_measured(n, "s", reason, target=t) for n, t in FIGURES[:5] if n not in done]
    try:
        seconds, files = _seconds(lambda: pack.pack_files(ds, request, static, formats=("pptx",)))
        data = files["pptx"].data
        images = _pictures(data)
        results.append(
            Result(
                "export.pptx_pack",
                None,
                round(seconds, 3),
                "s",
                counts={"images": images},
                note=f"whole briefing pack, bundled data; {len(data) / 1024:.0f} KB, "
                f"{images} images",
            )
        )
    except Exception as error:
        reason = f"PPTX pack failed: {type(error).__name__}: {str(error)[:200]}"
        results.append(not_measured("export.pptx_pack", "s", reason))
    return results


def _pictures(pptx: bytes) -> int:
    """Pictures in a PPTX deck: the images its slides needed."""
    import io

    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    deck = Presentation(io.BytesIO(pptx))
    return sum(
        1 for slide in deck.slides for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE
    )  # fmt: skip


def _naive_png(figure, static: Path) -> float | None:
    """Seconds for plotly's own to_image of the same figure (kaleido's one-off browser)."""
    if figure is None:
        return None
    import plotly.io as pio

    pio.defaults.topojson = static.resolve().as_uri() + "/"
    try:
        return _seconds(lambda: figure.to_image(format="png", width=1600, height=900))[0]
    except Exception:  # the baseline is a comparison only; a failure leaves it out
        return None
