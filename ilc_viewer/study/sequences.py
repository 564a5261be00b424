"""Which MR sequence made a series (T1, T2, STIR, ...), with a plain reason, and the triple.

Two sources of evidence are weighed:

* the **physics** in the header: Scanning Sequence (SE / IR / GR / EP), Sequence Variant,
  Scan Options, TR, TE, TI against fat's inversion null point at the field strength, flip
  angle, diffusion b value, Image Type, and the enhanced-MR attributes (PS3.3 C.8.13.5);
* the **names** scanners write: Series Description, Protocol Name and Sequence Name as
  Siemens (``t1_tse_sag``, ``tirm``, ``*tse2d1_15``), GE (``Sag T2 FSE``, ``3-pl loc``),
  Philips (``T2W_TSE``, ``sT2W/FS``, ``Survey``), Canon and Hitachi write them.

Physics wins when it is unambiguous (an inversion time, clearly long or short TR/TE); the
name wins when the header is silent or in between. Every decision says why, so the doctor
can overrule it. Plain stdlib: no numpy, no Qt.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import pairwise

from ilc_viewer.study.modality import classify_picture
from ilc_viewer.study.model import AcquisitionParams, Series
from ilc_viewer.words.catalogue import Joined, _

#: Typical STIR inversion times (ms) by field strength (T): the TI that nulls fat. Fat's T1
#: grows with the field, so the fat-null TI does too (about 100 ms at 0.3 T, 150-170 ms at
#: 1.5 T, 220-250 ms at 3 T); values in between are interpolated.
FAT_NULL_TI_MS = ((0.2, 85.0), (0.3, 100.0), (0.5, 115.0), (1.0, 135.0), (1.5, 160.0),
                  (3.0, 230.0), (7.0, 330.0))
#: An IR with TI up to this multiple of the fat-null TI suppresses fat (STIR).
STIR_TI_FACTOR = 2.0
#: From this TI (ms) on, an IR nulls fluid (CSF T1 is ~4 s at any field): FLAIR.
FLAIR_MIN_TI_MS = 1400.0
ASSUMED_FIELD_T = 1.5
#: A spoiled gradient echo is T1-weighted when its flip angle is at least this multiple of
#: the Ernst angle of soft tissue (T1 about TISSUE_T1_MS) at its TR.
T1_FLIP_OVER_ERNST = 1.5
TISSUE_T1_MS = 1000.0

#: Image Type values of derived maps, which never go into the triple.
_MAP_IMAGE_TYPES = {"ADC", "EADC", "FA", "TRACEW", "MAP", "T1MAP", "T2MAP", "SUBTRACTION",
                    "SUB", "MIP", "MNIP", "PROJECTION IMAGE", "CALC", "PERFUSION"}


# Names are matched on lower-case text with separators (_ - / . , ( )) turned into spaces,
# so "t1_tse_sag", "T1W_TSE_SAG" and "Sag T1 FSE" all contain the word "t1"/"t1w".
_B = r"(?:^|\s)"  # start of a word
_E = r"(?=\s|$)"  # end of a word
_WEIGHT = r"{}(?:s|sag|ax|cor)?t{}(?:w|wi)?(?:tse|fse|se|ffe|fe|frfse)?(?![0-9a-z*])"
_WORDS = {
    "LOCALIZER": rf"locali[sz]er|scout|survey|{_B}(?:3 ?pl|3 ?plane|tri ?pilot|pilot|loc|scano\w*"
                 rf"|locator|aahead\w*){_E}",
    "ADC": r"adc|apparent diff",
    "ANGIO": rf"angio|{_B}(?:mra|tof|pc ?mra|ce ?mra){_E}",
    "DWI": rf"dwi|diff|{_B}(?:dw|trace\w*|b ?\d{{2,4}}|ep b\d+|ivim|resolve){_E}",
    "EPI": rf"bold|fmri|perf|{_B}(?:epi|ep2d\w*|dsc|asl|pace){_E}",
    "SSFP": r"ciss|fiesta|trufi|true ?fisp|b ?ffe|b ?tfe|balanced|true ?ssfp|basg|{0}ssfp{1}",
    "FLAIR": r"flair|dark ?fluid",
    "STIR": rf"stir|tirm|{_B}(?:f?stir|tir){_E}",
    "IR": rf"{_B}(?:ir|inversion){_E}",
    "T2*": rf"t2 ?\*|t2 ?star|{_B}(?:medic|merge|mege|hemo\w*|swi|swan|mpgr){_E}",
    "T2": _WEIGHT.format(_B, 2) + rf"|myelo|{_B}(?:mrm|haste|ssfse|frfse){_E}",
    "T1": _WEIGHT.format(_B, 1) + rf"|{_B}(?:mprage|mp rage|bravo|vibe|lava|thrive|spgr){_E}",
    "PD": rf"{_B}s?pd(?:w|wi|tse|fse)?{_E}|proton density",
    "GRE": rf"{_B}(?:gre|fl2d|fl3d|flash|ffe|fe|fgre|fspgr|spgr|tfe|vibe|lava|thrive|mpgr|medic"
           rf"|merge|swi|gradient|t[12]w? ?ffe){_E}",
    "FATSAT": rf"spair|spir|fat ?sat|fat ?supp?\w*|{_B}(?:fs|fsat|chess|ideal|dixon w){_E}",
    # "post" but not "post-op": operated backs are common in a spine clinic
    "CONTRAST": rf"\+ ?(?:c(?![a-z])|gd|gad\w*|contrast)|{_B}c ?\+|{_B}(?:post(?! ?op)\w*|gd|gad\w*"
                rf"|ce|contrast|enh\w*|dotarem|magnevist|gadovist|prohance|omniscan){_E}|造影",
    # Names that say *no* contrast; removed before CONTRAST is looked for.
    "NO_CONTRAST": rf"{_B}(?:non|no|without|w o|pre|before|un) ?(?:contrast|gd|gad\w*|enh\w*|ce"
                   rf"|c(?![a-z]))(?:{_E}|(?=[^a-z]))|{_B}pre ?contrast\w*"
                   r"|非造影|造影 ?(?:なし|無し?)|単純",
}
_WORDS["SSFP"] = _WORDS["SSFP"].format(_B, _E)
_PATTERNS = {name: re.compile(pattern) for name, pattern in _WORDS.items()}

# Siemens-style sequence names ("*tse2d1_15", "*tir2d1_15", "*fl2d1", "*ep_b1000t") and the
# GE / Philips pulse names that appear in Sequence Name, mapped to a family. Longest first.
_NAME_FAMILIES = (
    ("spcir", "IR"), ("frfse", "SE"), ("ssfse", "SE"), ("fiesta", "SSFP"), ("efgre", "GR"),
    ("fspgr", "GR"), ("trufi", "SSFP"), ("bffe", "SSFP"), ("epfid", "EP"), ("epse", "EP"),
    ("fgre", "GR"), ("spgr", "GR"), ("stir", "IR"), ("tirm", "IR"), ("tfi", "SSFP"),
    ("tfl", "GR"), ("tir", "IR"), ("tse", "SE"), ("fse", "SE"), ("spc", "SE"), ("swi", "GR"),
    ("ffe", "GR"), ("tfe", "GR"), ("gre", "GR"), ("ci", "SSFP"), ("fi", "GR"), ("fl", "GR"),
    ("me", "GR"), ("de", "GR"), ("ep", "EP"), ("re", "EP"), ("se", "SE"), ("ir", "IR"),
    ("h", "SE"),
)


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[_\-/.,;:()\[\]]", " ", text.lower()).split())


def _words(params: AcquisitionParams, description: str = "") -> str:
    parts = (description, params.series_description, params.protocol_name)
    return _normalise(" ".join(dict.fromkeys(p for p in parts if p)))


def _matches(kind: str, text: str) -> bool:
    return _PATTERNS[kind].search(text) is not None


def _name_family(sequence_name: str) -> str | None:
    """Family (SE / IR / GR / SSFP / EP) of a scanner's sequence name, if it is a known one."""
    name = sequence_name.strip().lower().lstrip("*")
    for prefix, family in _NAME_FAMILIES:
        if name.startswith(prefix) and not name[len(prefix):len(prefix) + 1].isalpha():
            return family
    return None


