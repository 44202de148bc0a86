"""The controlled vocabularies of the domain (PRODUCT.md), shared by the schema, GUI and CLI.

Each vocabulary maps the value stored in the database to the label shown to people.
"""

from __future__ import annotations

OFFICER_ROLES: dict[str, str] = {"officer": "Liaison officer", "coordinator": "Coordinator"}

CLUSTER_KINDS: dict[str, str] = {"cluster": "Cluster", "pre-cluster": "Pre-cluster"}

ESCA_LABELS: dict[str, str] = {
    "none": "None",
    "bronze": "Bronze",
    "silver": "Silver",
    "gold": "Gold",
}

ACTIVITIES: dict[str, str] = {
    "board_meeting": "Board meeting",
    "preparation": "Preparation",
    "working_group": "Working group",
    "assessment": "Assessment",
    "event": "Event / Cluster Day",
    "coordination": "Coordination",
    "travel": "Travel",
    "other": "Other",
}

MEETING_KINDS: dict[str, str] = {
    "board": "Board",
    "general_assembly": "General assembly",
    "working_group": "Working group",
    "other": "Other",
}

ATTENDANCE: dict[str, str] = {
    "invited": "Invited",
    "present": "Present",
    "apologised": "Apologised",
}

ACTION_STATUSES: dict[str, str] = {"open": "Open", "done": "Done", "dropped": "Dropped"}

ASSESSMENT_STATUSES: dict[str, str] = {"draft": "Draft", "final": "Final"}

LIFECYCLE_STAGES: dict[str, str] = {
    "emerging": "Emerging",
    "growth": "Growth",
    "mature": "Mature",
    "decline_renewal": "Decline or renewal",
}

DEFAULT_ANNUAL_TARGET_HOURS = 100.0
ASSESSMENT_SCALE = (0, 4)  # absent / weak / partial / good / exemplary
MATURITY_SCALE = (1, 5)  # Initial / Repeatable / Defined / Managed / Optimising
MINUTES_STEP = 15  # time is logged in quarter hours
MAX_MINUTES_PER_DAY = 24 * 60
