"""Preview images (og:image, 1200×630 PNG) drawn on the server in the self-hosted Korean font."""

import io
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
WIDTH, HEIGHT = 1200, 630
BLUE = (11, 80, 208)
INK = (30, 33, 36)
MUTED = (70, 76, 83)


@lru_cache(maxsize=16)
def font(weight: str, size: int):
    name = (
        "PretendardGOV-Bold.subset.woff2"
        if weight == "bold"
        else "PretendardGOV-Regular.subset.woff2"
    )
    return ImageFont.truetype(str(FONT_DIR / name), size)


def wrap(draw, text, face, max_width, max_lines):
    """Break Korean text by characters (it has no reliable word breaks) within max_width."""
    lines, line = [], ""
    for char in text:
        candidate = line + char
        if draw.textlength(candidate, font=face) <= max_width or not line:
            line = candidate
            continue
        lines.append(line)
        line = char.lstrip()
        if len(lines) == max_lines:
            break
    if len(lines) < max_lines and line:
        lines.append(line)
    if len(lines) == max_lines and "".join(lines) != text.replace("\n", ""):
        last = lines[-1]
        while last and draw.textlength(last + "…", font=face) > max_width:
            last = last[:-1]
        lines[-1] = last + "…"
    return lines


def render_card(*, title: str, facts: list[tuple[str, str]], kicker: str, footer: str) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, WIDTH, 16], fill=BLUE)
    draw.rounded_rectangle([64, 64, 116, 116], radius=12, fill=BLUE)
    draw.line([(76, 104), (104, 104)], fill="white", width=4)
    draw.line([(80, 104), (80, 88), (90, 80), (100, 88), (100, 104)], fill="white", width=4)
    draw.text((136, 70), "경주시 투자사업 포털", font=font("bold", 34), fill=INK)
    draw.text((64, 150), kicker, font=font("regular", 30), fill=BLUE)
    y = 200
    for line in wrap(draw, title, font("bold", 60), WIDTH - 128, 3):
        draw.text((64, y), line, font=font("bold", 60), fill=INK)
        y += 76
    y = max(y + 24, 430)
    x = 64
    for label, value in facts[:3]:
        draw.text((x, y), label, font=font("regular", 26), fill=MUTED)
        draw.text((x, y + 36), value, font=font("bold", 40), fill=INK)
        x += 370
    draw.line([(64, HEIGHT - 64), (WIDTH - 64, HEIGHT - 64)], fill=(205, 209, 213), width=2)
    draw.text((64, HEIGHT - 52), footer, font=font("regular", 24), fill=MUTED)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