def fat_null_ti(field_strength: float) -> float:
    """The inversion time (ms) that nulls fat at a field strength (T), interpolated."""
    table = FAT_NULL_TI_MS
    if field_strength <= table[0][0]:
        return table[0][1]
    for (b0, t0), (b1, t1) in pairwise(table):
        if field_strength <= b1:
            return t0 + (t1 - t0) * (field_strength - b0) / (b1 - b0)
    return table[-1][1]


def _num(value: float | None) -> str:
    return f"{value:g}" if value is not None else "?"


@dataclass(frozen=True)
class _Physics:
    """What the header says about the pulse sequence, before naming it."""

    family: str | None  # "SE", "GR", "SSFP", "EP" or None (unknown)
    inversion: bool  # an inversion pulse is flagged or a TI > 0 is stored
    fat_sat: bool
    diffusion: bool
    field: float
    field_known: bool


def _physics(p: AcquisitionParams, text: str = "") -> _Physics:
    scanning = {s.upper() for s in p.scanning_sequence}
    options = {s.upper() for s in p.scan_options}
    variant = {s.upper() for s in p.sequence_variant}
    name_family = _name_family(p.sequence_name) or _name_family(p.pulse_sequence_name)
    family: str | None = None
    if "EP" in scanning or name_family == "EP":
        family = "EP"
    elif name_family == "SSFP":
        family = "SSFP"
    elif "GR" in scanning or p.echo_pulse_sequence.upper() == "GRADIENT":
        family = "GR"
    elif "SE" in scanning or p.echo_pulse_sequence.upper() == "SPIN":
        family = "SE"
    elif name_family in ("SE", "GR"):
        family = name_family
    elif name_family == "IR" or "IR" in scanning:
        family = "SE"  # turbo inversion recovery reads out with spin echoes
    elif text and _matches("GRE", text):
        family = "GR"  # no sequence type in the header, but the name says gradient echo
    if family in ("GR", None) and text and _matches("SSFP", text):
        family = "SSFP"
    tr, te, fa = p.repetition_time, p.echo_time, p.flip_angle
    if (family == "GR" and ("SS" in variant or "TRSS" in variant) and tr and te and fa
            and tr < 15 and abs(te - tr / 2) <= 0.2 * tr and fa >= 25):
        family = "SSFP"  # balanced SSFP: TE = TR / 2, very short TR, large flip angle
    inversion = bool(
        "IR" in scanning or "IR" in options or "IR_GEMS" in options
        or p.inversion_recovery.upper() == "YES" or name_family == "IR"
        or (p.inversion_time is not None and p.inversion_time >= 30)
    )
    if p.inversion_recovery.upper() == "NO" and not (p.inversion_time or 0) > 0:
        inversion = False
    fat_sat = bool(options & {"FS", "FAT_SAT", "SFS", "FSS", "SP_FS", "FATSAT"}) or (
        "FAT" in p.spectrally_selected_suppression.upper())
    image_type = {t.upper() for t in p.image_type}
    diffusion = bool((p.diffusion_b_value or 0) > 0 or image_type & {"DIFFUSION", "TRACEW",
                                                                     "TRACE"})
    if family == "EP" and re.search(r"_b\d", p.sequence_name.lower()):
        diffusion = True
    field_known = bool(p.field_strength and p.field_strength > 0)
    field = float(p.field_strength) if field_known else ASSUMED_FIELD_T  # type: ignore[arg-type]
    return _Physics(family, inversion, fat_sat, diffusion, field, field_known)


