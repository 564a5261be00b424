"""Plain sentences for damaged images, in English and Japanese (no technical words).

:class:`ilc_viewer.dicom.damage.Damage` picks a sentence by its ``kind`` and fills in its
numbers; the technical detail (tags, byte counts, decoder messages) stays in
``Damage.detail`` for ``--json`` and the log. Keep the two languages saying the same thing.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "incomplete": {
        "en": "This image is incomplete: only {percent}% of its data is present.",
        "ja": "この画像は不完全です。データの {percent}% しか残っていません。",
    },
    "extra_data": {
        "en": "This image has {extra:,} bytes more data than it should; it may be shifted.",
        "ja": "この画像には本来より {extra:,} バイト多いデータがあり、ずれている可能性があります。",
    },
    "shifted": {
        "en": "Part of this image's data was added or lost, so it would look scrambled.",
        "ja": "この画像のデータの一部が増えたり欠けたりしているため、正しく表示できません。",
    },
    "samples": {
        "en": "The file says {samples} colour samples per pixel but is a grey-scale image.",
        "ja": "ファイルには 1 画素あたり {samples} 色とありますが、白黒の画像です。",
    },
    "colour": {
        "en": "This is a colour image ({samples} samples per pixel); only grey-scale images are "
        "shown.",
        "ja": "カラー画像です（1 画素あたり {samples} 色）。白黒の画像のみ表示できます。",
    },
    "size_mismatch": {
        "en": "The picture inside is {found} pixels, but the file says {expected}.",
        "ja": "中の画像は {found} 画素ですが、ファイルには {expected} 画素とあります。",
    },
    "compressed_damaged": {
        "en": "The compressed picture in this file is damaged and cannot be shown.",
        "ja": "このファイルの圧縮画像は壊れているため表示できません。",
    },
    "no_decoder": {
        "en": "This picture is stored in a format this viewer cannot read ({syntax}).",
        "ja": "この画像はこのビューアーで読めない形式（{syntax}）で保存されています。",
    },
    "header": {
        "en": "The file's description of this image is damaged, so it cannot be shown.",
        "ja": "このファイルの画像情報が壊れているため表示できません。",
    },
    "too_large": {
        "en": "This image is too large to show ({rows:,} x {columns:,} pixels).",
        "ja": "この画像は大きすぎて表示できません（{rows:,} x {columns:,} 画素）。",
    },
}
