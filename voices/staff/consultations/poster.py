"""The poster's QR code as inline SVG: no style attribute, no XML declaration (CSP-safe)."""

from __future__ import annotations

import io

import segno


def qr_svg(link: str, title: str = "QR code for the link below") -> str:
    buffer = io.BytesIO()
    segno.make(link, error="m").save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        nl=False,
        omitsize=True,
        svgclass="poster__qr",
        lineclass="poster__qr-line",
        title=title,
        scale=4,
        border=2,
    )
    svg = buffer.getvalue().decode()
    if "style=" in svg:  # CSP forbids inline styles; segno's options above never write one
        raise ValueError("QR SVG must not carry a style attribute")
    return svg
