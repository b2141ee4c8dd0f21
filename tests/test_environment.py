"""The installed environment is exactly what constraints.txt pins."""

from importlib.metadata import distributions
from packaging.utils import canonicalize_name
from packaging.version import Version
from pathlib import Path
import subprocess
import sys


ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from constraints_to_versions import read_pins  # noqa: E402
from constraints_to_versions import render  # noqa: E402


OWN = {"proeve"}


def pins():
    return {canonicalize_name(k): v for k, v in read_pins(ROOT / "constraints.txt").items()}


def installed():
    return {canonicalize_name(d.metadata["Name"]): d.version for d in distributions()}


def test_no_pin_is_a_prerelease():
    bad = {name: v for name, v in pins().items() if Version(v).is_prerelease}
    assert bad == {}


def test_no_installed_package_is_a_prerelease():
    bad = {
        name: v for name, v in installed().items() if name not in OWN and Version(v).is_prerelease
    }
    assert bad == {}


def test_every_installed_package_is_pinned_at_its_version():
    expected = pins()
    wrong = {
        name: (version, expected.get(name))
        for name, version in installed().items()
        if name not in OWN and expected.get(name) != version
    }
    assert wrong == {}, "installed (version, pin) that differ from constraints.txt"


def test_core_pins():
    expected = pins()
    assert expected["products-cmfplone"] == "6.2.2"
    assert expected["collective-workspace"] == "4.0.0"


def test_pip_check_is_clean():
    result = subprocess.run(
        [sys.executable, "-m", "pip", "check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_buildout_versions_follow_constraints():
    current = (ROOT / "versions.cfg").read_text(encoding="utf-8")
    assert current == render(read_pins(ROOT / "constraints.txt")), "run `make versions-cfg`"
