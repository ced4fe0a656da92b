"""Draw the application icon (white 年 on a red rounded square) into resources/icons/.

Run once by hand when the icon should change; the generated files are committed:
    python packaging/make_icon.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
OUT = ROOT / "resources" / "icons"
RED = (200, 16, 46, 255)
WHITE = (255, 255, 255, 255)
ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256]


def draw(size: int) -> Image.Image:
    # Draw large and downsample so small sizes stay crisp.
    big = 1024
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 8, fill=RED)
    font = ImageFont.truetype(str(FONT), size=int(big * 0.78), index=0)
    left, top, right, bottom = d.textbbox((0, 0), "年", font=font)
    x = (big - (right - left)) / 2 - left
    y = (big - (bottom - top)) / 2 - top
    d.text((x, y), "年", font=font, fill=WHITE)
    return img.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    draw(256).save(OUT / "nianbao.png")
    frames = [draw(s) for s in ICO_SIZES]
    frames[-1].save(OUT / "nianbao.ico", sizes=[(s, s) for s in ICO_SIZES], append_images=frames[:-1])


if __name__ == "__main__":
    main()
