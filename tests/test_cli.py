"""The command line, end to end."""

import json
import subprocess
import sys

from stance.cli import main

from conftest import EXAMPLE


def test_table_output_lists_every_sentence(capsys):
    assert main(["analyze", str(EXAMPLE)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:6] == ["doc_id", "sentence", "paragraph", "start", "end", "kind"]
    assert len(lines) == 1 + 25
    assert "headline" in lines[1] and "dateline" in lines[4]


def test_json_output_round_trips(capsys):
    assert main(["analyze", str(EXAMPLE), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["id"] == str(EXAMPLE)
    assert doc["text"] == EXAMPLE.read_text(encoding="utf-8")
    assert len(doc["sentences"]) == 25


def test_csv_output_and_several_files(capsys, tmp_path):
    second = tmp_path / "second.txt"
    second.write_text("Xi spoke. Putin listened.", encoding="utf-8")
    assert main(["analyze", str(EXAMPLE), str(second), "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("doc_id,sentence,paragraph,start,end,kind")
    assert len(lines) == 1 + 25 + 2
    assert lines[-1].endswith("Putin listened.")


def test_bad_files_are_reported_and_the_rest_analysed(capsys, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 au lait.")
    status = main(["analyze", str(bad), str(tmp_path / "missing.txt"), str(EXAMPLE), "--format", "csv"])
    captured = capsys.readouterr()
    assert status == 1
    assert "not valid UTF-8: byte 0xe9 at byte offset 3" in captured.err
    assert "missing.txt" in captured.err
    assert len(captured.out.splitlines()) == 1 + 25


def test_replace_option_decodes_bad_bytes(capsys, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 au lait.")
    assert main(["analyze", str(bad), "--errors", "replace", "--format", "csv"]) == 0
    assert "caf\ufffd au lait." in capsys.readouterr().out


def test_installed_command_reads_stdin():
    result = subprocess.run(
        [sys.executable, "-m", "stance", "analyze", "-", "--format", "csv"],
        input="MOSCOW (Reuters) - Putin spoke. Xi listened.".encode(),
        capture_output=True,
        check=True,
    )
    rows = result.stdout.decode().splitlines()
    assert [row.split(",")[5] for row in rows[1:]] == ["dateline", "body", "body"]


def test_table_shows_holders_and_can_skip_attribution(capsys):
    assert main(["analyze", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "actor" in out.splitlines()[0] and "Vladimir Putin" in out and "verb-subject" in out
    assert main(["analyze", str(EXAMPLE), "--no-attribution"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert "actor" not in header and "verb-subject" not in header


def test_missing_holder_decision_is_a_clear_error(capsys, tmp_path):
    assert main(["analyze", str(EXAMPLE), "--holder-decision", str(tmp_path / "nowhere.json")]) == 2
    assert "no decision file" in capsys.readouterr().err
    assert main(["analyze", str(EXAMPLE), "--holder-decision", "none", "--scorer", "none"]) == 0


def test_missing_attribution_model_is_a_clear_error(capsys, tmp_path):
    assert main(["analyze", str(EXAMPLE), "--attribution-model", str(tmp_path / "nowhere")]) == 2
    assert "no attribution model" in capsys.readouterr().err


def test_no_tone_leaves_every_sentences_tone_empty(capsys):
    assert main(["analyze", str(EXAMPLE), "--format", "json", "--no-tone", "--target", "China"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert all(s["sentiment"] is None for s in doc["sentences"])
    assert any(s["stances"] for s in doc["sentences"])  # the target pairs are still scored
