"""The aggregations that can be exported by name (CLI `export-data`, the Data page)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from coopstats.aggregate import Filters
from coopstats.dataset.queries import Dataset
from coopstats.i18n import N_

# Aggregations that can be exported by name (CLI `export-data`, the Data page). The descriptions
# are marked for the catalogues and translated where shown.
AGGREGATIONS: dict[str, tuple[str, Callable[[Dataset, Filters], pd.DataFrame]]] = {
    "events": (N_("the selected events"), Dataset.events),
    "event-summary": (
        N_("reported figures beside named participants, per event"),
        Dataset.event_summary,
    ),
    "participations": (
        N_("named participations, per event x participant x role"),
        Dataset.participations,
    ),
    "participants": (
        N_("each participant's editions, years and roles"),
        Dataset.participant_history,
    ),
    "editions-by-year": (N_("editions per participant, series and year"), Dataset.editions_by_year),
    "regions": (N_("distinct countries per UN M49 region"), Dataset.participants_per_region),
    "organisations": (
        N_("international organisations and their editions"),
        Dataset.organisation_participation,
    ),
    "series": (N_("editions and years per series"), Dataset.series_overview),
    "cumulative": (
        N_("distinct participants per edition, running total"),
        Dataset.cumulative_participants,
    ),
}
