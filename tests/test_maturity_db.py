"""Maturity data layer: profiles over time, scoreboard, working groups, model versions."""

from __future__ import annotations

import datetime as dt

import pytest

from app.db import directory as d
from app.db import maturity as mt
from app.db.database import Database
from app.domain.records import ClusterInput, OfficerInput
from app.errors import ValidationError

TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def setup(db: Database) -> dict[str, int]:
    ids = {
        "ane": d.create_officer(db, OfficerInput("Ane", "ane@example.org")),
        "gaia": d.create_cluster(db, ClusterInput("GAIA ICT cluster", "GAIA")),
        "hegan": d.create_cluster(db, ClusterInput("HEGAN aerospace", "HEGAN")),
        "pre": d.create_cluster(
            db, ClusterInput("Creative industries", "CREA", kind="pre-cluster")
        ),
    }
    return ids


def dims(db: Database) -> list[int]:
    return [x.id for x in mt.list_models(db)[0].dimensions]


def profile(
    db: Database, cluster: int, when: dt.date, levels: list[int], stage: str = "growth"
) -> int:
    return mt.create_profile(
        db, cluster, when, stage=stage, levels=dict(zip(dims(db), levels, strict=True)), today=TODAY
    )


def test_default_model(db: Database) -> None:
    (m,) = mt.list_models(db)
    assert m.dimension_names()[0] == "Structure and membership" and len(m.dimensions) == 7
    assert m.level_labels == ("Initial", "Repeatable", "Defined", "Managed", "Optimising")
    assert all(len(x.levels) == 5 for x in m.dimensions)


def test_profile_history_and_previous(db: Database, setup: dict[str, int]) -> None:
    old = profile(db, setup["gaia"], dt.date(2025, 5, 1), [2, 2, 2, 2, 2, 2, 2])
    new = mt.create_profile(db, setup["gaia"], dt.date(2026, 5, 1), stage="mature", today=TODAY)
    detail = mt.get_profile(db, new)
    assert detail.previous is not None and detail.previous.id == old
    assert list(detail.row.levels.values()) == [2] * 7  # started from the previous levels
    first_dim = detail.model.dimensions[0]
    mt.set_level(
        db, new, first_dim.id, 4, note="120 members, 60% SMEs", evidence="Membership list 2026"
    )
    detail = mt.get_profile(db, new)
    assert detail.row.levels["Structure and membership"] == 4
    assert detail.scores[first_dim.id].note == "120 members, 60% SMEs"
    assert [p.id for p in mt.list_profiles(db, cluster_id=setup["gaia"])] == [new, old]


def test_bad_profile_input(db: Database, setup: dict[str, int]) -> None:
    with pytest.raises(ValidationError, match="future"):
        mt.create_profile(db, setup["gaia"], TODAY + dt.timedelta(days=1), today=TODAY)
    with pytest.raises(ValidationError, match="stage"):
        mt.create_profile(db, setup["gaia"], TODAY, stage="teenage", today=TODAY)
    pid = mt.create_profile(db, setup["gaia"], TODAY, today=TODAY)
    with pytest.raises(ValidationError, match="from 1 to 5"):
        mt.set_level(db, pid, dims(db)[0], 6)
    assert mt.get_profile(db, pid).scores == {}


def test_scoreboard_latest_profiles_averages_and_filters(
    db: Database, setup: dict[str, int]
) -> None:
    profile(db, setup["gaia"], dt.date(2025, 5, 1), [1, 1, 1, 1, 1, 1, 1])
    profile(db, setup["gaia"], dt.date(2026, 5, 1), [4, 4, 2, 4, 4, 4, 4], stage="mature")
    profile(db, setup["hegan"], dt.date(2026, 3, 1), [2, 2, 1, 2, 2, 2, 2])
    board = mt.scoreboard(db)
    rows = {r.cluster_short_name: r for r in board.rows}
    assert set(rows) == {"GAIA", "HEGAN", "CREA"}
    assert rows["GAIA"].levels["Financing"] == 2 and rows["GAIA"].stage == "mature"
    assert (
        rows["GAIA"].previous_levels is not None and rows["GAIA"].previous_levels["Financing"] == 1
    )
    assert rows["CREA"].profile_id is None and rows["CREA"].levels == {}
    assert board.network_average["Structure and membership"] == pytest.approx(3.0)
    assert board.stage_averages["mature"]["Financing"] == 2.0
    assert [r.cluster_short_name for r in mt.scoreboard(db, stage="mature").rows] == ["GAIA"]
    assert [r.cluster_short_name for r in mt.scoreboard(db, kind="pre-cluster").rows] == ["CREA"]


