"""What the scale commands refuse, and say, before any model loads: Ray missing, Ray without
--out, --address without Ray, an output folder in use, a folder with no records."""

from __future__ import annotations

import sys

import pytest
from typer.testing import CliRunner

from backchannel.cli import app
from backchannel.cli.scale import Engine, extract_to_parquet
from backchannel.errors import ConfigError, InputError
from backchannel.scale import INSTALL, check_out, extract_ray, import_ray


@pytest.fixture
def no_ray(monkeypatch):
    """Ray as when the extra is not installed (``import ray`` fails)."""
    monkeypatch.setitem(sys.modules, "ray", None)
    monkeypatch.setitem(sys.modules, "ray.data", None)


def test_a_missing_ray_extra_is_a_config_error_saying_how_to_install_it(no_ray, tmp_path):
    with pytest.raises(ConfigError, match=r"pip install 'backchannel\[ray\]'"):
        import_ray()
    with pytest.raises(ConfigError) as caught:
        extract_ray([str(tmp_path)], str(tmp_path / "out"))
    assert INSTALL in str(caught.value)
    assert not (tmp_path / "out").exists()


def _extract(out, *, engine=Engine.local, address=None) -> None:
    options = dict(model="m", workers=1, attribution="rules", dictionaries=None)
    options |= dict(keep_text=False, strict=False)
    extract_to_parquet(["x"], out, engine=engine, address=address, **options)


def test_ray_needs_an_output_folder_and_an_address_needs_ray(tmp_path):
    with pytest.raises(ConfigError, match="give --out DIR"):
        _extract(None, engine=Engine.ray)
    for out in (tmp_path, None):
        with pytest.raises(ConfigError, match="use it with --engine ray"):
            _extract(out, address="ray://head:10001")


def test_an_output_folder_that_holds_records_is_refused(tmp_path):
    check_out(tmp_path / "new")  # a new folder, or an empty one, is fine
    check_out(tmp_path)
    (tmp_path / "old.parquet").write_bytes(b"PAR1")
    with pytest.raises(ConfigError, match="already holds Parquet files"):
        check_out(tmp_path)
    (tmp_path / "file").write_text("x")
    with pytest.raises(ConfigError, match="is a file"):
        check_out(tmp_path / "file")


def test_ray_refuses_stdin_and_missing_inputs_before_it_starts(tmp_path):
    pytest.importorskip("ray.data", reason="the ray extra is not installed")
    with pytest.raises(InputError, match="not stdin"):
        extract_ray(["-"], str(tmp_path / "out"))
    with pytest.raises(InputError, match="no such file"):
        extract_ray([str(tmp_path / "missing")], str(tmp_path / "out"))


def test_load_of_a_folder_without_records_is_an_error_and_makes_no_store(tmp_path):
    done = CliRunner().invoke(
        app, ["load", str(tmp_path / "missing"), "--db", str(tmp_path / "bc.db")]
    )
    assert done.exit_code != 0
    assert isinstance(done.exception, InputError) and "no such folder" in str(done.exception)
    assert not (tmp_path / "bc.db").exists()
