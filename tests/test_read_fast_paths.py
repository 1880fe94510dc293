"""The reader's fast paths give what the plain rules give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from grappe.importer import read


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_control_count_equals_the_byte_by_byte_count(head: bytes) -> None:
    expected = sum(1 for byte in head if byte in read._BINARY_CONTROLS)
    assert len(head.translate(None, read._NOT_BINARY_CONTROLS)) == expected


def test_every_byte_is_counted_as_the_set_says() -> None:
    for byte in range(256):
        counted = len(bytes([byte]).translate(None, read._NOT_BINARY_CONTROLS))
        assert counted == (byte in read._BINARY_CONTROLS), byte
