"""Pure pandas answers to the dashboard's questions: tidy frames in, new tidy frames out.

No I/O, no mutation of inputs, deterministic sort. Each function's docstring states its grain.
"""

from coopstats.aggregate.editions import (
    cumulative_participants,
    overlap_matrix,
    participant_changes,
    presence_matrix,
    series_overview,
)
from coopstats.aggregate.events import event_summary, named_counts
from coopstats.aggregate.filters import (
    Filters,
    select_events,
    select_participations,
    selected_values,
)
from coopstats.aggregate.participants import (
    co_attendees,
    editions_by_year,
    organisation_participation,
    participant_history,
    participant_record,
    participants_per_region,
)
from coopstats.aggregate.reported import figure_ranges, headline_range

__all__ = [
    "Filters",
    "co_attendees",
    "cumulative_participants",
    "editions_by_year",
    "event_summary",
    "figure_ranges",
    "headline_range",
    "named_counts",
    "organisation_participation",
    "overlap_matrix",
    "participant_changes",
    "participant_history",
    "participant_record",
    "participants_per_region",
    "presence_matrix",
    "select_events",
    "select_participations",
    "selected_values",
    "series_overview",
]
