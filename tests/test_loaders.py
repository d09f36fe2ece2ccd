"""Tests of stance.evaluation.loaders.

Every fixture is a few invented lines in the real format, written to tmp_path; the labelled data
itself is read only by the tests at the end, which skip when it is absent.
"""

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from stance.evaluation.loaders import (
    STANDARD_COLUMNS,
    infer_format,
    load,
    load_newsmtsc,
    load_polnear,
    load_pstance,
    load_ruw,
    load_semeval2016,
    load_sentence_boundaries,
    load_table,
    load_vast,
    polnear_documents,
    to_dataset,
)


def write(folder: Path, name: str, content: str, encoding: str = "utf-8") -> Path:
    """Write ``content`` to ``folder/name`` (creating folders) and return the path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode(encoding))
    return path


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def rows(frame: pd.DataFrame, columns=STANDARD_COLUMNS) -> list[tuple]:
    return [tuple(row) for row in frame[list(columns)].itertuples(index=False)]


# ---------------------------------------------------------------------------------------------
# Fixtures in each format
# ---------------------------------------------------------------------------------------------

TABLE = pd.DataFrame(
    {
        "key": ["a1", "a2", "a3"],
        "text": ["Budget talks stall again.", "Mayor Lane praises the plan.", "Nobody cares."],
        "target": ["budget", "plan", ""],
        "label": ["AGAINST", "pro", "None"],
        "speaker": ["Lane", "Lane", ""],
    }
)
TABLE_ROWS = [
    ("a1", "Budget talks stall again.", "budget", "against", "stance", "notes", ""),
    ("a2", "Mayor Lane praises the plan.", "plan", "favor", "stance", "notes", ""),
    ("a3", "Nobody cares.", "", "neutral", "stance", "notes", ""),
]

NEWSMTSC = jsonl(
    {
        "primary_gid": "x_1_Ann Lee_0_7",
        "sentence_normalized": "Ann Lee scolded Bob Ray on Monday.",
        "targets": [
            {"Input.gid": "x_1_Ann Lee_0_7", "from": 0, "to": 7, "mention": "Ann Lee", "polarity": 4.0},
            {"Input.gid": "x_1_Bob Ray_16_23", "from": 16, "to": 23, "mention": "Bob Ray", "polarity": 2.0,
             "further_mentions": [{"from": 0, "to": 3, "mention": "Ann"}]},
            # the same span and polarity under another name: merged into the row above
            {"Input.gid": "x_1_Robert Ray_16_23", "from": 16, "to": 23, "mention": "Bob Ray", "polarity": 2.0},
        ],
    },
    {
        "primary_gid": "x_2_Cy_0_2",
        "sentence_normalized": "Cy won. “Great,” said Di.",
        "targets": [
            {"Input.gid": "x_2_Cy_0_2", "from": 0, "to": 2, "mention": "Cy", "polarity": 6.0},
            # the same span with another polarity: kept and counted
            {"Input.gid": "x_2_Cyrus_0_2", "from": 0, "to": 2, "mention": "Cy", "polarity": 4.0},
            {"Input.gid": "x_2_Di_22_24", "from": 22, "to": 24, "mention": "Di", "polarity": 6.0},
        ],
    },
)

SEMEVAL = (
    "ID\tTarget\tTweet\tStance\n"
    '7\tAtheism\t"Pray more," she said \u2014 ok #SemST\tAGAINST\n'
    "8\tClimate Change is a Real Concern\tHot summer, hotter next one. #SemST\tFAVOR\n"
    "9\tHillary Clinton\tWatching the debate tonight #SemST\tNONE\n"
)

PSTANCE_TRAIN = "Tweet,Target,Stance\n\"Go Ann, go!\",Ann Lee,FAVOR\nAnn lies again.,Ann Lee,AGAINST\n"
PSTANCE_VAL = "Tweet,Target,Stance\nBob for mayor!,Bob Ray,FAVOR\n"

RUW = (
    "Tweet,Target 1,Stance 1,Target 2,Stance 2,Test/Train/Dev\n"
    "Peace talks now.,Russia,NONE,Ukraine,FAVOR,Dev\n"
    '"Stop the shelling, please",Russia,AGAINST,Ukraine,NONE,Dev\n'
)

VAST = (
    "Tweet,Target,Stance,seen?\n"
    "\"Comments add value, mostly.\",comment section,1,1\n"
    "Sugar taxes never work.,sugar tax,0,0\n"
    "Sugar taxes never work.,public health,2,0\n"
)

POLNEAR_TEXT = (
    "Officials said the bridge would reopen.\n"
    "\n"
    "It was unsafe, critics warned, and costly.\n"
    "Rumours spread."
)
#  0: "Officials" 0-9, "said" 10-14, content 15-38 "the bridge would reopen"
# 41: "It was unsafe" 41-54, "critics" 56-63, "warned" 64-70, "and costly" 72-82
# 84: "Rumours spread" 84-98
POLNEAR_FIRST = (
    "T1\tSource 0 9\tOfficials\n"
    "T2\tCue 10 14\tsaid\n"
    "T3\tContent 15 54\tthe bridge would reopen.\n"  # a span across the blank line: brat writes the
    "\n"  # line breaks into the annotation's text, which so continues on the next lines
    "It was unsafe\n"
    "T4\tAttribution 10 14\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7 Content2:T9\n"
    "T5\tSource 56 63\tcritics\n"
    "T6\tCue 64 70\twarned\n"
    "T7\tContent 41 54\tIt was unsafe\n"
    "T8\tAttribution 64 70\twarned\n"
    "T9\tContent 72 82\tand costly\n"
    "T10\tContent 15 38;41 54\tthe bridge would reopen It was unsafe\n"  # two pieces, joined by a space
    "T11\tAttribution-no-source 84 91\tRumours\n"
    "T12\tCue 92 98\tspread\n"
    "E3\tAttribution-no-source:T11 Cue:T12 Content:T10\n"
    "T13\tAttribution-no-source 84 91\tRumours\n"
    "E4\tAttribution-no-source:T13\n"  # no content: skipped and counted
    "T14\tDiscuss 0 9\tOfficials\n"
    "#1\tAnnotatorNotes T14\tnot sure\n"
)
POLNEAR_SECOND = "T1\tSource 56 63\tcritics\nT2\tCue 64 70\twarned\nT3\tContent 41 54\tIt was unsafe\nE1\tCue:T2 Content:T3\n"
POLNEAR_ARTICLE = "west-post_2016-09-12_bridge-reopens"


def polnear_folder(tmp_path: Path, first: str = POLNEAR_FIRST) -> Path:
    folder = tmp_path / "dev"
    write(folder, f"text/{POLNEAR_ARTICLE}.txt", POLNEAR_TEXT)
    write(folder, f"attributions/{POLNEAR_ARTICLE}_1a2b.ann", first)
    write(folder, f"attributions/{POLNEAR_ARTICLE}_9f9f.ann", POLNEAR_SECOND)
    write(folder, "text/plain-name.txt", "No attribution here.")
    write(folder, "attributions/plain-name.ann", "")
    return folder


GOLDEN = jsonl(
    {"rule_id": 1, "rule": "Simple period", "text": "Hi there. Bye.", "expected_sentences": ["Hi there.", "Bye."]},
    {"rule_id": 2, "rule": "Abbreviation", "text": "Dr. Ng left.", "expected_sentences": ["Dr. Ng left."]},
)
GUM = jsonl(
    {"doc_id": "GUM_news_x", "ud_split": "train", "text": "Title\n\nIt rained. Roads shut.",
     "sentences": ["Title", "It rained.", "Roads shut."], "sentence_char_spans": [[0, 5], [7, 17], [18, 29]]},
)


# ---------------------------------------------------------------------------------------------
# Each loader on its own fixture
# ---------------------------------------------------------------------------------------------


def write_table(folder: Path, suffix: str) -> Path:
    path = folder / f"notes{suffix}"
    if suffix == ".parquet":
        TABLE.to_parquet(path)
    elif suffix == ".json":
        path.write_text(TABLE.to_json(orient="records"), encoding="utf-8")
    elif suffix in (".jsonl", ".ndjson"):
        path.write_text(jsonl(*TABLE.to_dict(orient="records")), encoding="utf-8")
    else:
        TABLE.to_csv(path, sep="\t" if suffix == ".tsv" else ",", index=False)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet"])
def test_load_table_reads_every_format_the_same(tmp_path, suffix):
    frame = load_table(write_table(tmp_path, suffix), task="stance", id_column="key", actor_column="speaker")
    assert list(frame.columns) == [*STANDARD_COLUMNS, "actor"]
    assert rows(frame) == TABLE_ROWS
    assert frame["actor"].tolist() == ["Lane", "Lane", ""]


def test_load_table_targets_ids_splits_and_label_map(tmp_path):
    path = write(tmp_path, "train.csv", "sentence,code,part\nPrices rose.,-1,dev\nPrices fell.,1.0,dev\n")
    frame = load_table(path, task="sentiment", text_column="sentence", label_column="code")
    assert rows(frame) == [
        ("0", "Prices rose.", "", "negative", "sentiment", "train", "train"),
        ("1", "Prices fell.", "", "positive", "sentiment", "train", "train"),
    ]
    frame = load_table(path, task="stance", text_column="sentence", label_column="code", split_column="part",
                       target="prices", label_map={-1: "against", 1: "favor"}, dataset="mine")
    assert rows(frame) == [
        ("0", "Prices rose.", "prices", "against", "stance", "mine", "dev"),
        ("1", "Prices fell.", "prices", "favor", "stance", "mine", "dev"),
    ]


def test_load_table_reads_each_rows_task_from_a_task_column(tmp_path):
    path = write(tmp_path, "mixed.csv", "text,target,label,task\nWe back it.,it,pro,stance\nA lovely day.,,pos,sentiment\nNo.,it,con,\n")
    frame = load_table(path, task="stance", task_column="task")
    assert frame["task"].tolist() == ["stance", "sentiment", "stance"]  # an empty cell: task=
    assert frame["label"].tolist() == ["favor", "positive", "against"]
    assert load_table(path, task="sentiment")["task"].tolist() == ["sentiment"] * 3  # without task_column: task= for all
    assert load_table(write(tmp_path, "plain.csv", "text,label\nYes.,pro\n"), task="stance", task_column="task")["task"].tolist() == ["stance"]
    with pytest.raises(ValueError, match=r"unknown task 'tone' \(.*bad.csv, row 1, column 'task'\)"):
        load_table(write(tmp_path, "bad.csv", "text,label,task\nYes.,pro,stance\nNo.,neg,tone\n"), task="stance", task_column="task")


def test_load_table_refuses_a_fixed_target_beside_a_target_column(tmp_path):
    path = write_table(tmp_path, ".csv")
    with pytest.raises(ValueError, match="target column 'target'"):
        load_table(path, task="stance", target="budget")
    frame = load_table(path, task="stance", target="budget", target_column=None)
    assert set(frame["target"]) == {"budget"}


def test_dataframe_and_dataset_input_round_trip():
    frame = load_table(TABLE, task="stance", id_column="key", dataset="notes")
    assert rows(frame) == TABLE_ROWS
    dataset = to_dataset(frame)
    assert dataset.num_rows == 3 and dataset.column_names == list(frame.columns)
    assert list(frame.columns)[: len(STANDARD_COLUMNS)] == list(STANDARD_COLUMNS)
    assert frame["speaker"].tolist() == ["Lane", "Lane", ""]  # other columns travel along
    back = load_table(dataset, task="stance", id_column="id", split_column="split", dataset="notes")
    pd.testing.assert_frame_equal(back, frame)


def test_load_newsmtsc(tmp_path):
    frame = load_newsmtsc(write(tmp_path, "dev_mt.jsonl", NEWSMTSC))
    assert list(frame.columns) == [*STANDARD_COLUMNS, "target_start", "target_end"]
    assert rows(frame, [*STANDARD_COLUMNS, "target_start", "target_end"]) == [
        ("x_1_Ann Lee_0_7", "Ann Lee scolded Bob Ray on Monday.", "Ann Lee", "neutral", "sentiment", "newsmtsc", "dev", 0, 7),
        ("x_1_Bob Ray_16_23", "Ann Lee scolded Bob Ray on Monday.", "Bob Ray", "negative", "sentiment", "newsmtsc", "dev", 16, 23),
        ("x_2_Cy_0_2", "Cy won. “Great,” said Di.", "Cy", "positive", "sentiment", "newsmtsc", "dev", 0, 2),
        ("x_2_Cyrus_0_2", "Cy won. “Great,” said Di.", "Cy", "neutral", "sentiment", "newsmtsc", "dev", 0, 2),
        ("x_2_Di_22_24", "Cy won. “Great,” said Di.", "Di", "positive", "sentiment", "newsmtsc", "dev", 22, 24),
    ]
    assert frame.attrs["skipped"] == {"repeated target (same span and polarity)": 1}
    assert frame.attrs["conflicting_targets"] == 1


def test_load_semeval2016_reads_windows_1252(tmp_path):
    frame = load_semeval2016(write(tmp_path, "train.txt", SEMEVAL, encoding="cp1252"))
    assert rows(frame) == [
        ("7", '"Pray more," she said \u2014 ok #SemST', "Atheism", "against", "stance", "semeval2016", "train"),
        ("8", "Hot summer, hotter next one. #SemST", "Climate Change is a Real Concern", "favor", "stance", "semeval2016", "train"),
        ("9", "Watching the debate tonight #SemST", "Hillary Clinton", "neutral", "stance", "semeval2016", "train"),
    ]
    assert frame.attrs["encoding"] == "cp1252"
    utf8 = load_semeval2016(write(tmp_path, "utf8.txt", SEMEVAL))
    assert utf8.attrs["encoding"] == "utf-8-sig" and utf8["text"].tolist() == frame["text"].tolist()


def test_load_pstance_file_and_folder(tmp_path):
    write(tmp_path, "pstance/train_ann.csv", PSTANCE_TRAIN)
    write(tmp_path, "pstance/val_bob.csv", PSTANCE_VAL)
    frame = load_pstance(tmp_path / "pstance")
    assert rows(frame) == [
        ("train_ann:0", "Go Ann, go!", "Ann Lee", "favor", "stance", "pstance", "train"),
        ("train_ann:1", "Ann lies again.", "Ann Lee", "against", "stance", "pstance", "train"),
        ("val_bob:0", "Bob for mayor!", "Bob Ray", "favor", "stance", "pstance", "val"),
    ]
    assert rows(load_pstance(tmp_path / "pstance" / "val_bob.csv")) == rows(frame)[2:]


def test_load_ruw_gives_two_rows_per_tweet(tmp_path):
    frame = load_ruw(write(tmp_path, "val.csv", RUW))
    assert rows(frame) == [
        ("0-1", "Peace talks now.", "Russia", "neutral", "stance", "ruw", "dev"),
        ("0-2", "Peace talks now.", "Ukraine", "favor", "stance", "ruw", "dev"),
        ("1-1", "Stop the shelling, please", "Russia", "against", "stance", "ruw", "dev"),
        ("1-2", "Stop the shelling, please", "Ukraine", "neutral", "stance", "ruw", "dev"),
    ]


def test_load_vast_codes_and_seen(tmp_path):
    frame = load_vast(write(tmp_path, "dev.csv", VAST))
    assert rows(frame, [*STANDARD_COLUMNS, "seen"]) == [
        ("0", "Comments add value, mostly.", "comment section", "favor", "stance", "vast", "dev", True),
        ("1", "Sugar taxes never work.", "sugar tax", "against", "stance", "vast", "dev", False),
        ("2", "Sugar taxes never work.", "public health", "neutral", "stance", "vast", "dev", False),
    ]
    assert frame["seen"].dtype == bool


def test_load_vast_accepts_the_original_column_names(tmp_path):
    path = write(tmp_path, "vast_dev.csv", "post,topic_str,label,seen?\nTaxes are theft.,taxes,0,1\n")
    assert rows(load_vast(path)) == [("0", "Taxes are theft.", "taxes", "against", "stance", "vast", "")]


def test_load_polnear_one_row_per_attribution(tmp_path):
    frame = load_polnear(polnear_folder(tmp_path))
    assert list(frame.columns) == [*STANDARD_COLUMNS, "doc_id", "annotator", "source", "source_spans", "cue_spans", "content_spans"]
    fixed = ("", "attribution", "attribution", "polnear", "dev", POLNEAR_ARTICLE, "1a2b")
    assert [tuple(row) for row in frame.drop(columns="text").itertuples(index=False)] == [
        (f"{POLNEAR_ARTICLE}:E1", *fixed, (0, 9), [(0, 9)], [(10, 14)], [(15, 54)]),
        (f"{POLNEAR_ARTICLE}:E2", *fixed, (56, 63), [(56, 63)], [(64, 70)], [(41, 54), (72, 82)]),
        (f"{POLNEAR_ARTICLE}:E3", *fixed, None, [], [(92, 98)], [(15, 38), (41, 54)]),
    ]
    assert set(frame["text"]) == {POLNEAR_TEXT}
    assert frame.attrs["skipped"] == {"attribution without content": 1}
    assert frame.attrs["unlinked_spans"] == {"Discuss": 1}
    assert frame.attrs["documents"] == 2


def test_polnear_documents_and_annotators(tmp_path):
    folder = polnear_folder(tmp_path)
    documents = polnear_documents(folder)
    assert [(d["doc_id"], d["outlet"], d["date"], d["annotator"], len(d["attributions"])) for d in documents] == [
        ("plain-name", None, None, "", 0),
        (POLNEAR_ARTICLE, "west-post", "2016-09-12", "1a2b", 3),
    ]
    everyone = load_polnear(folder, annotator="all")
    assert everyone["id"].tolist()[-1] == f"{POLNEAR_ARTICLE}:9f9f:E1"
    assert len(everyone) == 4 and everyone.attrs["documents"] == 3


def test_polnear_article_without_annotation_file_is_counted(tmp_path):
    folder = polnear_folder(tmp_path)
    (folder / "attributions" / "plain-name.ann").unlink()
    frame = load_polnear(folder)
    assert frame.attrs["skipped"] == {"attribution without content": 1, "article without annotation file": 1}


def test_load_sentence_boundaries(tmp_path):
    write(tmp_path, "sb/golden_rules.jsonl", GOLDEN)
    write(tmp_path, "sb/gum_news_dev.jsonl", GUM)
    frame = load_sentence_boundaries(tmp_path / "sb")
    assert list(frame.columns) == ["id", "text", "sentences", "spans", "dataset", "rule"]
    assert [tuple(row) for row in frame.itertuples(index=False)] == [
        ("rule-1", "Hi there. Bye.", ["Hi there.", "Bye."], None, "golden_rules", "Simple period"),
        ("rule-2", "Dr. Ng left.", ["Dr. Ng left."], None, "golden_rules", "Abbreviation"),
        ("GUM_news_x", "Title\n\nIt rained. Roads shut.", ["Title", "It rained.", "Roads shut."],
         [(0, 5), (7, 17), (18, 29)], "gum_news", None),
    ]


# ---------------------------------------------------------------------------------------------
# load(): choosing the loader
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def every_format(tmp_path) -> dict[str, Path]:
    write(tmp_path, "p/train_ann.csv", PSTANCE_TRAIN)
    write(tmp_path, "sb/golden_rules.jsonl", GOLDEN)
    return {
        "newsmtsc": write(tmp_path, "a.jsonl", NEWSMTSC),
        "semeval2016": write(tmp_path, "b.txt", SEMEVAL),
        "pstance": tmp_path / "p",
        "ruw": write(tmp_path, "c.csv", RUW),
        "vast": write(tmp_path, "d.csv", VAST),
        "polnear": polnear_folder(tmp_path),
        "sentence_boundaries": tmp_path / "sb",
        "table": write_table(tmp_path, ".csv"),
    }


def test_load_infers_every_format(every_format):
    for name, path in every_format.items():
        assert infer_format(path) == name
        if name != "table":
            assert len(load(path)) == len(load(path, format=name))
    assert infer_format(TABLE) == "table"


def test_load_table_needs_a_task_and_checks_it(every_format):
    with pytest.raises(ValueError, match="pass task="):
        load(every_format["table"])
    assert rows(load(every_format["table"], task="stance", id_column="key")) == TABLE_ROWS
    assert len(load(every_format["table"], format="csv", task="stance")) == 3
    with pytest.raises(ValueError, match="not 'stance'"):
        load(every_format["newsmtsc"], task="stance")
    with pytest.raises(ValueError, match="unknown format"):
        load(every_format["table"], format="excel")


# ---------------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------------

LOADERS = [load_newsmtsc, load_semeval2016, load_pstance, load_ruw, load_vast, load_polnear, load_sentence_boundaries,
           lambda path: load_table(path, task="stance"), load]


@pytest.mark.parametrize("loader", LOADERS)
def test_missing_file_names_it(tmp_path, loader):
    with pytest.raises(FileNotFoundError, match="nowhere.csv"):
        loader(tmp_path / "nowhere.csv")


@pytest.mark.parametrize("loader", [f for f in LOADERS if f is not load_polnear])
def test_empty_file_names_it(tmp_path, loader):
    path = write(tmp_path, "empty.csv", "")
    with pytest.raises(ValueError, match=f"{re.escape(str(path))} is empty"):
        loader(path)


def test_header_only_file_has_no_rows(tmp_path):
    path = write(tmp_path, "head.csv", "Tweet,Target,Stance\n")
    with pytest.raises(ValueError, match="head.csv has no data rows"):
        load_pstance(path)


def test_empty_polnear_article_names_it(tmp_path):
    folder = polnear_folder(tmp_path)
    write(folder, "text/plain-name.txt", "")
    with pytest.raises(ValueError, match="plain-name.txt is empty"):
        load_polnear(folder)


@pytest.mark.parametrize(
    ("loader", "name", "content", "column"),
    [
        (load_pstance, "train.csv", "Tweet,Target\nHi,Ann\n", "'Stance'"),
        (load_ruw, "val.csv", RUW.replace("Stance 2", "Stance two"), "'Stance 2'"),
        (load_vast, "dev.csv", VAST.replace("seen?", "seen"), "'seen?'"),
        (load_semeval2016, "train.txt", SEMEVAL.replace("Tweet", "Text"), "'Tweet'"),
        (load_newsmtsc, "dev.jsonl", NEWSMTSC.replace('"sentence_normalized"', '"sentence"'), "'sentence_normalized'"),
        (load_newsmtsc, "dev.jsonl", NEWSMTSC.replace('"polarity"', '"label"'), "'polarity'"),
        (load_sentence_boundaries, "gum.jsonl", GUM.replace('"sentence_char_spans"', '"spans"'), "'sentence_char_spans'"),
    ],
)
def test_missing_column_names_file_column_and_those_present(tmp_path, loader, name, content, column):
    path = write(tmp_path, name, content)
    with pytest.raises(ValueError, match="missing") as error:
        loader(path)
    message = str(error.value)
    assert str(path) in message and column in message and "present:" in message


def test_missing_column_in_a_table(tmp_path):
    path = write_table(tmp_path, ".csv")
    with pytest.raises(ValueError) as error:
        load_table(path, task="stance", label_column="stance")
    assert str(error.value) == (
        f"{path}: missing column 'stance'; columns present: 'key', 'text', 'target', 'label', 'speaker'"
    )


@pytest.mark.parametrize(
    ("loader", "name", "content", "place"),
    [
        (load_pstance, "train.csv", "Tweet,Target,Stance\nHi,Ann,FAVOR\n  ,Ann,FAVOR\n", "row 1, column 'Tweet'"),
        (load_vast, "dev.csv", "Tweet,Target,Stance,seen?\n,t,0,1\n", "row 0, column 'Tweet'"),
        (load_newsmtsc, "dev.jsonl", NEWSMTSC.replace("Cy won. “Great,” said Di.", ""),
         "line 2, targets[0], column 'sentence_normalized'"),
        (load_sentence_boundaries, "golden.jsonl", GOLDEN.replace("Dr. Ng left.\",", "\","), "line 2, field 'text'"),
    ],
)
def test_empty_text_names_file_row_and_column(tmp_path, loader, name, content, place):
    path = write(tmp_path, name, content)
    with pytest.raises(ValueError, match=f"empty text \\({re.escape(str(path))}, {re.escape(place)}\\)"):
        loader(path)


def test_missing_text_in_a_dataframe():
    frame = TABLE.assign(text=["ok", None, "ok"])
    with pytest.raises(ValueError, match=r"empty text \(<DataFrame>, row 1, column 'text'\)"):
        load_table(frame, task="stance")


@pytest.mark.parametrize(
    ("loader", "name", "content", "place", "value"),
    [
        (load_pstance, "train.csv", PSTANCE_TRAIN.replace("AGAINST", "MAYBE"), "row 1, column 'Stance'", "'MAYBE'"),
        (load_semeval2016, "train.txt", SEMEVAL.replace("NONE", "UNSURE"), "row 2, column 'Stance'", "'UNSURE'"),
        (load_ruw, "val.csv", RUW.replace("AGAINST,Ukraine,NONE", "AGAINST,Ukraine,???"), "row 1, column 'Stance 2'", "'???'"),
        (load_vast, "dev.csv", VAST.replace("sugar tax,0,0", "sugar tax,3,0"), "row 1, column 'Stance'", "'3'"),
        (load_newsmtsc, "dev.jsonl", NEWSMTSC.replace("6.0", "5.0", 1), "line 2, targets[0], column 'polarity'", "5.0"),
    ],
)
def test_label_outside_the_mapping_names_file_row_column_and_value(tmp_path, loader, name, content, place, value):
    path = write(tmp_path, name, content)
    with pytest.raises(ValueError) as error:
        loader(path)
    message = str(error.value)
    assert f"{path}, {place}" in message and value in message


def test_label_outside_a_table_label_map(tmp_path):
    path = write(tmp_path, "codes.csv", "text,label\nGood.,1\nBad.,-1\n")
    with pytest.raises(ValueError, match=r"label '-1' is not in the label map.*codes.csv, row 1, column 'label'"):
        load_table(path, task="stance", label_map={0: "against", 1: "favor", 2: "neutral"})


def test_vast_seen_must_be_0_or_1(tmp_path):
    path = write(tmp_path, "dev.csv", VAST.replace("public health,2,0", "public health,2,yes"))
    with pytest.raises(ValueError, match=r"'yes'.*dev.csv, row 2, column 'seen\?'"):
        load_vast(path)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('"from": 22, "to": 24', '"from": 22, "to": 99', r"span \[22, 99\] lies outside the text"),
        ('"from": 16, "to": 23, "mention": "Bob Ray", "polarity": 2.0, "further',
         '"from": 15, "to": 22, "mention": "Bob Ray", "polarity": 2.0, "further', r"text\[15:22\] is ' Bob Ra', not 'Bob Ray'"),
    ],
)
def test_newsmtsc_target_span_must_match_the_text(tmp_path, old, new, message):
    path = write(tmp_path, "dev.jsonl", NEWSMTSC.replace(old, new))
    with pytest.raises(ValueError, match=message) as error:
        load_newsmtsc(path)
    assert f"{path}, line " in str(error.value) and "column 'from'" in str(error.value)


def test_newsmtsc_invalid_json_names_the_line(tmp_path):
    path = write(tmp_path, "dev.jsonl", NEWSMTSC + "{oops\n")
    with pytest.raises(ValueError, match=f"{re.escape(str(path))}, line 3: not valid JSON"):
        load_newsmtsc(path)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("T9\tContent 72 82", "T9\tContent 72 182", r"line 13\)"),  # outside the text
        ("T1\tSource 0 9\tOfficials", "T1\tSource 1 9\tOfficials", r"line 1: T1 reads 'fficials'"),
        ("Content2:T9", "Content2:T99", r"line 8: unknown role or span 'Content2:T99'"),
        ("T2\tCue 10 14\tsaid", "T2\tCue ten\tsaid", "line 2: cannot read the span"),
    ],
)
def test_polnear_spans_are_checked(tmp_path, old, new, message):
    folder = polnear_folder(tmp_path, POLNEAR_FIRST.replace(old, new))
    with pytest.raises(ValueError, match=message) as error:
        load_polnear(folder)
    assert f"{POLNEAR_ARTICLE}_1a2b.ann, line" in str(error.value)


def test_gum_sentence_span_must_match(tmp_path):
    path = write(tmp_path, "gum.jsonl", GUM.replace("[18, 29]", "[18, 28]"))
    with pytest.raises(ValueError, match=r"text\[18:28\] is 'Roads shut', not 'Roads shut.' \(.*gum.jsonl, line 1, sentence 2\)"):
        load_sentence_boundaries(path)


def test_polnear_folder_needs_text_and_attributions(tmp_path):
    with pytest.raises(FileNotFoundError, match="text/ and attributions/"):
        load_polnear(tmp_path)


def test_repeated_ids_are_refused(tmp_path):
    path = write(tmp_path, "train.txt", SEMEVAL.replace("8\tClimate", "7\tClimate"))
    with pytest.raises(ValueError, match="ids must be unique; repeated: '7'"):
        load_semeval2016(path)


# ---------------------------------------------------------------------------------------------
# The labelled data (skipped when absent); the counts were measured on the shared copy
# ---------------------------------------------------------------------------------------------


def test_real_newsmtsc(data_dir):
    dev_rw = load_newsmtsc(data_dir / "newsmtsc" / "dev_rw.jsonl")
    dev_mt = load_newsmtsc(data_dir / "newsmtsc" / "dev_mt.jsonl")
    train = load_newsmtsc(data_dir / "newsmtsc" / "train.jsonl")
    # 343, 442 and 8,739 targets; 2 and 56 repeat a span with the same polarity; none conflicts
    assert (len(dev_rw), len(dev_mt), len(train)) == (343, 440, 8683)
    assert (dev_rw["text"].nunique(), dev_mt["text"].nunique()) == (320, 216)
    assert dev_mt.attrs["skipped"] == {"repeated target (same span and polarity)": 2}
    assert train.attrs["skipped"] == {"repeated target (same span and polarity)": 56}
    assert train.attrs["conflicting_targets"] == 0
    assert dev_rw["label"].value_counts().to_dict() == {"neutral": 136, "negative": 134, "positive": 73}


def test_real_semeval2016(data_dir):
    frame = load_semeval2016(data_dir / "semeval2016" / "train.txt")
    assert len(frame) == 2814 and frame.attrs["encoding"] == "cp1252"
    assert frame["label"].value_counts().to_dict() == {"against": 1342, "neutral": 741, "favor": 731}
    assert frame["target"].nunique() == 5


def test_real_pstance(data_dir):
    frame = load_pstance(data_dir / "pstance")
    assert frame.groupby("split").size().to_dict() == {"train": 17224, "val": 2193}
    assert set(frame["target"]) == {"Bernie Sanders", "Joe Biden", "Donald Trump"}
    assert set(frame["label"]) == {"favor", "against"}


def test_real_ruw(data_dir):
    val = load_ruw(data_dir / "ruw" / "val.csv")
    train = load_ruw(data_dir / "ruw" / "train.csv")
    assert (len(val), val["text"].nunique(), set(val["split"])) == (1200, 600, {"dev"})
    assert (len(train), set(train["split"])) == (8400, {"train"})
    assert val["target"].tolist()[:2] == ["Russia", "Ukraine"]


def test_real_vast(data_dir):
    frame = load_vast(data_dir / "vast" / "dev.csv")
    assert len(frame) == 2062 and frame["text"].nunique() == 682
    assert frame["seen"].value_counts().to_dict() == {True: 1043, False: 1019}
    assert frame["label"].value_counts().to_dict() == {"neutral": 697, "against": 684, "favor": 681}


def test_real_polnear(data_dir):
    dev = load_polnear(data_dir / "polnear" / "dev")
    assert (dev.attrs["documents"], dev["doc_id"].nunique(), len(dev)) == (84, 84, 2192)
    assert dev.attrs["skipped"] == {"attribution without content": 1}
    assert dev["source"].isna().sum() == 126  # no source in the text
    everyone = load_polnear(data_dir / "polnear" / "dev", annotator="all")
    assert (everyone.attrs["documents"], len(everyone)) == (94, 2319)


def test_real_polnear_train(data_dir):
    train = load_polnear(data_dir / "polnear" / "train")
    assert (train.attrs["documents"], len(train)) == (840, 19832)
    assert train.attrs["skipped"] == {"attribution without content": 36}


def test_real_sentence_boundaries(data_dir):
    frame = load_sentence_boundaries(data_dir / "sentence_boundaries")
    assert frame.groupby("dataset").size().to_dict() == {"golden_rules": 48, "gum_news": 12}
    assert frame.loc[frame["dataset"] == "gum_news", "sentences"].map(len).sum() == 416


def test_real_data_formats_are_inferred(data_dir):
    expected = {
        "newsmtsc/dev_rw.jsonl": "newsmtsc",
        "semeval2016/train.txt": "semeval2016",
        "pstance": "pstance",
        "pstance/val_biden.csv": "pstance",
        "ruw/val.csv": "ruw",
        "vast/dev.csv": "vast",
        "polnear/dev": "polnear",
        "sentence_boundaries": "sentence_boundaries",
    }
    assert {name: infer_format(data_dir / name) for name in expected} == expected


def test_split_dev_is_stratified_and_reproducible():
    from stance.evaluation.loaders import split_dev

    frame = pd.DataFrame(
        {
            "id": [str(i) for i in range(40)],
            "text": [f"t{i}" for i in range(40)],
            "target": ["a"] * 20 + ["b"] * 20,
            "label": (["favor"] * 10 + ["against"] * 10) * 2,
        }
    )
    train, dev = split_dev(frame, fraction=0.25, seed=7)
    again_train, again_dev = split_dev(frame, fraction=0.25, seed=7)
    assert list(dev["id"]) == list(again_dev["id"]) and list(train["id"]) == list(again_train["id"])
    assert len(dev) == 10 and set(train["id"]).isdisjoint(dev["id"])
    assert dev.groupby(["target", "label"]).size().between(2, 3).all()  # 5 of each 10 rows, 25% held out
    assert set(dev["split"]) == {"dev"} and set(train["split"]) == {"train"}
    with pytest.raises(ValueError, match="fraction"):
        split_dev(frame, fraction=1.5)
