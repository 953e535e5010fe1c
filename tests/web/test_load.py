"""The web app under load on loopback: 50 concurrent clients over the main pages and the API
(``benchmarks.load_test``, 10 s here to spare the suite; ``python -m benchmarks.load_test``
runs the full 30 s) answer every request with a 2xx. The figures print even without ``-s``."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]


def test_fifty_clients_get_no_errors(capsys):
    from benchmarks.load_test import load_test, sample_db

    with sample_db() as db:
        result = load_test(db, clients=50, seconds=10)
    with capsys.disabled():
        print("\n" + result.summary())
    assert result.requests > 50 and result.errors == 0, result.failures
