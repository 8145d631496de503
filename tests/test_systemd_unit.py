"""The real unit file, checked by systemd's own parser (`systemd-analyze verify` and `security --offline`).

systemd is not PID 1 on the test machines, so the unit cannot be started; verify and security are the parts of
systemd that read unit files offline. `verify` refuses a unit whose ExecStart binary does not exist, and the
unit's binary (/opt/edge-voice/.venv/bin/edge) only exists on an installed box, so each test verifies a copy in a
temporary directory with only that binary path rewritten to an executable that exists here (this checkout's
`edge` entry point, or the venv's python when the package is not installed). Every other line is the real file.
`verify` merely warns (exit 0) about a bad value and then ignores the line, so a test also fails on any warning.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

UNIT = Path(__file__).resolve().parents[1] / "systemd" / "edge-voice.service"
INSTALLED_BIN = "/opt/edge-voice/.venv/bin/edge"

pytestmark = pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                                reason="systemd-analyze not found (apt-get install systemd)")


def _local_bin() -> str:
    edge = Path(sys.executable).with_name("edge")
    return str(edge if edge.exists() else Path(sys.executable))


def _copy(tmp_path: Path, text: str | None = None) -> Path:
    text = UNIT.read_text() if text is None else text
    dest = tmp_path / UNIT.name  # the same name: security/verify report per unit name
    dest.write_text(text.replace(f"ExecStart={INSTALLED_BIN} ", f"ExecStart={_local_bin()} "))
    return dest


def _verify(unit: Path) -> tuple[int, list[str]]:
    """Exit code and every line systemd printed about our unit (warnings included)."""
    out = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60)
    lines = (out.stdout + out.stderr).splitlines()
    return out.returncode, [ln for ln in lines if unit.name in ln]


def _settings(text: str) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for line in text.splitlines():
        if "=" in line and not line.lstrip().startswith(("#", "[")):
            key, _, value = line.partition("=")
            values.setdefault(key.strip(), []).append(value.strip())
    return values


def test_verify_accepts_the_unit_without_a_single_warning(tmp_path):
    assert f"ExecStart={INSTALLED_BIN} serve --config /etc/edge-voice/edge.yaml" in UNIT.read_text()
    code, remarks = _verify(_copy(tmp_path))
    assert code == 0 and remarks == [], remarks


def test_verify_rejects_a_missing_binary(tmp_path):
    copy = _copy(tmp_path)
    copy.write_text(copy.read_text().replace(f"ExecStart={_local_bin()} ", "ExecStart=/nonexistent/edge "))
    code, remarks = _verify(copy)
    assert code != 0
    assert any("/nonexistent/edge" in r for r in remarks), remarks


@pytest.mark.parametrize("good, bad", [
    ("Type=notify", "Type=notfy"),
    ("WatchdogSec=30s", "WatchdogSec=half a minute"),
    ("ProtectSystem=strict", "ProtectSystem=very"),
    ("NotifyAccess=main", "NotifyAcess=main"),
])
def test_a_typo_is_caught(tmp_path, good, bad):
    text = UNIT.read_text()
    assert good in text
    _code, remarks = _verify(_copy(tmp_path, text.replace(good, bad)))
    assert remarks, f"systemd said nothing about {bad!r}"


def test_the_settings_the_daemon_relies_on():
    s = _settings(UNIT.read_text())
    assert s["Type"] == ["notify"] and s["NotifyAccess"] == ["main"]
    assert s["Restart"] == ["on-failure"]
    assert s["User"] == ["edge-voice"] and "audio" in s["SupplementaryGroups"][0].split()
    assert re.fullmatch(r"\d+s", s["WatchdogSec"][0]) and int(s["WatchdogSec"][0][:-1]) >= 10
    assert int(s["TimeoutStartSec"][0].rstrip("s")) >= 60, "model warm-up needs about a minute"
    assert set(s["RestrictAddressFamilies"][0].split()) == {"AF_UNIX", "AF_INET", "AF_INET6", "AF_NETLINK"}
    # onnxruntime/CTranslate2 may need writable+executable memory: this setting would crash them.
    assert "MemoryDenyWriteExecute" not in s
    for key in ("ProtectSystem", "ProtectHome", "PrivateTmp", "NoNewPrivileges", "ReadWritePaths"):
        assert key in s, key


def test_sandbox_exposure_is_low(tmp_path):
    """systemd's own sandbox score (0 = locked down, 10 = wide open) stays in its "OK" band."""
    copy = _copy(tmp_path)
    out = subprocess.run(["systemd-analyze", "security", "--offline=true", str(copy)],
                         capture_output=True, text=True, timeout=60, cwd=tmp_path)
    match = re.search(r"Overall exposure level for \S+: (\d+\.\d)", out.stdout)
    assert match, out.stdout[-2000:] + out.stderr
    assert float(match.group(1)) <= 3.0, out.stdout
