"""Tag colours: stable, overridable by the codebook, readable on light and dark backgrounds."""

from __future__ import annotations

import re

import pytest

from tui.core.colors import PALETTE, tag_color


def luminance(color: str) -> float:
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(int(color[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: str, two: str) -> float:
    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("color", PALETTE)
def test_palette_reads_on_white_and_on_black(color: str) -> None:
    assert contrast(color, "#ffffff") >= 3.0
    assert contrast(color, "#000000") >= 3.0


def test_same_tag_same_colour_and_tags_spread_over_the_palette() -> None:
    tags = [f"tag{n}" for n in range(200)] + ["장소", "feeling/슬픔 😢"]
    colors = [tag_color(tag) for tag in tags]
    assert colors == [tag_color(tag) for tag in tags]
    assert all(re.fullmatch(r"#[0-9a-f]{6}", color) for color in colors)
    assert set(colors) == set(PALETTE)


@pytest.mark.parametrize(
    ("codebook", "expected"),
    [("#AA3300", "#aa3300"), ("#a30", "#aa3300"), (" #123456 ", "#123456")],
)
def test_a_codebook_colour_wins(codebook: str, expected: str) -> None:
    assert tag_color("economy", codebook) == expected


@pytest.mark.parametrize("codebook", [None, "", "red", "#12345", "#ggg000", "url(x)"])
def test_an_unusable_codebook_colour_falls_back_to_the_palette(codebook: str | None) -> None:
    assert tag_color("economy", codebook) == tag_color("economy")
