"""The command line refuses bad input with one line on standard error and a nonzero exit, never a traceback."""

from __future__ import annotations

import os

import duckdb
import pytest

from stance.cli import main

FAST = ["--no-attribution", "--scorer", "none"]
#: Files that are not UTF-8 text, by kind.
NOT_UTF8 = {
    "latin1": "id,text\n1,Caf\u00e9 au lait.\n".encode("latin-1"),
    "utf16": "id,text\n1,Hello.\n".encode("utf-16"),
    "binary": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,  # an image saved as .csv
}
as_root = pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write in any folder")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Run ``stance argv...``; return the status, standard output and standard error."""
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def assert_one_line(err: str, *names: str) -> None:
    """``err`` is one line, without a traceback, naming each of ``names``."""
    lines = err.splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    for name in names:
        assert name in lines[0], (name, lines[0])


def corpus(tmp_path, source, *options: str) -> list[str]:
    """The arguments of a fast, quiet corpus run of ``source`` into ``tmp_path/r.duckdb``."""
    return ["corpus", str(source), "--out", str(tmp_path / "r.duckdb"), "--quiet", *FAST, *options]


@pytest.fixture
def labelled(tmp_path):
    """A small labelled CSV for ``stance eval``."""
    path = tmp_path / "labels.csv"
    path.write_text("text,target,label\nWe back NATO.,NATO,favor\nNATO is wrong.,NATO,against\nNATO met.,NATO,neutral\n", encoding="utf-8")
    return path


@pytest.fixture
def articles(tmp_path):
    """A CSV corpus of one article."""
    path = tmp_path / "articles.csv"
    path.write_text("id,text\na,Putin spoke. Xi listened.\n", encoding="utf-8")
    return path


def test_parquet_into_an_existing_file_is_refused_before_the_run(tmp_path, capsys, articles):
    existing = tmp_path / "exports"
    existing.write_text("not a folder")
    status, out, err = run(capsys, *corpus(tmp_path, articles, "--parquet", str(existing)))
    assert status == 2 and out == ""
    assert_one_line(err, "--parquet", str(existing))
    assert not (tmp_path / "r.duckdb").exists()


@pytest.mark.parametrize(
    "argv, option",
    [
        (["eval", "{data}", "--resamples", "-1"], "--resamples"),
        (["eval", "{data}", "--resamples", "0"], "--resamples"),
        (["eval", "{data}", "--seed", "-1"], "--seed"),
        (["eval", "{data}", "--show-errors", "-2"], "--show-errors"),
        (["analyze", "{data}", "--width", "-1", *FAST], "--width"),
        (["corpus", "{data}", "--batch-size", "0", *FAST], "--batch-size"),
    ],
)
def test_numeric_options_out_of_range_are_refused_before_any_output(capsys, labelled, argv, option):
    status, out, err = run(capsys, *[arg.format(data=labelled) for arg in argv])
    assert status == 2 and out == ""
    assert_one_line(err, option)


@pytest.mark.parametrize("option, folder", [("--json", False), ("--plots", True)])
def test_output_under_a_file_is_refused_before_the_evaluation(tmp_path, capsys, labelled, option, folder):
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    status, out, err = run(capsys, "eval", str(labelled), option, str(blocker / "report"))
    assert status == 2 and out == ""
    assert_one_line(err, option, str(blocker))
    status, out, err = run(capsys, "eval", str(labelled), option, str(tmp_path if not folder else blocker))
    assert status == 2 and out == ""
    assert_one_line(err, option, "a folder, not a file" if not folder else "a file, not a folder")


@as_root
@pytest.mark.parametrize("option", ["--json", "--plots"])
def test_output_into_an_unwritable_folder_is_refused_before_the_evaluation(tmp_path, capsys, labelled, option):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        status, out, err = run(capsys, "eval", str(labelled), option, str(locked / "report"))
    finally:
        locked.chmod(0o700)
    assert status == 2 and out == ""
    assert_one_line(err, option, str(locked))


@pytest.mark.parametrize("kind", sorted(NOT_UTF8))
def test_a_corpus_csv_that_is_not_utf8_is_named(tmp_path, capsys, kind):
    source = tmp_path / f"{kind}.csv"
    source.write_bytes(NOT_UTF8[kind])
    status, out, err = run(capsys, *corpus(tmp_path, source))
    assert status == 1
    assert_one_line(err, str(source), "UTF-8")


@pytest.mark.parametrize("kind", sorted(NOT_UTF8))
def test_an_eval_csv_that_is_not_utf8_is_named(tmp_path, capsys, kind):
    data = tmp_path / f"{kind}.csv"
    data.write_bytes(NOT_UTF8[kind])
    status, out, err = run(capsys, "eval", str(data))
    assert status == 2 and out == ""
    assert_one_line(err, str(data))


def test_an_empty_csv_is_named(tmp_path, capsys):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    status, _, err = run(capsys, *corpus(tmp_path, empty))
    assert status == 1 and "No columns to parse" not in err
    assert_one_line(err, str(empty), "empty")
    status, out, err = run(capsys, "eval", str(empty))
    assert status == 2 and out == ""
    assert_one_line(err, str(empty), "empty")


def test_an_empty_input_prints_no_empty_dataframe(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    status, out, err = run(capsys, "analyze", str(empty), *FAST)
    assert status == 0 and out == "" and "Empty DataFrame" not in err
    assert_one_line(err, "no sentences")


@pytest.mark.parametrize("command", ["analyze", "corpus"])
def test_a_missing_actors_file_is_refused_even_without_attribution(tmp_path, capsys, articles, command):
    missing = tmp_path / "missing.yaml"
    argv = corpus(tmp_path, articles) if command == "corpus" else ["analyze", str(articles), *FAST]
    status, out, err = run(capsys, *argv, "--actors", str(missing))
    assert status == 2 and out == ""
    assert_one_line(err, "--actors", str(missing))


def test_a_truncated_database_is_one_line(tmp_path, capsys, articles):
    assert main(corpus(tmp_path, articles)) == 0
    database = tmp_path / "r.duckdb"
    database.write_bytes(database.read_bytes()[:5000])
    capsys.readouterr()
    status, _, err = run(capsys, *corpus(tmp_path, articles))
    assert status == 1
    assert_one_line(err, str(database.name))


@pytest.mark.parametrize("error", [duckdb.IOException("IO Error: disk\nLINE 1: x"), duckdb.CatalogException("no table"), RuntimeError("cannot open\nit"), ValueError("holds no runs")])
def test_database_errors_of_the_corpus_command_are_one_line(tmp_path, capsys, articles, monkeypatch, error):
    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr("stance.corpus.analyze_corpus", fail)
    status, _, err = run(capsys, *corpus(tmp_path, articles))
    assert status == 1
    assert_one_line(err, str(error).splitlines()[0])
