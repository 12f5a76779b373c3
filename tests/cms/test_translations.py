"""The Lithuanian catalogue is complete and is what the interface speaks.

The catalogues are checked with GNU gettext's own tools (msgfmt, msgattrib), which CI
installs anyway: no PO parser is added to the project.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import translation

from cms.models import Absence
from editorial.social.models import Channel, Delivery, SocialPost
from editorial.social.networks import Network, validate

PROJECT_DIR = Path(__file__).resolve().parents[2]
LOCALE_DIR = PROJECT_DIR / "locale"
LT_PO = LOCALE_DIR / "lt" / "LC_MESSAGES" / "django.po"
LT_PLURAL_FORMS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);"
)

# What `make messages` leaves out (Makefile MESSAGE_IGNORES) plus caches and VCS.
NOT_SOURCE = {
    ".git",
    ".venv",
    "var",
    "static_collected",
    "media",
    "node_modules",
    "test-results",
    "tests",
    "bench",
    "locale",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
}


def msgfmt_statistics(po: Path) -> str:
    """Check a catalogue like the build does (-c) and return msgfmt's statistics line."""
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"msgfmt rejects {po}:\n{result.stderr}"
    return result.stderr.strip()


def msgids_of(po: Path, *attrib_options) -> list[str]:
    """The msgids msgattrib selects with the given options (e.g. --untranslated)."""
    result = subprocess.run(
        ["msgattrib", "--no-obsolete", "--no-wrap", *attrib_options, str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    return [m for m in re.findall(r'^msgid "(.*)"$', result.stdout, re.MULTILINE) if m]


def assert_complete(po: Path):
    statistics = msgfmt_statistics(po)
    untranslated = msgids_of(po, "--untranslated")
    fuzzy = msgids_of(po, "--only-fuzzy")
    assert not untranslated, f"{po}: untranslated: {untranslated}"
    assert not fuzzy, f"{po}: fuzzy (check and unflag): {fuzzy}"
    assert "untranslated" not in statistics and "fuzzy" not in statistics, statistics
    translated = int(re.match(r"(\d+) translated message", statistics).group(1))
    return translated


def test_every_lithuanian_string_is_translated_and_not_fuzzy():
    translated = assert_complete(LT_PO)
    assert translated >= 250, f"only {translated} strings: is this the right catalogue?"
    # JavaScript strings, once there are any, are held to the same rule.
    js_po = LT_PO.with_name("djangojs.po")
    if js_po.exists():
        msgfmt_statistics(js_po)
        assert not msgids_of(js_po, "--untranslated") + msgids_of(js_po, "--only-fuzzy")


def test_lithuanian_catalogue_uses_the_three_lithuanian_plural_forms():
    header = LT_PO.read_text(encoding="utf-8").split("\n\n", 1)[0]
    header = header.replace('"\n"', "")  # join the wrapped header lines
    assert "Language: lt\\n" in header
    assert f"Plural-Forms: {LT_PLURAL_FORMS}\\n" in header


def test_english_catalogue_exists_and_compiles():
    msgfmt_statistics(LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po")


def test_catalogue_holds_every_string_in_the_code(tmp_path):
    """`make messages` on a copy of the sources adds nothing untranslated: a string
    added to the code without a Lithuanian translation fails here."""
    copy = tmp_path / "src"
    shutil.copytree(
        PROJECT_DIR,
        copy,
        ignore=lambda directory, names: [
            name
            for name in names
            if name in NOT_SOURCE or name.endswith((".pyc", ".sqlite3", ".mo"))
        ],
    )
    (copy / "locale" / "lt" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(LT_PO, copy / "locale" / "lt" / "LC_MESSAGES" / "django.po")
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale",
            "lt",
            "--domain",
            "django",
            "--extension",
            "html,txt,py,email",
            "--add-location",
            "file",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    merged = copy / "locale" / "lt" / "LC_MESSAGES" / "django.po"
    missing = msgids_of(merged, "--untranslated") + msgids_of(merged, "--only-fuzzy")
    assert not missing, (
        "strings in the code without a Lithuanian translation "
        f"(run `make messages` and translate them in {LT_PO.relative_to(PROJECT_DIR)}): "
        f"{missing}"
    )


@pytest.fixture
def compiled_catalogues(tmp_path):
    """The catalogues as they are in the repository, compiled now (the build compiles
    them too; *.mo files are not committed), and used by Django's translation."""
    for language in ("lt", "en"):
        source = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
        target = tmp_path / language / "LC_MESSAGES" / "django.mo"
        target.parent.mkdir(parents=True)
        subprocess.run(["msgfmt", "-o", str(target), str(source)], check=True)
    with override_settings(LOCALE_PATHS=[str(tmp_path)]):
        yield


def test_interface_speaks_lithuanian(compiled_catalogues):
    with translation.override("lt"):
        assert str(SocialPost._meta.verbose_name_plural) == "socialinių tinklų įrašai"
        assert str(Channel._meta.verbose_name_plural) == "kanalai"
        assert str(Delivery._meta.verbose_name_plural) == "paskelbimai tinkluose"
        assert str(Absence._meta.verbose_name) == "nebuvimas darbe"
        assert str(Delivery.Status.SENT.label) == "Paskelbta"
        assert str(Delivery.Status.PENDING.label) == "Suplanuota"
        assert str(Delivery.Status.FAILED.label) == "Nepavyko"
        assert str(Network.FACEBOOK.label) == "Facebook puslapis"
        assert str(Network.MANUAL.label) == "Rankiniu būdu"


def test_network_counter_message_in_lithuanian(compiled_catalogues):
    problems = validate(Network.INSTAGRAM, "a" * 2341)
    too_long = [problem for problem in problems if problem.code == "too_long"]
    assert len(too_long) == 1

    # The message is rendered when shown, in the reader's language.
    with translation.override("lt"):
        assert str(too_long[0]) == "Instagram: 2\u00a0341 / 2\u00a0200 simbolių"
    with translation.override("en"):
        assert str(too_long[0]) == "Instagram: 2,341 / 2,200 characters"


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_upstream_translations_are_complete_and_use_lithuanian_plurals(domain):
    """Our Lithuanian for what Wagtail's and Django's catalogues lack (locale_upstream/)."""
    po = PROJECT_DIR / "locale_upstream" / "lt" / "LC_MESSAGES" / f"{domain}.po"
    assert assert_complete(po) > 0
    header = po.read_text(encoding="utf-8").split("\n\n", 1)[0].replace('"\n"', "")
    assert "nplurals=3;" in header