@dataclass(frozen=True)
class _Verdict:
    label: str
    reason: str
    strong: bool = False  # the header alone settles it
    head: str = ""  # what the header says, before the conclusion


def _field_text(ph: _Physics) -> str:
    if ph.field_known:
        return _("at {field:g} T", field=ph.field)
    return _("at an assumed {field:g} T", field=ph.field)


def _inversion_verdict(p: AcquisitionParams, ph: _Physics) -> _Verdict | None:
    ti, te = p.inversion_time, p.echo_time
    if not ti or ti <= 0:
        return None  # inversion flagged but no TI: the name has to decide
    null = fat_null_ti(ph.field)
    head = _("inversion recovery, TI {ti} ms {field}", ti=_num(ti), field=_field_text(ph))

    def verdict(label: str, reason: str, strong: bool = False) -> _Verdict:
        return _Verdict(label, reason, strong, head)

    if ti <= STIR_TI_FACTOR * null and ph.family != "GR":
        return verdict("STIR", _("{head}: near fat's null point (~{null:.0f} ms), fat "
                                 "suppressed -> STIR", head=head, null=null), True)
    if ti >= FLAIR_MIN_TI_MS:
        return verdict("FLAIR", _("{head}: long TI nulls fluid -> FLAIR", head=head), True)
    if ph.family == "GR":
        return verdict("T1", _("{head}, gradient-echo read-out: magnetisation-prepared "
                               "gradient echo (MPRAGE / BRAVO / TFE) -> T1", head=head), True)
    if te is not None and te < 50:
        return verdict("T1", _("{head} with short TE {te} ms: TI between fat and fluid null "
                               "points gives T1 weighting (T1 FLAIR) -> T1", head=head,
                               te=_num(te)), True)
    if ti >= 1000:
        return verdict("FLAIR", _("{head}, TE {te} ms: long TI and long TE -> FLAIR",
                                  head=head, te=_num(te)))
    return verdict("OTHER", _("{head}, TE {te} ms: neither fat nor fluid is nulled", head=head,
                              te=_num(te)))


