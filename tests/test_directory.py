"""Officers, clusters, assignments and targets through the data layer (real SQLite)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.db import directory as d
from app.db.database import Database
from app.domain.records import AssignmentInput, ClusterInput, OfficerInput
from app.errors import ValidationError


def test_officer_round_trip_with_clean_values(db: Database) -> None:
    oid = d.create_officer(
        db, OfficerInput("  Miren   Zubizarreta ", "Miren@SPRI.example.eus", role="coordinator")
    )
    row = d.get_officer(db, oid)
    assert (row.name, row.email, row.role, row.active) == (
        "Miren Zubizarreta",
        "miren@spri.example.eus",
        "coordinator",
        True,
    )
    assert row.target_hours == 100.0


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (OfficerInput("", "a@example.org"), "name"),
        (OfficerInput("Ana", "not-an-email"), "email"),
        (OfficerInput("Ana", "ana@example.org", role="boss"), "role"),
        (
            OfficerInput(
                "Ana",
                "ana@example.org",
                service_start=dt.date(2026, 5, 1),
                service_end=dt.date(2026, 4, 1),
            ),
            "service_end",
        ),
    ],
)
def test_bad_officer_input_is_refused_and_nothing_is_written(
    db: Database, data: OfficerInput, field: str
) -> None:
    with pytest.raises(ValidationError) as info:
        d.create_officer(db, data)
    assert field in info.value.problems
    assert d.list_officers(db) == []


def test_duplicate_email_is_refused_case_insensitively(db: Database) -> None:
    d.create_officer(db, OfficerInput("Ane", "ane@example.org"))
    with pytest.raises(ValidationError, match="Ane already uses"):
        d.create_officer(db, OfficerInput("Other", "ANE@example.org"))
    assert len(d.list_officers(db)) == 1


def test_update_and_archive_officer(db: Database) -> None:
    oid = d.create_officer(db, OfficerInput("Ane", "ane@example.org"))
    d.update_officer(db, oid, OfficerInput("Ane Etxeberria", "ane@example.org", phone="+34 600"))
    d.set_officer_active(db, oid, False)
    row = d.get_officer(db, oid)
    assert (row.name, row.phone, row.active) == ("Ane Etxeberria", "+34 600", False)
    assert d.list_officers(db, include_inactive=False) == []


def test_cluster_round_trip_and_uniqueness(db: Database) -> None:
    cid = d.create_cluster(
        db,
        ClusterInput(
            "Cluster de Energía",
            "Energía",
            kind="cluster",
            contact_email="info@energia.example.eus",
            member_count=180,
            esca_label="gold",
            esca_expiry=dt.date(2027, 3, 31),
        ),
    )
    row = d.get_cluster(db, cid)
    assert (row.short_name, row.member_count, row.esca_label) == ("Energía", 180, "gold")
    with pytest.raises(ValidationError) as info:
        d.create_cluster(db, ClusterInput("Another name", "ENERGÍA"))
    assert "short_name" in info.value.problems
    d.set_cluster_archived(db, cid, True)
    assert d.list_clusters(db, include_archived=False) == []


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (ClusterInput("", "X"), "name"),
        (ClusterInput("X", ""), "short_name"),
        (ClusterInput("X", "X", kind="federation"), "kind"),
        (ClusterInput("X", "X", contact_email="info at x"), "contact_email"),
        (ClusterInput("X", "X", sme_share=140), "sme_share"),
        (ClusterInput("X", "X", helix_types=4), "helix_types"),
        (ClusterInput("X", "X", website="not a url"), "website"),
    ],
)
def test_bad_cluster_input_is_refused(db: Database, data: ClusterInput, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        d.create_cluster(db, data)
    assert field in info.value.problems
    assert d.list_clusters(db) == []


def test_assignments_show_on_both_sides_and_cannot_overlap(db: Database) -> None:
    oid = d.create_officer(db, OfficerInput("Jon", "jon@example.org"))
    cid = d.create_cluster(db, ClusterInput("HEGAN Basque Aerospace Cluster", "HEGAN"))
    today = dt.date(2026, 6, 1)
    aid = d.add_assignment(db, AssignmentInput(oid, cid, dt.date(2025, 1, 1)))
    assert d.list_officers(db, today=today)[0].clusters == ("HEGAN",)
    assert d.list_clusters(db, today=today)[0].officers == ("Jon",)
    with pytest.raises(ValidationError, match="already assigned"):
        d.add_assignment(db, AssignmentInput(oid, cid, dt.date(2026, 1, 1)))
    with pytest.raises(ValidationError):
        d.add_assignment(db, AssignmentInput(oid, cid, dt.date(2026, 1, 1), dt.date(2025, 1, 1)))

    d.end_assignment(db, aid, dt.date(2026, 3, 31))
    assert d.list_officers(db, today=today)[0].clusters == ()
    # a new period after the end is fine
    d.add_assignment(db, AssignmentInput(oid, cid, dt.date(2026, 9, 1)))
    assert len(d.list_assignments(db, officer_id=oid)) == 2
    d.delete_assignment(db, aid)
    assert len(d.list_assignments(db, cluster_id=cid)) == 1


def test_targets_default_to_100_hours_and_can_be_set(db: Database) -> None:
    oid = d.create_officer(db, OfficerInput("Leire", "leire@example.org"))
    rows = d.list_targets(db, oid, range(2025, 2027))
    assert [(r.year, r.hours, r.explicit) for r in rows] == [
        (2025, 100.0, False),
        (2026, 100.0, False),
    ]
    d.set_target(db, oid, 2026, 62.5)
    d.set_target(db, oid, 2026, 75)
    rows = d.list_targets(db, oid, range(2025, 2027))
    assert [(r.year, r.hours, r.explicit) for r in rows] == [
        (2025, 100.0, False),
        (2026, 75.0, True),
    ]
    assert d.list_officers(db, today=dt.date(2026, 2, 1))[0].target_hours == 75.0
    with pytest.raises(ValidationError):
        d.set_target(db, oid, 2026, 70.3)
    with pytest.raises(ValidationError):
        d.set_target(db, oid, 2026, -1)
    d.clear_target(db, oid, 2026)
    assert d.list_targets(db, oid)[0:] == []
