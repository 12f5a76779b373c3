"""`make system-deps` (bin/system-deps): a fresh machine gets its Debian packages itself.

The script runs against a fake file system (SYSTEM_DEPS_ROOT) with `id`, `sudo` and
`apt-get` replaced by recorders on PATH, so no package is really installed.
"""

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
SCRIPT = PROJECT_DIR / "bin" / "system-deps"
PYTHON_DIR = f"python{sys.version_info.major}.{sys.version_info.minor}"
PROVIDED = {
    "python3-venv": f"usr/lib/{PYTHON_DIR}/ensurepip/__init__.py",
    "gettext": "usr/bin/msgfmt",
    "chromium": "usr/bin/chromium",
}

FAKE_COMMAND = """#!/bin/sh
echo "$(basename "$0") $*" >> "$CALLS"
"""


@pytest.fixture
def machine(tmp_path):
    root = tmp_path / "root"
    fakes = tmp_path / "bin"
    fakes.mkdir()
    calls = tmp_path / "calls"
    calls.touch()
    (fakes / "id").write_text('#!/bin/sh\necho "$FAKE_UID"\n')
    (fakes / "apt-get").write_text(FAKE_COMMAND)
    # sudo -n true answers as configured; sudo -n apt-get ... runs the fake apt-get.
    (fakes / "sudo").write_text(
        FAKE_COMMAND + '[ "$2" = true ] && exit "$SUDO_STATUS"\nshift\nexec "$@"\n'
    )
    for fake in fakes.iterdir():
        fake.chmod(0o755)

    def run(installed, uid=1000, sudo_status=1):
        for package in installed:
            path = root / PROVIDED[package]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()
        env = {
            "PATH": f"{fakes}:/usr/bin:/bin",
            "PYTHON": sys.executable,
            "SYSTEM_DEPS_ROOT": str(root),
            "CALLS": str(calls),
            "FAKE_UID": str(uid),
            "SUDO_STATUS": str(sudo_status),
            "HOME": str(tmp_path),
        }
        result = subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)
        return result, calls.read_text().splitlines()

    return run


def test_silent_and_without_apt_get_when_everything_is_installed(machine):
    result, calls = machine(PROVIDED)

    assert result.returncode == 0
    assert result.stdout == result.stderr == ""
    assert calls == []


def test_root_installs_only_what_is_missing(machine):
    result, calls = machine(["python3-venv", "gettext"], uid=0)

    assert result.returncode == 0, result.stderr
    assert calls == [
        "apt-get update -qq",
        "apt-get install -y -qq --no-install-recommends chromium",
    ]


def test_passwordless_sudo_installs_through_sudo(machine):
    result, calls = machine(["python3-venv"], sudo_status=0)

    assert result.returncode == 0, result.stderr
    assert "sudo -n apt-get update -qq" in calls
    assert "apt-get install -y -qq --no-install-recommends gettext chromium" in calls


def test_without_root_or_sudo_stops_with_one_line_naming_the_command(machine):
    result, calls = machine(["python3-venv", "gettext"], sudo_status=1)

    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "Missing system packages; run: sudo apt-get update && sudo apt-get install -y chromium"
    ]
    assert not [call for call in calls if call.startswith("apt-get")]