def _spin_echo_verdict(p: AcquisitionParams) -> _Verdict | None:
    tr, te = p.repetition_time, p.echo_time
    if tr is None or te is None or tr <= 0 or te <= 0:
        return None
    if (p.echo_train_length or 0) > 1:
        head = _("spin echo, echo train {length}, TR {tr} ms, TE {te} ms",
                 length=p.echo_train_length, tr=_num(tr), te=_num(te))
    else:
        head = _("spin echo, TR {tr} ms, TE {te} ms", tr=_num(tr), te=_num(te))

    def verdict(label: str, reason: str, strong: bool = False) -> _Verdict:
        return _Verdict(label, reason, strong, head)

    if te >= 300:
        return verdict("T2", _("{head}: very long TE, only fluid stays bright (myelography) "
                               "-> T2", head=head), True)
    if te >= 50:
        strong = tr >= 1500 and te >= 70
        return verdict("T2", _("{head}: long TE -> T2", head=head), strong)
    if te < 40 and tr <= 1200:
        return verdict("T1", _("{head}: short TR and short TE -> T1", head=head),
                       tr <= 900 and te <= 30)
    if tr >= 1500:
        return verdict("PD", _("{head}: long TR and short TE -> PD", head=head),
                       tr >= 2500 and te <= 30)
    return verdict("T1" if te < 40 else "T2", _("{head}: between T1 and PD/T2 timing",
                                                 head=head))


def ernst_angle(tr_ms: float, t1_ms: float = TISSUE_T1_MS) -> float:
    """Flip angle (degrees) giving the most signal for a tissue at this TR (spoiled GRE)."""
    return math.degrees(math.acos(math.exp(-max(tr_ms, 0.0) / t1_ms)))


def _gradient_verdict(p: AcquisitionParams) -> _Verdict:
    tr, te, fa = p.repetition_time, p.echo_time, p.flip_angle
    head = _("gradient echo, TR {tr} ms, TE {te} ms, flip {flip}°", tr=_num(tr), te=_num(te),
             flip=_num(fa))

    def verdict(label: str, reason: str, strong: bool = False) -> _Verdict:
        return _Verdict(label, reason, strong, head)

    if fa is None or te is None:
        return verdict("OTHER", _("{head}: without flip angle and TE its contrast is unknown "
                                  "(short TR/TE alone does not make a gradient echo T1)",
                                  head=head))
    # T1 weighting needs a flip angle well above the Ernst angle of tissue at that TR: about
    # 10° at TR 5 ms (3D VIBE / LAVA / THRIVE), 60° or more at TR 200 ms (2D FLASH).
    limit = T1_FLIP_OVER_ERNST * ernst_angle(tr) if tr else 45.0
    if fa >= limit and te <= 10:
        return verdict("T1", _("{head}: flip angle above the Ernst angle (~{limit:.0f}° "
                               "needed) with short TE -> T1-weighted gradient echo", head=head,
                               limit=limit), True)
    if te >= 8:
        return verdict("T2*", _("{head}: small flip angle and TE >= 8 ms -> T2* (not T1, "
                                "although TR/TE are short)", head=head), True)
    return verdict("OTHER", _("{head}: small flip angle and short TE give "
                              "proton-density-like contrast, not T1", head=head))


def _physics_verdict(p: AcquisitionParams, ph: _Physics) -> _Verdict | None:
    if ph.family == "SSFP":
        reason = _("balanced steady-state free precession (CISS / FIESTA / TrueFISP): fluid "
                   "bright from T2/T1 contrast, not T1 despite short TR/TE and not a "
                   "spin-echo T2")
        return _Verdict("OTHER", reason, True, _("balanced steady-state free precession "
                                                  "(CISS / FIESTA / TrueFISP)"))
    if ph.inversion:
        verdict = _inversion_verdict(p, ph)
        if verdict is not None:
            return verdict
        if ph.family != "GR":
            reason = _("inversion recovery without a stored TI: STIR, FLAIR and T1 FLAIR "
                       "cannot be told apart")
            return _Verdict("OTHER", reason, False, _("inversion recovery without a stored "
                                                       "TI"))
    if ph.family == "GR":
        return _gradient_verdict(p)
    if ph.family == "SE" or (ph.family is None and p.repetition_time and p.echo_time):
        return _spin_echo_verdict(p)
    return None


