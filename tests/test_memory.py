"""Freed memory goes back to the system between batches (glibc's malloc_trim)."""

from __future__ import annotations

import platform

import pytest

from backchannel import memory


def test_release_says_whether_it_could():
    assert isinstance(memory.release(), bool)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_release_trims_on_glibc():
    garbage = [bytearray(4096) for _ in range(10_000)]
    del garbage
    assert memory.release() is True
