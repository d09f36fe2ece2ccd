"""Every CSV the library writes is safe to open in a spreadsheet, whatever the string dtype, and reads back."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from stance import exports
from stance.cli import main
from stance.evaluation import read_annotation_sheet, write_annotation_sheet

#: Text that a spreadsheet would run as a formula (or that starts like one), then harmless text.
FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "'=already quoted", "plain, text"]
#: Every string dtype pandas can give a column.
DTYPES = {
    "object": lambda values: pd.Series(values, dtype=object),
    "str": lambda values: pd.Series(values, dtype="str"),
    "string[python]": lambda values: pd.Series(values, dtype=pd.StringDtype("python")),
    "string[pyarrow]": lambda values: pd.Series(values, dtype=pd.StringDtype("pyarrow")),
    "ArrowDtype(string)": lambda values: pd.Series(values, dtype=pd.ArrowDtype(pa.string())),
    "ArrowDtype(large_string)": lambda values: pd.Series(values, dtype=pd.ArrowDtype(pa.large_string())),
    "ArrowDtype(dictionary)": lambda values: pd.Series(pd.array(pa.array(values).dictionary_encode(), dtype=pd.ArrowDtype(pa.dictionary(pa.int32(), pa.string())))),
    "category": lambda values: pd.Series(values, dtype="category"),
    "category of ArrowDtype": lambda values: pd.Series(values).astype(pd.CategoricalDtype(pd.Index(pd.Series(values).dropna().unique(), dtype=pd.ArrowDtype(pa.string())))),
}


def cells(text: str) -> list[list[str]]:
    """The rows of CSV ``text``, parsed as a spreadsheet would split them."""
    return list(csv.reader(io.StringIO(text, newline="")))


def assert_safe(text: str) -> None:
    """No cell of CSV ``text`` starts like a formula unless it is a number."""
    for row in cells(text):
        for cell in row:
            if cell.startswith(exports.FORMULA_PREFIXES):
                float(cell)  # raises for text such as "-2+3"


def frame_of(dtype: str) -> pd.DataFrame:
    """A frame with a text column of ``dtype`` (formulas and a missing value), numbers and a formula-like column name."""
    text = DTYPES[dtype](FORMULAS)
    return pd.DataFrame({"text": text, "score": np.linspace(-1.5, 2.0, len(FORMULAS)), "=total": pd.array(range(-4, 4), dtype="Int64")})


@pytest.mark.parametrize("dtype", sorted(DTYPES))
def test_write_csv_to_a_path_and_to_a_stream(tmp_path, dtype):
    frame = frame_of(dtype)
    raw = exports.write_csv(frame, tmp_path / "x.csv").read_bytes().decode("utf-8")
    stream = io.StringIO(newline="")
    assert exports.write_csv(frame, stream) is stream
    assert stream.getvalue() == raw
    assert_safe(raw)
    rows = cells(raw)
    assert rows[0] == ["text", "score", "'=total"]
    assert [row[0] for row in rows[1:]] == ["'" + value for value in FORMULAS[:-1]] + ["plain, text"]
    assert [row[1] for row in rows[1:3]] == ["-1.5", "-1.0"] and [row[2] for row in rows[1:3]] == ["-4", "-3"]  # numbers stay numbers
    assert frame["text"].iloc[0] == FORMULAS[0]  # the caller's frame is untouched


@pytest.mark.parametrize("dtype", sorted(DTYPES))
def test_read_csv_undoes_write_csv(tmp_path, dtype):
    frame = frame_of(dtype)
    back = exports.read_csv(exports.write_csv(frame, tmp_path / "x.csv"), dtype={"text": str}, keep_default_na=False)
    assert back["text"].tolist() == FORMULAS
    assert back.columns.tolist() == ["text", "score", "=total"]
    assert back["score"].tolist() == frame["score"].tolist() and back["=total"].tolist() == list(range(-4, 4))


def test_missing_text_stays_an_empty_cell(tmp_path):
    for dtype in DTYPES:
        raw = exports.write_csv(pd.DataFrame({"text": DTYPES[dtype](["=1", None])}), tmp_path / "x.csv").read_bytes()
        assert raw == b'text\r\n\'=1\r\n""\r\n', dtype


@pytest.mark.parametrize("dtype", sorted(DTYPES))
def test_annotation_sheets_are_safe_and_read_back(tmp_path, dtype):
    values = DTYPES[dtype](FORMULAS)
    rows = pd.DataFrame({"id": values, "text": values, "target": values, "predicted": ["favor", "against"] * 4})
    write_annotation_sheet(rows, tmp_path / "sheet.csv", n=len(rows), blind=False)
    raw = (tmp_path / "sheet.csv").read_bytes().decode("utf-8")
    assert_safe(raw)
    assert "'+1+1" in raw and "'-2+3" in raw and "'@SUM(A1)" in raw and "'''=already quoted" not in raw

    filled = pd.read_csv(tmp_path / "sheet.csv", dtype=str, keep_default_na=False)  # as an annotator's tool reads it
    filled["label"] = "favor"
    filled.to_csv(tmp_path / "filled.csv", index=False, lineterminator="\r\n")  # and saves it back as it is
    back = read_annotation_sheet(tmp_path / "filled.csv")
    assert back.attrs["unlabelled"] == 0
    by_id = dict(zip(back["id"], back["text"]))
    assert sorted(by_id) == sorted(FORMULAS) and all(by_id[value] == value for value in FORMULAS)
    assert sorted(back["target"]) == sorted(FORMULAS)


def test_cli_csv_is_safe(tmp_path, capsys):
    article = tmp_path / "article.txt"
    article.write_text("\n\n".join(FORMULAS[:4]) + "\n", encoding="utf-8")
    assert main(["analyze", str(article), "--format", "csv", "--no-attribution", "--scorer", "none"]) == 0
    raw = capsys.readouterr().out
    assert_safe(raw)
    rows = cells(raw)
    text = rows[0].index("text")
    assert [row[text] for row in rows[1:]] == ["'" + value for value in FORMULAS[:4]]
    assert exports.read_csv(io.StringIO(raw, newline=""))["text"].tolist() == FORMULAS[:4]