def _name_label(text: str) -> str | None:
    """The sequence a description / protocol name asks for, most specific word first."""
    for kind in ("FLAIR", "STIR", "T2*", "PD", "T1", "T2", "IR"):
        if _matches(kind, text):
            if kind == "FLAIR" and _matches("T1", text):
                return "T1"  # "T1 FLAIR" is a T1-weighted inversion recovery
            return kind
    return None


def _resolve(physics: _Verdict | None, name: str | None, text: str, shown: str,
             ph: _Physics, p: AcquisitionParams) -> tuple[str, str]:
    """Weigh header physics against the name; explain what won and why."""
    said = _("description '{name}'", name=shown)
    if name == "IR":  # a bare "IR" / "tir" without a telling TI: the name does not decide
        name = None
    if physics is None and name is None:
        return "OTHER", _("no sequence type, timing or telling description in the header")
    if physics is None:
        return name, _("from the {said}; the header gives no usable timing", said=said)  # type: ignore[return-value]
    if name is None or name == physics.label:
        if name:
            return physics.label, _("{reason}; {said} agrees", reason=physics.reason, said=said)
        return physics.label, physics.reason
    ti_known = ph.inversion and (p.inversion_time or 0) > 0
    if physics.label == "STIR" and name == "T2" and (ph.fat_sat or _matches("FATSAT", text)):
        return "T2", _("{said} names a fat-saturated T2 (SPAIR / SPIR use a fat-selective "
                       "inversion, TI {ti} ms) -> T2, not STIR", said=said,
                       ti=_num(p.inversion_time))
    if physics.label == "FLAIR" and name == "T1" and (p.echo_time or 99) < 40:
        return "T1", _("{reason}, but short TE and the {said} make it T1 FLAIR -> T1",
                       reason=physics.reason, said=said)
    if physics.label == "T1" and ti_known and name == "FLAIR":
        return "T1", _("{reason}; the {said} is a T1 FLAIR", reason=physics.reason, said=said)
    if ph.family in ("GR", "SSFP") and not ti_known:
        if ph.family == "SSFP":
            return "OTHER", _("{reason} ({said})", reason=physics.reason, said=said)
        if name == "T1":
            return "T1", _("gradient echo named T1 in the {said} -> T1 (gradient-echo T1)",
                           said=said)
        if name in ("T2", "T2*"):
            return "T2*", _("a gradient echo cannot give spin-echo T2 contrast; 'T2' in the "
                            "{said} means T2* -> T2*", said=said)
    if name in ("STIR", "FLAIR") and not ti_known:
        if ph.inversion:
            return name, _("from the {said}; the header flags inversion recovery but gives no "
                           "TI, as some scanners do", said=said)
        return name, _("from the {said}; the header stores no inversion time, as some "
                       "scanners do", said=said)
    if physics.strong:
        return physics.label, _("{reason} (the {said} suggests {name}; timing wins)",
                                reason=physics.reason, said=said, name=name)
    return name, _("from the {said} ({head} is not conclusive)", said=said,
                   head=physics.head or physics.reason)


def _notes(label: str, ph: _Physics, p: AcquisitionParams, text: str) -> list[str]:
    notes = []
    if label in ("T1", "T2", "PD") and (ph.fat_sat or _matches("FATSAT", text)):
        notes.append(_("fat suppressed"))
    if is_post_contrast(p, text):
        notes.append(_("post-contrast"))
    return notes


#: What scanners write in Contrast/Bolus Agent (0018,0010) when no contrast was given.
_NO_AGENT = re.compile(
    r"^(?:off|none|none given|no|n|nil|null|false|not used|not given|no contrast|n ?/? ?a"
    r"|0+(?:\.0*)?(?: ?(?:ml|cc))?|-+|なし|無し?|ナシ|未使用)$")


