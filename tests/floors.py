"""Every quality floor the gate tests pin, in one place, with the data it was measured on.

A floor sits a little below the figure measured on its fixed subset of ../shared/data (the
subset the gate test reads, named in ``data``), so that a change that loses quality fails the
build while run-to-run noise does not. When a change moves a figure, measure the subset again
(the gate test prints the scores when it fails) and move ``measured`` and, if the change is
kept, ``floor`` here, with the full-set figures in docs/EVAL.md.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Floor:
    floor: float  # the gate fails below this
    measured: float | None  # the figure on ``data`` when the floor was set (None: not recorded)
    data: str  # the fixed subset the gate test reads


_ECB6 = "ECB+ dev, topics 1-6, arrival order shuffled with seed 13"
_T17 = "Timeline17 dev, the month of newsfuse.eval.cluster.T17_GATE (187 articles), with dates and without"
_MN40 = "Multi-News 200, first 40 clusters without cross-cluster copies, seed 13"
_POOLED = "pooled, dates present (date order) and removed (shuffled, seed 13); the lower of the two"
_MN15 = "Multi-News 200, first 15 clusters (ROUGE-1/2 F1 at 250 words, R-1 recall at 100)"
_T17IRAQ6 = (
    "Timeline17 dev, IraqWar_guardian (a held-out topic, not tuned on): its first 6 days with an "
    "entry, 16 articles (ROUGE-1/2 recall at 100 words against the journalists' entries)"
)
_T17LIBYA5 = (
    "Timeline17 dev, LibyaWar_cnn (a tuning topic: in-sample): its first 5 days with an entry, "
    "24 articles whose updates repeat background sentences (ROUGE-1 recall at 100 words)"
)
_AEB40 = "article-extraction-benchmark, first 40 pages by sorted id"
_ECB2 = "ECB+ dev, topics 1-2 (cross-document entities)"
_TB12 = "TempEval-3 training, TimeBank: every third of the first 36 documents (12)"
_PN12 = "PolNeAR dev, first 12 annotation files"
_AQ = "TempEval-3 training, AQUAINT: every 6th document (13)"
_MT = "MEANTIME: every 4th document (30)"
_AQALL = (
    "TempEval-3 training, AQUAINT: all 73 documents (the creation time TempEval-3 gives each, or "
    "the wire header's filing date when it is days away: newsfuse.eval.dates.creation_date)"
)
# in-sample: the loaded-language model was trained on all five BASIL years (docs/eval/framing.md
# has the leave-one-year-out figures); this floor guards against regressions, claims no quality
_T17H4 = "Timeline17 dev, haiti: the first 4 articles of each day (77), its journalists' timeline"
_BASIL14 = "BASIL dev, 2014 (30 articles, 10 events), shipped model"
_ECB_FACTS = (
    "ECB+ dev, topics 13, 14 and 16 (6 events, 68 articles; not tuned on), embeddings on: "
    "link precision / recall of the facts' citations against cross-document event chains"
)
_T17_BBC = (
    "Timeline17 dev, SyrianCrisis_bbc: 3 multi-article days, 5 articles each, no embeddings "
    "(share of briefing items holding no recurring line of the outlet)"
)
_T17_CNN = (
    "Timeline17 dev, EgyptianProtest_cnn (live blogs, transcripts): 3 multi-article days, "
    "5 articles each, no embeddings (share of briefing items holding no recurring line)"
)

FLOORS: dict[str, Floor] = {
    # newsfuse eval cluster
    "cluster.ecb_events_f1": Floor(0.95, 0.988, _ECB6),
    "cluster.ecb_topics_precision": Floor(0.99, 1.000, _ECB6),
    "cluster.multinews_f1": Floor(0.90, 0.924, _MN40),
    "cluster.t17_f1": Floor(0.36, 0.388, _T17),
    "cluster.t17_precision": Floor(0.95, 0.965, _T17),
    # newsfuse eval cluster, pooled sets (the gate also asks for at least the baseline on each)
    "cluster.basil_pooled_f1": Floor(0.96, 0.980, "BASIL dev, 150 articles, 50 events, " + _POOLED),
    "cluster.t17w_pooled_f1": Floor(
        0.42, 0.447, "Timeline17 weeks (203 articles, 22 weeks), " + _POOLED
    ),
    # newsfuse eval summary
    "summary.rouge1_f": Floor(45.7, 46.2, _MN15),
    "summary.rouge2_f": Floor(16.0, 16.5, _MN15),
    "summary.rouge1_r100": Floor(25.3, 25.8, _MN15),
    "summary.t17_heldout_rouge1_r100": Floor(27.8, 28.8, _T17IRAQ6),
    "summary.t17_heldout_rouge2_r100": Floor(2.6, 3.1, _T17IRAQ6),
    "summary.t17_copies_rouge1_r100": Floor(43.5, 44.1, _T17LIBYA5),
    # newsfuse eval extract
    "extract.html_f1": Floor(0.955, None, _AEB40),
    "extract.text_f1": Floor(0.91, None, _AEB40),
    # newsfuse eval entities
    "entities.per_b3": Floor(0.94, 0.970, _ECB2),
    "entities.per_conll": Floor(0.89, 0.929, _ECB2),
    "entities.loc_conll": Floor(0.70, 0.756, _ECB2),
    "entities.all_b3": Floor(0.90, 0.939, _ECB2),
    # newsfuse eval dates
    "dates.relaxed_f1": Floor(0.94, 0.969, _TB12),
    "dates.value_f1": Floor(0.86, 0.882, _TB12),
    "dates.aquaint_relaxed_f1": Floor(0.91, 0.932, _AQ),
    "dates.aquaint_value_f1": Floor(0.80, 0.813, _AQ),
    "dates.aquaint_all_value_f1": Floor(0.80, 0.802, _AQALL),
    "dates.meantime_relaxed_f1": Floor(0.89, 0.912, _MT),
    "dates.meantime_value_f1": Floor(0.83, 0.850, _MT),
    # newsfuse eval quotes
    "quotes.content_overlap": Floor(0.825, 0.853, _PN12),
    "quotes.speaker_overlap": Floor(0.905, 0.927, _PN12),
    "quotes.speaker_right": Floor(0.90, 0.923, _PN12),  # share of matched with the right speaker
    "quotes.speaker_e2e": Floor(0.775, 0.801, _PN12),
    "quotes.direct_content_overlap": Floor(0.70, 0.755, _PN12),
    "quotes.cue_overlap": Floor(0.90, 0.933, _PN12),
    # newsfuse eval timeline
    "timeline.haiti_date_f1": Floor(0.85, 0.909, _T17H4),
    "timeline.haiti_concat_r1": Floor(0.35, 0.381, _T17H4),
    "timeline.haiti_align_r1": Floor(0.12, 0.131, _T17H4),
    # newsfuse eval framing
    "framing.model_precision": Floor(0.25, 0.270, _BASIL14),
    "framing.model_recall": Floor(0.65, 0.732, _BASIL14),
    "framing.lexicon_recall": Floor(0.30, 0.341, _BASIL14),
    # newsfuse eval furniture
    "furniture.clean_items": Floor(0.96, 0.969, _T17_BBC),
    "furniture.clean_items_cnn_live": Floor(0.97, 0.982, _T17_CNN),
    # newsfuse eval facts
    "facts.link_precision": Floor(0.87, 0.907, _ECB_FACTS),
    "facts.link_recall": Floor(0.19, 0.217, _ECB_FACTS),
}


def floor(name: str) -> float:
    """The floor named ``name`` (a KeyError for a floor nobody declared)."""
    return FLOORS[name].floor
