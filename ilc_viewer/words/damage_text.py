"""Plain sentences for damaged images (no technical words), in every language of the program.

:class:`ilc_viewer.dicom.damage.Damage` picks a sentence by its ``kind`` and fills in its
numbers; the technical detail (tags, byte counts, decoder messages) stays in
``Damage.detail`` for ``--json`` and the log. English here; the other languages in the
core's catalogue (:mod:`ilc_viewer.words.catalogue`).
"""

from __future__ import annotations

from ilc_viewer.words.catalogue import N_

WORDS: dict[str, str] = {
    "incomplete": N_("This image is incomplete: only {percent}% of its data is present."),
    "extra_data": N_("This image has {extra:,} bytes more data than it should; it may be "
                     "shifted."),
    "shifted": N_("Part of this image's data was added or lost, so it would look scrambled."),
    "samples": N_("The file says {samples} colour samples per pixel but is a grey-scale "
                  "image."),
    "size_mismatch": N_("The picture inside is {found} pixels, but the file says {expected}."),
    "compressed_damaged": N_("The compressed picture in this file is damaged and cannot be "
                             "shown."),
    "no_decoder": N_("This picture is stored in a format this viewer cannot read ({syntax})."),
    "syntax": N_("The file says this picture is stored uncompressed, but it is compressed, so "
                 "it cannot be shown."),
    "unreadable": N_("This image could not be read from its file, so it cannot be shown."),
    "header": N_("The file's description of this image is damaged, so it cannot be shown."),
    "too_large": N_("This image is too large to show ({rows:,} x {columns:,} pixels)."),
}
