"""Attribution: who holds the view each body sentence expresses, with the evidence.

* :mod:`stance.attribution.parsing` -- the spaCy pipeline and the parse helper process;
* :mod:`stance.attribution.mentions` -- actor mentions in the parsed sentences;
* :mod:`stance.attribution.model` -- the attribution model trained on PolNeAR (source and cue spans);
* :mod:`stance.attribution.rules` -- parse rules, combining them with the model, resolving holders to actors;
* :mod:`stance.attribution.decision` -- the learned decision whether a source the model found holds its sentence;
* :mod:`stance.attribution.stage` -- the pipeline stage (:class:`~stance.attribution.stage.AttributionStage`).
"""

from stance.attribution.decision import HolderDecision, holder_features
from stance.attribution.rules import article_date, attribute_document
from stance.records import AUTHOR

__all__ = ["AUTHOR", "HolderDecision", "article_date", "attribute_document", "holder_features"]
