"""Evaluation: labelled data in, honest figures out.

* :mod:`~stance.evaluation.loaders`: labelled files (generic tables and the shared data sets) into one
  standard DataFrame;
* :mod:`~stance.evaluation.labels`: the documented mapping of label spellings to canonical labels;
* :mod:`~stance.evaluation.metrics`: metrics as plain functions, bootstrap intervals, paired tests;
* :mod:`~stance.evaluation.attribution`: span metrics for attribution and actor accuracy;
* :mod:`~stance.evaluation.news_stance`: (sentence, holder, target) stance in news, end to end;
* :mod:`~stance.evaluation.report`: :func:`evaluate` a system on labelled rows into a :class:`Report`;
* :mod:`~stance.evaluation.annotation`: annotation sheets and agreement between annotators.
"""

from stance.evaluation.annotation import read_annotation_sheet, sample_for_annotation, sheet_agreement, write_annotation_sheet
from stance.evaluation.labels import LABEL_MAP, TASK_LABELS, normalize_label
from stance.evaluation.news_stance import NewsStanceReport, sentiment_as_stance
from stance.evaluation.report import AttributionReport, Report, column_baseline, compare, evaluate, majority_baseline, vader_baseline

__all__ = [
    "AttributionReport",
    "LABEL_MAP",
    "NewsStanceReport",
    "Report",
    "TASK_LABELS",
    "column_baseline",
    "compare",
    "evaluate",
    "majority_baseline",
    "normalize_label",
    "read_annotation_sheet",
    "sample_for_annotation",
    "sentiment_as_stance",
    "sheet_agreement",
    "vader_baseline",
    "write_annotation_sheet",
]