def test_clusters_without_recent_profile(db: Database, setup: dict[str, int]) -> None:
    profile(db, setup["gaia"], dt.date(2026, 5, 1), [3] * 7)
    profile(db, setup["hegan"], dt.date(2025, 5, 1), [3] * 7)
    assert mt.clusters_without_recent_profile(db, today=TODAY) == ["CREA", "HEGAN"]


def test_working_groups(db: Database, setup: dict[str, int]) -> None:
    gid = mt.create_working_group(
        db,
        topic="Diversifying private funding",
        dimension="Financing",
        proposed_on=TODAY,
        members=[(setup["hegan"], "participant", 1), (setup["gaia"], "mentor", 4)],
        notes="First session at SPRI",
    )
    g = mt.get_working_group(db, gid)
    assert [(m.cluster_short_name, m.role, m.level) for m in g.members] == [
        ("GAIA", "mentor", 4),
        ("HEGAN", "participant", 1),
    ]
    with pytest.raises(ValidationError):
        mt.create_working_group(db, topic="x", dimension="Financing", proposed_on=TODAY, members=[])
    with pytest.raises(ValidationError, match="twice"):
        mt.create_working_group(
            db,
            topic="x",
            dimension="Financing",
            proposed_on=TODAY,
            members=[(setup["gaia"], "mentor", 4), (setup["gaia"], "participant", 4)],
        )
    mt.delete_working_group(db, gid)
    assert mt.list_working_groups(db) == []


def test_model_versions_keep_old_profiles(db: Database, setup: dict[str, int]) -> None:
    (v1,) = mt.list_models(db)
    pid = profile(db, setup["gaia"], dt.date(2026, 5, 1), [3] * 7)
    with pytest.raises(ValidationError, match="copy it into a new version"):
        mt.update_dimension(db, v1.dimensions[0].id, name="Members")
    v2 = mt.copy_model(db, v1.id)
    m2 = mt.get_model(db, v2)
    mt.update_dimension(
        db, m2.dimensions[0].id, name="Membership", levels=("a", "b", "c", "d", "e")
    )
    mt.add_dimension(db, v2, "Digital maturity")
    assert mt.get_model(db, v2).dimension_names()[-1] == "Digital maturity"
    assert mt.get_profile(db, pid).model.dimension_names()[0] == "Structure and membership"
    # the scoreboard keeps the dimensions of the model in use until profiles use the new one
    assert mt.scoreboard(db).dimensions[0] == "Structure and membership"
    mt.create_profile(db, setup["hegan"], dt.date(2026, 6, 1), model_id=v2, today=TODAY)
    assert mt.scoreboard(db).dimensions[0] == "Membership"


def test_evidence_links_must_belong_to_the_cluster(db: Database, setup: dict[str, int]) -> None:
    from app.db import assessments as a

    other = a.create_assessment(db, setup["hegan"], 2026)
    own = a.create_assessment(db, setup["gaia"], 2026)
    pid = profile(db, setup["gaia"], dt.date(2026, 5, 1), [3] * 7)
    dim = dims(db)[3]
    with pytest.raises(ValidationError, match="this cluster's"):
        mt.set_level(db, pid, dim, 3, evidence_assessment_id=other)
    mt.set_level(db, pid, dim, 3, evidence_assessment_id=own, evidence="2026 assessment")
    assert mt.get_profile(db, pid).scores[dim].evidence_assessment_id == own
    mt.set_level(db, pid, dim, 4, note="kept link")  # links are kept unless given
    assert mt.get_profile(db, pid).scores[dim].evidence_assessment_id == own
    mt.set_level(db, pid, dim, 4, evidence_assessment_id=None)  # None removes the link
    assert mt.get_profile(db, pid).scores[dim].evidence_assessment_id is None