def contrast_agent_named(params: AcquisitionParams) -> bool:
    """True when Contrast/Bolus Agent names an agent ("off", "none", "0", "-", "なし" and
    blanks do not), and Contrast/Bolus Volume, when given, is not 0."""
    value = " ".join(params.contrast_agent.strip().strip("\"'.,;:").lower().split())
    if not value or _NO_AGENT.match(value):
        return False
    return params.contrast_volume is None or params.contrast_volume > 0


def contrast_in_name(text: str) -> bool:
    """True when a (normalised) series name says contrast was given: +C, C+, POST, GD, 造影 ...;
    names that deny it ("non contrast", "pre", "w/o Gd", "単純", "非造影") do not count."""
    return _matches("CONTRAST", _PATTERNS["NO_CONTRAST"].sub(" ", text))


def is_post_contrast(params: AcquisitionParams, description: str = "") -> bool:
    """True when a contrast agent is named in the header or the name says +C / POST / GD."""
    return contrast_agent_named(params) or contrast_in_name(_words(params, description))


def is_fat_suppressed(params: AcquisitionParams, description: str = "") -> bool:
    """True when the header or the name says fat saturation (FS, SPAIR, SPIR, ...)."""
    return _physics(params).fat_sat or _matches("FATSAT", _words(params, description))


def is_gradient_echo(params: AcquisitionParams) -> bool:
    """True for gradient-echo and steady-state images (not the standard anatomy pictures)."""
    return _physics(params).family in ("GR", "SSFP")


def is_derived_map(series: Series) -> bool:
    """True for computed maps (ADC, FA, subtraction, MIP ...), which are never in the triple."""
    types = {t.upper() for t in series.params.image_type}
    if series.images:
        types |= {t.upper() for t in series.images[0].image_type}
    return bool(types & _MAP_IMAGE_TYPES)


def classify_series(series: Series) -> tuple[str, str]:
    """Label a series with one of :data:`~ilc_viewer.study.model.SEQUENCE_LABELS` and say why."""
    p = series.params
    text = _words(p, series.description)
    shown = " / ".join(dict.fromkeys(
        n.strip() for n in (series.description, p.series_description, p.protocol_name)
        if n.strip()))
    image_type = {t.upper() for t in p.image_type}
    if series.images:
        image_type |= {t.upper() for t in series.images[0].image_type}
    modality = (series.modality or "MR").upper()
    picture = classify_picture(series)
    if picture is not None:
        return picture
    if modality != "MR":
        return "OTHER", _("modality {modality}: not an MR series", modality=modality)
    if "LOCALIZER" in image_type:
        return "LOCALIZER", _("Image Type says LOCALIZER: a planning scout")
    if _matches("LOCALIZER", text):
        return "LOCALIZER", _("description '{name}' names a localizer / scout", name=shown)
    if image_type & {"ADC", "EADC"} or _matches("ADC", text):
        if image_type & {"ADC", "EADC"}:
            why = _("Image Type {types}", types="\\".join(p.image_type))
        else:
            why = _("description '{name}'", name=shown)
        return "ADC", _("{why}: a derived diffusion map (ADC), not the diffusion images",
                        why=why)
    if "FA" in image_type and "DERIVED" in image_type:
        return "OTHER", _("Image Type FA: a derived anisotropy map")
    ph = _physics(p, text)
    if ph.diffusion or _matches("DWI", text):
        why = (_("diffusion weighting in the header") if ph.diffusion
               else _("description '{name}' names diffusion imaging", name=shown))
        if p.diffusion_b_value is not None:
            return "DWI", _("{why}, b = {b} s/mm² -> DWI", why=why, b=_num(p.diffusion_b_value))
        return "DWI", _("{why} -> DWI", why=why)
    if ph.family == "EP" or _matches("EPI", text):
        return "EPI", _("echo-planar imaging without diffusion weighting -> EPI")
    if _matches("ANGIO", text):
        return "OTHER", _("description '{name}' names MR angiography", name=shown)
    if {"FAT", "F"} & image_type and "DIXON" in image_type:
        return "OTHER", _("Dixon fat-only image")
    physics = _physics_verdict(p, ph)
    label, reason = _resolve(physics, _name_label(text), text, shown, ph, p)
    if not ph.field_known and p.inversion_time and ph.inversion and "assumed" not in reason:
        reason = _("{reason} (field strength not given: {field:g} T assumed)", reason=reason,
                   field=ASSUMED_FIELD_T)
    notes = _notes(label, ph, p, text)
    if notes:
        return label, _("{reason} ({notes})", reason=reason, notes=Joined(notes, ", "))
    return label, reason
