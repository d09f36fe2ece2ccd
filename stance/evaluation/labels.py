"""Label names for evaluation: the canonical labels of each task and their accepted spellings.

They live with the scoring protocol in :mod:`stance.scoring.base` (the one place they are
defined); this module keeps the evaluation package's import path.
"""

from stance.scoring.base import LABEL_MAP, TASK_LABELS, check_task, normalize_label, normalize_labels

__all__ = ["LABEL_MAP", "TASK_LABELS", "check_task", "normalize_label", "normalize_labels"]
