"""Reading documents: encodings Word and Excel save, line endings, and clear refusals."""

from __future__ import annotations

import pytest

from etl.extract import ExtractError, read_source
from tests.conftest import RAW

CATALOGUE = (RAW / "catalogue_2021_fr.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (CATALOGUE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + CATALOGUE.encode("utf-8"), "utf-8-sig"),
        (CATALOGUE.encode("utf-16"), "utf-16"),
        (CATALOGUE.encode("utf-16-le"), "utf-16-le"),  # Word's "Unicode text" without a byte-order mark
        (CATALOGUE.encode("utf-16-be"), "utf-16-be"),
        (CATALOGUE.replace("\n", "\r\n").encode("cp1252", errors="replace"), "cp1252"),
    ],
)
def test_the_same_text_in_the_encodings_office_software_saves(tmp_path, data, encoding):
    path = tmp_path / "c.txt"
    path.write_bytes(data)
    source = read_source(path)
    assert source.encoding == encoding
    expected = CATALOGUE.encode("cp1252", errors="replace").decode("cp1252") if encoding == "cp1252" else CATALOGUE
    assert source.lines == tuple(expected.splitlines())
    assert "Coopération" in source.lines[40] or any("coopération" in x for x in source.lines)  # no 'Coopčration'


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"\x00\x01binary", "binary file"), (b"caf\xe9 \x81", "nor Windows-1252"), (b"ok\xe9\x01", "control characters"),
     (b"   \n", "empty")],
)  # fmt: skip
def test_undecodable_input_is_refused_with_the_reason(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(ExtractError, match=reason):
        read_source(path)
