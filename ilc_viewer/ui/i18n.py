"""The window's language: Qt's translations for the window's own words, live switching.

The window's words (menus, dialogs, docks, tool tips) go through Qt's system: written in
English with :func:`translate` (``QCoreApplication.translate`` that also remembers its source),
collected by ``pyside6-lupdate`` into ``resources/i18n/ilc_viewer_<lang>.ts`` and loaded from
the compiled ``.qm`` by a :class:`QTranslator` (``scripts/translations.py``). Words the core
makes (skip reasons, overlay words, errors) are said with :func:`say` from the core's own
catalogue, in the same language.

Switching language installs or removes the translators; Qt then sends every widget a
``QEvent.LanguageChange``. A text set through :func:`bind` is remembered on its object and
set again by :func:`retranslate` (the main window runs it over itself on that event), so
static words need no code of their own; widgets that compose words from data re-run their
own refresh on the event.

How to add a word: ``label = QLabel(); bind(label, text=translate("Context", "Words"))``, or
for a word used once, ``translate("Context", "Words {n}").format(n=3)`` (values by name
through ``format``, never an f-string or keyword arguments of ``translate``: lupdate would
not see the words). Then ``python scripts/translations.py update``,
translate in Qt Linguist, ``... compile``.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QSettings,
    QTranslator,
)

from ilc_viewer.storage.resources import resource_file
from ilc_viewer.words import catalogue
from ilc_viewer.words.catalogue import LANGUAGES

#: Where the window's compiled translations are.
QM_FOLDER = resource_file(catalogue.CATALOGUE_FOLDER)
#: The QSettings key of the chosen language.
SETTINGS_KEY = "language"
#: The dynamic property that keeps an object's translatable texts.
BINDINGS = "ilc_i18n"

_state: dict[str, Any] = {"lang": "en", "translators": []}


class Tr(str):
    """A translated text that remembers its source, so it can be translated again."""

    context: str
    source: str
    disambiguation: str | None
    values: dict[str, Any]

    def __new__(cls, text: str, context: str, source: str, disambiguation: str | None = None,
                values: dict[str, Any] | None = None) -> Tr:
        """``text`` (already translated) with where it came from."""
        made = super().__new__(cls, text)
        made.context, made.source = context, source
        made.disambiguation, made.values = disambiguation, dict(values or {})
        return made

    def format(self, *args: Any, **values: Any) -> Tr:  # type: ignore[override]
        """The words with ``values`` filled in by name (a core message is said in the same
        language), still able to be translated again."""
        if args:
            raise TypeError("translated words take their values by name")
        said = {k: say(v) if isinstance(v, catalogue.Message) else v for k, v in values.items()}
        return Tr(str.format(self, **said), self.context, self.source, self.disambiguation,
                  {**self.values, **values})

    def again(self) -> Tr:
        """The same words in the language installed now (translated values too)."""
        fresh = translate(self.context, self.source, self.disambiguation)
        values = {k: v.again() if isinstance(v, Tr) else v for k, v in self.values.items()}
        return fresh.format(**values) if values else fresh

    def kept(self) -> list[Any]:
        """The source as plain data, for :func:`bind` to keep on an object."""
        return [self.context, self.source, self.disambiguation,
                {k: {"tr": v.kept()} if isinstance(v, Tr) else v for k, v in self.values.items()}]

    @staticmethod
    def from_kept(kept: list[Any]) -> Tr:
        """The words kept by :meth:`kept`, in the language installed now."""
        context, source, disambiguation, values = kept
        values = {k: Tr.from_kept(v["tr"]) if isinstance(v, dict) else v
                  for k, v in values.items()}
        return Tr("", context, source, disambiguation, values).again()


def translate(context: str, source: str, disambiguation: str | None = None) -> Tr:
    """``source`` in the window's language (``QCoreApplication.translate``); fill values in
    with ``.format(name=value)`` on the result. ``pyside6-lupdate`` finds only calls whose
    arguments are these three, written out as text."""
    return Tr(QCoreApplication.translate(context, source, disambiguation), context, source,
              disambiguation)


def language() -> str:
    """The window's language now ("en", "ja")."""
    return str(_state["lang"])


def say(text: object) -> str:
    """A core message (or any text) in the window's language."""
    return catalogue.say(text, language())


def _setter(obj: QObject, prop: str) -> Any:
    return getattr(obj, "set" + prop[0].upper() + prop[1:])


def bind(obj: QObject, **texts: str) -> None:
    """Set texts of ``obj`` by property name (``text``, ``toolTip``, ``windowTitle``,
    ``title``, ``placeholderText``, ``statusTip``...), keeping the :class:`Tr` ones to be
    translated again by :func:`retranslate`."""
    kept = json.loads(obj.property(BINDINGS) or "{}")
    for prop, text in texts.items():
        _setter(obj, prop)(str(text))
        if isinstance(text, Tr) and _plain(text.values):
            kept[prop] = text.kept()
        else:
            kept.pop(prop, None)
    obj.setProperty(BINDINGS, json.dumps(kept, ensure_ascii=False))


def _plain(values: dict[str, Any]) -> bool:
    return all((isinstance(v, Tr) and _plain(v.values)) or (isinstance(v, str | int | float)
               and not isinstance(v, catalogue.Message)) for v in values.values())


def retranslate(root: QObject) -> None:
    """Translate again every text :func:`bind` set on ``root`` and the objects under it."""
    for obj in [root, *root.findChildren(QObject)]:
        kept = obj.property(BINDINGS)
        if not kept:
            continue
        for prop, words in json.loads(kept).items():
            _setter(obj, prop)(str(Tr.from_kept(words)))


def system_language() -> str:
    """The user's language when the program speaks it (Qt's view of the system locale)."""
    for name in QLocale.system().uiLanguages():
        code = name.replace("-", "_").split("_")[0].lower()
        if code in LANGUAGES:
            return code
        if code != "c":
            break
    return "en"


def chosen_language(settings: QSettings, asked: str | None = None) -> str:
    """``asked`` (``--lang``), else the language chosen last, else the system's."""
    if asked in LANGUAGES:
        return str(asked)
    saved = settings.value(SETTINGS_KEY)
    return str(saved) if saved in LANGUAGES else system_language()


def remember(settings: QSettings, lang: str) -> None:
    """Keep ``lang`` for the next start."""
    settings.setValue(SETTINGS_KEY, lang)


def install(lang: str) -> bool:
    """Make ``lang`` the window's language: load its translations (the program's and Qt's
    own, for standard buttons and dialogs) into the application. Qt then sends every widget
    a ``LanguageChange`` event. Returns False when nothing changed."""
    lang = catalogue.check_language(lang)
    app = QCoreApplication.instance()
    if lang == _state["lang"] and (lang == LANGUAGES[0] or _state["translators"]):
        return False
    for old in _state["translators"]:
        if app is not None:
            app.removeTranslator(old)
    _state["translators"] = []
    _state["lang"] = lang
    QLocale.setDefault(QLocale(lang))
    if lang != LANGUAGES[0] and app is not None:
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name, folder in ((f"qtbase_{lang}", qt_folder), (f"ilc_viewer_{lang}",
                                                              str(QM_FOLDER))):
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                _state["translators"].append(translator)
    # Qt posts LanguageChange to the windows: deliver it now, so the switch is at once
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    return True
