"""The French and Spanish catalogues are complete, compiled, and cover every text of the sources."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = ["fr", "es"]
TEMPLATES = Path(settings.BASE_DIR) / "templates"


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    po = catalogue(language)
    assert len(po) > 50
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language):
    po = catalogue(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))

    def entries(file):
        return {
            (entry.msgctxt, entry.msgid): (entry.msgstr, dict(entry.msgstr_plural))
            for entry in file
            if entry.msgid and not entry.obsolete and not getattr(entry, "fuzzy", False)
        }

    assert entries(mo) == entries(po), "run `make messages` to recompile the catalogues"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext is not installed")
def test_catalogues_contain_every_marked_text_of_the_sources(tmp_path):
    """Extract the texts afresh in a copy of the project, then compare message ids."""
    copy = tmp_path / "project"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "staticfiles", "media", "static", "test-artifacts", "*.sqlite3"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete", "--ignore=.venv"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    fresh = {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(copy / "locale/fr/LC_MESSAGES/django.po"))}
    for language in LANGUAGES:
        committed = {(entry.msgctxt, entry.msgid) for entry in catalogue(language) if not entry.obsolete}
        assert sorted(fresh - committed, key=str) == [], f"run `make messages` ({language})"


# Text a person reads must be marked for translation; what remains after taking
# out tags, template syntax and marked blocks should have no words in it.
STRIP = [
    re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S),
    re.compile(r"{#.*?#}", re.S),
    re.compile(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", re.S),
    re.compile(r"<(script|style)\b.*?</\1>", re.S),
    re.compile(r"<code>.*?</code>", re.S),  # identifiers (columns, file names) are not prose
    re.compile(r"{%.*?%}", re.S),
    re.compile(r"{{.*?}}", re.S),
]
VISIBLE_ATTRIBUTE = re.compile(r"""\b(?:aria-label|title|alt|placeholder)\s*=\s*["']([^"']*)["']""")


def unmarked_text(source: str) -> list[str]:
    attributes = [value for value in VISIBLE_ATTRIBUTE.findall(source) if re.search(r"[A-Za-z]{2,}", value)]
    for pattern in STRIP:
        source = pattern.sub(" ", source)
    attributes = [value for value in attributes if value.strip() and "{" not in value]
    text = re.sub(r"<[^>]*>", " ", source)
    text = re.sub(r"&[a-z#0-9]+;", " ", text)
    return attributes + [match.strip() for match in re.findall(r"[A-Za-z]{2,}[^<{\n]*", text)]


@pytest.mark.parametrize(
    "template", sorted(str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*") if path.is_file())
)
def test_template_text_is_marked_for_translation(template):
    assert unmarked_text((TEMPLATES / template).read_text()) == []


def test_the_unmarked_text_check_catches_plain_text():
    assert unmarked_text('<p>Hello there</p><a title="Open">{% translate "Fine" %}</a><code>iso3</code>') == [
        "Open",
        "Hello there",
    ]
