"""Corpus runs: sources, the results database, resuming, faults as data, killed runs."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import stance
from stance.corpus import Results, analyze_corpus
from stance.sources import CorpusRecord, FailedRecord, read_source

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus_worker  # noqa: E402

WORKER = Path(__file__).resolve().parent / "corpus_worker.py"
#: Columns that differ between runs by design (which run wrote a row, and when).
RUN_COLUMNS = ["run_id", "failed_at"]


@pytest.fixture(scope="module")
def analyzer():
    return corpus_worker.analyzer()


def stored(path: Path) -> dict[str, pd.DataFrame]:
    """Every document table, sorted and without the per-run columns, for comparing two databases."""
    with Results(path) as results:
        tables = {}
        for name in ("documents", "sentences", "attributions", "stances", "mentions", "errors", "actors"):
            frame = results.table(name).drop(columns=RUN_COLUMNS, errors="ignore")
            tables[name] = frame.sort_values(list(frame.columns[:4])).reset_index(drop=True)
        return tables


# -- sources --------------------------------------------------------------------------------


def ids_and_texts(source, **options):
    records, total = read_source(source, **options)
    return [(r.id, r.text if isinstance(r, CorpusRecord) else r.reason) for r in records], total


def test_a_list_of_strings_gets_position_ids():
    records, total = ids_and_texts(["One.", "Two."])
    assert records == [("0", "One."), ("1", "Two.")] and total == 2


def test_records_keep_their_id_and_metadata():
    records, _ = read_source([{"id": 7, "text": "One.", "date": "2022-01-01", "outlet": "Wire"}])
    (record,) = list(records)
    assert record == CorpusRecord("7", "One.", {"date": "2022-01-01", "outlet": "Wire"}, position=0)


def test_a_record_without_text_is_a_failure_with_the_reason():
    records, _ = read_source([{"id": "x"}, {"id": "y", "text": 3.5}, 42])
    reasons = [r.reason for r in records]
    assert all(isinstance(r, FailedRecord) for r in read_source([{"id": "x"}])[0])
    assert "no 'text'" in reasons[0] and "not text but float" in reasons[1] and "got int" in reasons[2]


def test_dataframe_dataset_and_files_give_the_same_records(tmp_path):
    frame = pd.DataFrame({"id": ["a", "b"], "text": ["First text.", "Second text."], "outlet": ["X", "Y"]})
    expected = [("a", "First text."), ("b", "Second text.")]
    frame.to_csv(tmp_path / "c.csv", index=False)
    frame.to_parquet(tmp_path / "c.parquet", index=False)
    frame.to_json(tmp_path / "c.jsonl", orient="records", lines=True)
    import datasets

    for source in (frame, datasets.Dataset.from_pandas(frame), tmp_path / "c.csv", tmp_path / "c.parquet", tmp_path / "c.jsonl"):
        records, total = ids_and_texts(source)
        assert records == expected, source
        assert total in (2, None)
    (record, _), _ = read_source(tmp_path / "c.parquet")[0], None
    assert record.metadata == {"outlet": "X"}


def test_a_folder_of_text_files_with_a_bad_file(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("Bee.", encoding="utf-8")
    (tmp_path / "sub" / "a.txt").write_text("Aye.", encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"caf\xe9")
    records, total = read_source(tmp_path)
    records = list(records)
    assert total == 3
    assert [r.id for r in records] == ["b", "c", "sub/a"]
    assert isinstance(records[1], FailedRecord) and "not valid UTF-8" in records[1].reason


def test_a_malformed_json_line_is_one_failure(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "Fine."}\n{broken\n\n{"text": "Also fine."}\n', encoding="utf-8")
    records, total = read_source(path)
    records = list(records)
    assert total == 3
    assert [type(r).__name__ for r in records] == ["CorpusRecord", "FailedRecord", "CorpusRecord"]
    assert "line 2" in records[1].reason and [r.id for r in records] == ["0", "1", "2"]


def test_unsupported_and_missing_sources_are_clear_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="no corpus"):
        read_source(tmp_path / "absent.jsonl")
    (tmp_path / "x.docx").write_text("x")
    with pytest.raises(ValueError, match="cannot read"):
        read_source(tmp_path / "x.docx")
    with pytest.raises(ValueError, match="no 'body' column"):
        read_source(pd.DataFrame({"text": ["a"]}), text_column="body")
    with pytest.raises(ValueError, match="cannot read a corpus"):
        read_source(12)


# -- Analyzer.pipe ------------------------------------------------------------------------


def test_pipe_carries_ids_and_metadata(analyzer):
    records = [{"id": "x", "text": "Putin praised Ukraine.", "outlet": "Wire"}, "Zelensky warned Russia."]
    documents = list(analyzer.pipe(records, batch_size=1))
    assert [d.id for d in documents] == ["x", "1"]
    assert documents[0].metadata == {"outlet": "Wire"}
    assert documents[0].sentences[0].stances["Ukraine"].label == "favor"


def test_pipe_raises_or_yields_failures(analyzer):
    records = ["Putin praised Ukraine.", {"id": "bad"}, "Zelensky warned Russia."]
    with pytest.raises(ValueError, match="'bad'.*no 'text'"):
        list(analyzer.pipe(records))
    results = list(analyzer.pipe(records, on_error="yield"))
    assert [type(r).__name__ for r in results] == ["Document", "FailedRecord", "Document"]
    assert results[1].position == 1
    with pytest.raises(ValueError, match="on_error"):
        list(analyzer.pipe(records, on_error="ignore"))


def test_pipe_isolates_a_scoring_failure_to_its_document(analyzer):
    class Fragile(corpus_worker.LexiconScorer):
        def predict(self, pairs, tasks=None, batch_size=64):
            if any("boom" in p.text for p in pairs):
                raise RuntimeError("the scorer broke")
            return super().predict(pairs, tasks, batch_size)

    fragile = stance.Analyzer(attribution_model=None, scorer=Fragile(), targets=["Russia"])
    results = list(fragile.pipe(["Kyiv praised Russia.", "Russia boom.", "Zelensky warned Russia."], batch_size=3, on_error="yield"))
    assert [type(r).__name__ for r in results] == ["Document", "FailedRecord", "Document"]
    assert "the scorer broke" in results[1].reason and results[1].position == 1
    assert results[2].sentences[0].stances["Russia"].label == "against"


# -- the results database ---------------------------------------------------------------


def test_a_run_stores_every_table_and_reads_back(tmp_path, analyzer):
    out = tmp_path / "r.duckdb"
    summary = analyze_corpus(corpus_worker.corpus(20), out, analyzer=analyzer, batch_size=4, progress=False)
    assert (summary.analysed, summary.skipped, summary.failed) == (19, 0, 1)
    assert set(summary.stages) == {"segmentation", "parsing", "mentions", "attribution rules", "scoring", "storage"}
    assert all(seconds > 0 for seconds in summary.stages.values()) and sum(summary.stages.values()) <= summary.seconds
    with Results(out) as results:
        documents = results.documents()
        assert len(documents) == 19 and documents["doc_id"].is_unique
        assert documents.loc[documents["doc_id"] == "a0003", "outlet"].item() == "outlet0"
        assert str(documents.loc[documents["doc_id"] == "a0003", "date"].item())[:10] == "2022-04-01"
        errors = results.errors()
        assert errors[["doc_id", "position"]].values.tolist() == [["a0016", 16]] and "no 'text'" in errors["reason"].item()
        sentences = results.sentences()
        body = sentences[(sentences["doc_id"] == "a0000") & (sentences["kind"] == "body")]
        assert body[["actor", "cue_text"]].values.tolist()[:2] == [["officials", "said"], ["Sergei Lavrov", "said"]]
        stances = results.stances()
        assert set(stances["target"]) == {"Russia", "Ukraine"}
        row = stances[(stances["doc_id"] == "a0000") & (stances["target"] == "Ukraine")].iloc[0]
        assert row["label"] == "favor" and row["score"] == pytest.approx(0.6)
        assert set(results.mentions()["actor"]) >= {"Vladimir Putin", "Sergei Lavrov", "Volodymyr Zelensky"}
        actors = results.actors().set_index("name")
        assert "Russia" in json.loads(actors.loc["Vladimir Putin", "ancestors"])
        (run,) = results.runs().itertuples()
        assert run.analysed == 19 and run.finished_at is not None
        assert json.loads(run.config)["targets"] == ["Russia", "Ukraine"]
        assert results.sql("SELECT count(*) AS n FROM stances")["n"].item() == len(stances)
        written = results.to_parquet(tmp_path / "parquet")
    assert pd.read_parquet(tmp_path / "parquet" / "stances.parquet").shape[0] == len(stances)
    assert len(written) == 8


def test_rerunning_skips_stored_documents_and_new_settings_write_beside(tmp_path, analyzer):
    out = tmp_path / "r.duckdb"
    records = corpus_worker.corpus(10)
    analyze_corpus(records[:6], out, analyzer=analyzer, batch_size=4, progress=False)
    again = analyze_corpus(records, out, analyzer=analyzer, batch_size=4, progress=False)
    assert (again.analysed, again.skipped, again.failed) == (4, 6, 0)
    other = analyze_corpus(records, out, analyzer=stance.Analyzer(attribution_model=None, scorer=corpus_worker.LexiconScorer(), targets=["Russia"]), progress=False)
    assert other.analysed == 10 and other.config_id != again.config_id
    with Results(out) as latest, Results(out, config_id=again.config_id) as first:
        assert set(latest.stances()["target"]) == {"Russia"}
        assert len(first.documents()) == 10 and len(latest.documents()) == 10
    with Results(out, config_id="all") as every:
        assert len(every.documents()) == 20
    with pytest.raises(ValueError, match="no configuration"):
        Results(out, config_id="nope")


def test_a_run_without_the_tone_stores_every_sentence_beside_the_default(tmp_path, analyzer):
    out = tmp_path / "r.duckdb"
    records = corpus_worker.corpus(6)
    toned = analyze_corpus(records, out, analyzer=analyzer, batch_size=4, progress=False)
    toneless = stance.Analyzer(attribution_model=None, scorer=corpus_worker.LexiconScorer(), targets=["Russia", "Ukraine"], tone=False)
    plain = analyze_corpus(records, out, analyzer=toneless, batch_size=4, progress=False)
    assert plain.analysed == 6 and plain.config_id != toned.config_id
    with Results(out, config_id=toned.config_id) as first, Results(out, config_id=plain.config_id) as second:
        assert json.loads(second.runs()["config"].item())["tone"] is False
        before, after = first.sentences(), second.sentences()
        assert after[["doc_id", "sentence"]].values.tolist() == before[["doc_id", "sentence"]].values.tolist()
        assert before["sentiment"].notna().any() and after["sentiment"].isna().all()
        columns = ["doc_id", "sentence", "target", "label", "score"]
        assert second.stances()[columns].values.tolist() == first.stances()[columns].values.tolist()


def test_duplicate_ids_and_retrying_errors(tmp_path, analyzer):
    out = tmp_path / "r.duckdb"
    records = [{"id": "a", "text": "Putin praised Ukraine."}, {"id": "a", "text": "Again."}, {"id": "b"}]
    summary = analyze_corpus(records, out, analyzer=analyzer, progress=False)
    assert (summary.analysed, summary.failed) == (1, 2)
    with Results(out) as results:
        assert "duplicate id" in " ".join(results.errors()["reason"])
    fixed = [{"id": "a", "text": "Putin praised Ukraine."}, {"id": "b", "text": "Russia warned."}]
    assert analyze_corpus(fixed, out, analyzer=analyzer, progress=False).analysed == 0
    retried = analyze_corpus(fixed, out, analyzer=analyzer, progress=False, retry_errors=True)
    assert retried.analysed == 1
    with Results(out) as results:
        assert sorted(results.documents()["doc_id"]) == ["a", "b"] and results.errors().empty


def test_options_are_checked(tmp_path, analyzer):
    with pytest.raises(ValueError, match="not both"):
        analyze_corpus(["x"], tmp_path / "r.duckdb", analyzer=analyzer, targets=["Russia"])
    with pytest.raises(ValueError, match="batch_size"):
        analyze_corpus(["x"], tmp_path / "r.duckdb", analyzer=analyzer, batch_size=0)
    with pytest.raises(FileNotFoundError, match="no results database"):
        Results(tmp_path / "absent.duckdb")


def test_a_killed_run_resumes_without_losing_or_duplicating_documents(tmp_path):
    """Kill a corpus run (SIGKILL) at random moments 5 times, resume, and compare with an uninterrupted run."""
    n, batch = 240, 8
    reference = tmp_path / "reference.duckdb"
    subprocess.run([sys.executable, str(WORKER), str(reference), str(n), str(batch)], check=True, capture_output=True, timeout=300)
    resumed = tmp_path / "resumed.duckdb"
    rng = random.Random(7)
    kills = 0
    for _ in range(5):
        process = subprocess.Popen([sys.executable, str(WORKER), str(resumed), str(n), str(batch)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(2.0, 5.0))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            kills += 1
        process.wait(timeout=60)
    assert kills >= 3, "the runs finished before they could be killed; make the corpus larger"
    subprocess.run([sys.executable, str(WORKER), str(resumed), str(n), str(batch)], check=True, capture_output=True, timeout=300)
    want, got = stored(reference), stored(resumed)
    assert len(got["documents"]) == n - n // 17 and got["documents"]["doc_id"].is_unique
    for name in want:
        pd.testing.assert_frame_equal(got[name], want[name], check_dtype=False, obj=name)


def test_a_hostile_corpus_killed_ten_times_stores_what_an_uninterrupted_run_stores(tmp_path):
    """Bad records (surrogates, empty, non-string, duplicate ids, a large document), SIGKILL at random moments >= 10 times."""
    n, batch = 400, 8
    command = lambda out: [sys.executable, str(WORKER), str(out), str(n), str(batch), "hostile"]  # noqa: E731
    reference = tmp_path / "reference.duckdb"
    subprocess.run(command(reference), check=True, capture_output=True, timeout=600)
    resumed = tmp_path / "resumed.duckdb"
    rng = random.Random(14)
    kills = 0
    for _ in range(16):
        process = subprocess.Popen(command(resumed), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(2.5, 6.0))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            kills += 1
        process.wait(timeout=60)
        if kills == 10:
            break
    assert kills == 10, "the runs finished before they could be killed ten times; make the corpus larger"
    subprocess.run(command(resumed), check=True, capture_output=True, timeout=600)
    want, got = stored(reference), stored(resumed)
    for name in want:
        pd.testing.assert_frame_equal(got[name], want[name], check_dtype=False, obj=name)
    errors = want["errors"].set_index("doc_id")
    records = corpus_worker.hostile_corpus(n)
    not_a_record = str(records.index(987))  # an item that is not a record gets its position as id
    assert {"empty", "blank", "number", not_a_record, "bad-\\ud83d-id"} <= set(errors.index)
    assert errors.loc["a0003", "reason"] == "duplicate id 'a0003': the record at position 3 has it"
    assert errors.loc["empty", "position"] == next(k for k, r in enumerate(records) if isinstance(r, dict) and r.get("id") == "empty")
    documents = want["documents"].set_index("doc_id")
    assert documents.loc["surrogate-text", "text"] == "Russia said \ufffd no. Putin praised Ukraine."
    assert documents.loc["surrogate-meta", "outlet"] == "bad \ufffd outlet"
    assert documents.loc["large", "sentences"] >= 2500
    assert len(documents) + len(errors) == len(records)  # every record is a document or an error


def test_cli_corpus_writes_a_database_and_parquet(tmp_path, capsys):
    from stance.cli import main

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.txt").write_text("Putin praised Ukraine, officials said.", encoding="utf-8")
    (folder / "two.txt").write_bytes(b"\xff\xfe bad")
    status = main(["corpus", str(folder), "--out", str(tmp_path / "r.duckdb"), "--quiet", "--scorer", "none",
                   "--attribution-model", "none", "--parquet", str(tmp_path / "pq")])
    out = capsys.readouterr().out
    assert status == 0 and "1 analysed" in out and "1 failed" in out
    assert (tmp_path / "pq" / "errors.parquet").is_file()
    assert main(["corpus", str(tmp_path / "absent"), "--out", str(tmp_path / "r.duckdb"), "--quiet", "--scorer", "none"]) == 2


def test_the_parse_helper_gives_the_same_parses_and_reports_its_death():
    from stance.attribution.parsing import ParseHelper, load_spacy, parse_documents
    from stance.segmentation import segment

    nlp = load_spacy()
    text = " ".join(f"Officials in Kyiv said on day {k} that Russia had fired {k} missiles." for k in range(ParseHelper.MIN_SENTENCES + 6))
    document = segment(text)
    request = [(document, [s.index for s in document.sentences])]
    helper = ParseHelper()
    try:
        alone = parse_documents(request, nlp)[0]
        shared = parse_documents(request, nlp, helper=helper)[0]
        assert len(shared) == len(document.sentences) >= ParseHelper.MIN_SENTENCES
        fields = lambda doc: [(t.text, t.tag_, t.pos_, t.lemma_, t.dep_, t.head.i, t.ent_type_, t.ent_iob_) for t in doc]  # noqa: E731
        assert all(fields(alone[i]) == fields(shared[i]) for i in alone)
        helper._process.send_signal(signal.SIGSTOP)  # stopped first, so that it cannot answer before it dies
        helper.send(["A sentence the helper will never parse."])
        helper._process.kill()  # the helper dies mid-request
        with pytest.raises(RuntimeError, match="ended unexpectedly"):
            helper.receive(nlp.vocab)
        assert parse_documents(request, nlp, helper=helper)[0].keys() == alone.keys()  # and starts again when next needed
    finally:
        helper.close()


def test_a_helper_that_cannot_start_falls_back_to_this_process_with_a_warning():
    from stance.attribution.parsing import ParseHelper, load_spacy, parse_documents
    from stance.segmentation import segment

    nlp = load_spacy()
    document = segment(" ".join(f"Moscow said on day {k} that talks had failed." for k in range(ParseHelper.MIN_SENTENCES + 2)))
    request = [(document, [s.index for s in document.sentences])]
    broken = ParseHelper("no_such_spacy_model")
    with pytest.warns(RuntimeWarning, match="parse helper process failed"):
        parsed = parse_documents(request, nlp, helper=broken)[0]
    assert not broken.usable and len(parsed) == len(document.sentences)
    assert [t.dep_ for t in parsed[0]] == [t.dep_ for t in nlp(document.sentences[0].text)]


def test_parse_processes_is_checked():
    with pytest.raises(ValueError, match="parse_processes must be 1, 2 or None"):
        stance.Analyzer(parse_processes=3, scorer=None)
