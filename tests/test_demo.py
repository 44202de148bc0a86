"""The demo data set: loaded into a real, freshly migrated SQLite database, checked row by row."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db.database import Database
from app.db.demo import DemoSummary, database_has_data, load_demo
from app.db.migrate import open_database
from app.db.models import (
    ActionItem,
    AgendaItem,
    AnnualTarget,
    Assessment,
    AssessmentScore,
    AssessmentSectionNote,
    AssessmentTemplate,
    Assignment,
    Cluster,
    Decision,
    MaturityDimension,
    MaturityProfile,
    MaturityScore,
    Meeting,
    MeetingAttendee,
    Officer,
    TemplateCriterion,
    TimeEntry,
)
from app.domain import vocab
from app.errors import KnownError

TODAY = dt.date(2026, 11, 29)
YEARS = (2024, 2025, 2026)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, DemoSummary]]:
    """One demo database shared by the read-only checks (loading takes about a second)."""
    database = open_database(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    summary = load_demo(database, today=TODAY)
    yield database, summary
    database.dispose()


def counts(db: Database) -> dict[str, int]:
    entities = (
        Officer,
        AnnualTarget,
        Cluster,
        Assignment,
        TimeEntry,
        Meeting,
        MeetingAttendee,
        AgendaItem,
        Decision,
        ActionItem,
        Assessment,
        AssessmentScore,
        AssessmentSectionNote,
        MaturityProfile,
        MaturityScore,
    )
    with db.read() as s:
        return {e.__name__: s.scalar(select(func.count()).select_from(e)) or 0 for e in entities}


def fingerprint(db: Database) -> str:
    """A digest of the content that matters, independent of row ids and timestamps."""
    h = hashlib.sha256()
    with db.read() as s:
        for row in s.execute(
            select(
                Officer.email,
                TimeEntry.entry_date,
                TimeEntry.minutes,
                TimeEntry.activity,
                TimeEntry.description,
            )
            .join(Officer, Officer.id == TimeEntry.officer_id)
            .order_by(Officer.email, TimeEntry.entry_date, TimeEntry.description)
        ):
            h.update(repr(tuple(row)).encode())
        for row in s.execute(
            select(Meeting.title, Meeting.starts_at, Meeting.location).order_by(
                Meeting.starts_at, Meeting.title
            )
        ):
            h.update(repr(tuple(row)).encode())
        for row in s.execute(
            select(Assessment.plan_year, Cluster.short_name, AssessmentScore.score)
            .join(Assessment, Assessment.id == AssessmentScore.assessment_id)
            .join(Cluster, Cluster.id == Assessment.cluster_id)
            .order_by(Cluster.short_name, Assessment.plan_year, AssessmentScore.criterion_id)
        ):
            h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def assigned(assignments: list[Assignment], officer_id: int, cluster_id: int, d: dt.date) -> bool:
    return any(
        a.officer_id == officer_id
        and a.cluster_id == cluster_id
        and a.start_date <= d
        and (a.end_date is None or d <= a.end_date)
        for a in assignments
    )


def check_time_entries(db: Database, today: dt.date) -> None:
    """The rules every demo time entry keeps, whatever ``today`` is."""
    with db.read() as s:
        entries = list(s.scalars(select(TimeEntry)))
        assignments = list(s.scalars(select(Assignment)))
        officers = {o.id: o for o in s.scalars(select(Officer))}
        attended = {
            (a.meeting_id, a.officer_id)
            for a in s.scalars(
                select(MeetingAttendee).where(
                    MeetingAttendee.officer_id.is_not(None),
                    MeetingAttendee.attendance == "present",
                )
            )
        }
        meeting_days = {m.id: m.starts_at.date() for m in s.scalars(select(Meeting))}
    per_day: Counter[tuple[int, dt.date]] = Counter()
    for e in entries:
        assert e.entry_date <= today, e.description
        assert e.minutes > 0 and e.minutes % vocab.MINUTES_STEP == 0
        assert e.activity in vocab.ACTIVITIES
        assert e.description.strip()
        o = officers[e.officer_id]
        assert o.service_start is None or e.entry_date >= o.service_start
        assert o.service_end is None or e.entry_date <= o.service_end
        if e.cluster_id is not None:
            assert assigned(assignments, e.officer_id, e.cluster_id, e.entry_date), (
                f"{o.name} logged time on {e.entry_date} for a cluster not assigned to them"
            )
        if e.activity == "board_meeting":
            assert e.meeting_id is not None
        if e.meeting_id is not None:
            assert (e.meeting_id, e.officer_id) in attended
            assert meeting_days[e.meeting_id] == e.entry_date
        per_day[(e.officer_id, e.entry_date)] += e.minutes
    assert max(per_day.values()) <= vocab.MAX_MINUTES_PER_DAY
    assert max(per_day.values()) <= 10 * 60  # realistic, not only legal


# --------------------------------------------------------------------------- the loaded data set
def test_summary_matches_the_database(loaded: tuple[Database, DemoSummary]) -> None:
    db, summary = loaded
    c = counts(db)
    assert summary == DemoSummary(
        officers=c["Officer"],
        clusters=c["Cluster"],
        assignments=c["Assignment"],
        time_entries=c["TimeEntry"],
        meetings=c["Meeting"],
        action_items=c["ActionItem"],
        assessments=c["Assessment"],
        maturity_profiles=c["MaturityProfile"],
    )
    assert summary.officers == 10
    assert 20 <= summary.clusters <= 24
    assert summary.clusters + 5 <= summary.assignments <= summary.clusters + 12
    assert 900 <= summary.time_entries <= 3000
    assert summary.meetings >= summary.clusters * 4 * 3
    assert summary.action_items >= summary.meetings
    assert summary.assessments == summary.clusters * 3
    assert summary.maturity_profiles == summary.clusters * 3
    assert database_has_data(db)


def test_officers_targets_and_assignments(loaded: tuple[Database, DemoSummary]) -> None:
    db, _ = loaded
    with db.read() as s:
        officers = list(s.scalars(select(Officer)))
        targets = {(t.officer_id, t.year): t.hours for t in s.scalars(select(AnnualTarget))}
        assignments = list(s.scalars(select(Assignment)))
        clusters = list(s.scalars(select(Cluster)))
    roles = Counter(o.role for o in officers)
    assert roles == {"officer": 8, "coordinator": 2}
    assert all(o.email.endswith("@spri.eus.example") for o in officers)
    leavers = [o for o in officers if not o.active]
    assert len(leavers) == 1 and leavers[0].service_end == dt.date(2025, 12, 31)
    newcomers = [o for o in officers if o.service_start and o.service_start.year == 2026]
    assert len(newcomers) == 1 and newcomers[0].active
    newcomer = newcomers[0]
    assert (newcomer.id, 2025) not in targets
    # the stored target is the yearly one; progress pro-rates it to the service period
    assert targets[(newcomer.id, 2026)] == 100
    assert sorted(targets.values()).count(120.0) == 1
    assert all(h * 2 == round(h * 2) for h in targets.values())  # half hours

    # Exactly one liaison per cluster on every day of the three years.
    day = dt.date(2024, 1, 1)
    while day <= TODAY:
        for c in clusters:
            on_board = [a for a in assignments if a.cluster_id == c.id and a.start_date <= day]
            current = [a for a in on_board if a.end_date is None or day <= a.end_date]
            assert len(current) == 1, (c.short_name, day)
        day += dt.timedelta(days=1)
    # Hand-overs happened, and today every active officer liaises 1-3 clusters (2-3 for officers).
    assert sum(1 for a in assignments if a.end_date is not None) >= 4
    load = Counter(
        a.officer_id
        for a in assignments
        if a.start_date <= TODAY and (a.end_date is None or a.end_date >= TODAY)
    )
    for o in officers:
        if o.active and o.role == "officer":
            assert 2 <= load[o.id] <= 3, o.name
    assert leavers[0].id not in load


def test_clusters(loaded: tuple[Database, DemoSummary]) -> None:
    db, _ = loaded
    with db.read() as s:
        clusters = list(s.scalars(select(Cluster)))
    names = {c.short_name for c in clusters}
    assert {"HEGAN", "EIKEN", "ACICAE", "GAIA", "Uniport Bilbao", "MAFEX"} <= names
    kinds = Counter(c.kind for c in clusters)
    assert kinds["pre-cluster"] >= 2 and kinds["cluster"] >= 18
    assert any(c.cross_border for c in clusters)
    assert {c.esca_label for c in clusters} == set(vocab.ESCA_LABELS)
    for c in clusters:
        assert c.contact_name and ".example" in c.contact_email
        assert c.website.startswith("https://") and ".example" in c.website
        assert c.member_count is not None and 15 <= c.member_count <= 300
        assert c.helix_types is not None and 1 <= c.helix_types <= 3
        assert (c.esca_label == "none") == (c.esca_expiry is None)
    expiries = [c.esca_expiry for c in clusters if c.esca_expiry is not None]
    assert any(d < TODAY for d in expiries), "some labels have expired"
    assert any(TODAY <= d <= TODAY + dt.timedelta(days=183) for d in expiries)


def test_time_entries_keep_the_rules(loaded: tuple[Database, DemoSummary]) -> None:
    db, _ = loaded
    check_time_entries(db, TODAY)


def test_hours_per_officer_and_year(loaded: tuple[Database, DemoSummary]) -> None:
    db, _ = loaded
    with db.read() as s:
        rows = s.execute(
            select(
                TimeEntry.officer_id, func.strftime("%Y", TimeEntry.entry_date), TimeEntry.minutes
            )
        ).all()
        officers = {o.id: o for o in s.scalars(select(Officer))}
        targets = {(t.officer_id, t.year): t.hours for t in s.scalars(select(AnnualTarget))}
    hours: dict[tuple[int, int], float] = defaultdict(float)
    for officer_id, year, minutes in rows:
        hours[(officer_id, int(year))] += minutes / 60
    assert {y for _o, y in hours} == set(YEARS)
    for year in (2024, 2025):
        liaison = [
            hours[(o.id, year)]
            for o in officers.values()
            if o.role == "officer" and (o.id, year) in targets
        ]
        assert all(85 <= h <= 135 for h in liaison), liaison
        assert 1 <= sum(h < 100 for h in liaison) <= 2, "one or two officers miss the minimum"
    # This year: some officers on track for the elapsed part of the year, some behind.
    elapsed = (TODAY - dt.date(2026, 1, 1)).days / 365
    ratios = [
        hours[(o.id, 2026)] / (targets[(o.id, 2026)] * elapsed)
        for o in officers.values()
        if o.role == "officer" and o.active and o.service_start and o.service_start.year < 2026
    ]
    assert any(r >= 1 for r in ratios)
    assert any(r < 0.8 for r in ratios)


def test_meetings(loaded: tuple[Database, DemoSummary]) -> None:
    db, _ = loaded
    with db.read() as s:
        clusters = list(s.scalars(select(Cluster)))
        meetings = list(s.scalars(select(Meeting)))
        agenda = Counter(s.scalars(select(AgendaItem.meeting_id)))
        decisions = Counter(s.scalars(select(Decision.meeting_id)))
        actions = Counter(s.scalars(select(ActionItem.meeting_id)))
        attendees = list(s.scalars(select(MeetingAttendee)))
    quarters = {
        (m.cluster_id, m.starts_at.year, (m.starts_at.month - 1) // 3 + 1)
        for m in meetings
        if m.kind == "board"
    }
    for c in clusters:
        for year in YEARS:
            for q in (1, 2, 3, 4):
                assert (c.id, year, q) in quarters, (c.short_name, year, q)
    assert {m.kind for m in meetings} >= {"board", "general_assembly", "working_group"}
    by_meeting: dict[int, list[MeetingAttendee]] = defaultdict(list)
    for a in attendees:
        by_meeting[a.meeting_id].append(a)
    planned = [m for m in meetings if m.starts_at.date() >= TODAY]
    assert planned, "some of this year's meetings are still to come"
    for m in meetings:
        held = m.starts_at.date() < TODAY
        assert m.title and m.location
        assert m.ends_at is not None
        assert dt.timedelta(hours=2) <= m.ends_at - m.starts_at <= dt.timedelta(hours=3)
        assert m.closed == held
        assert 3 <= agenda[m.id] <= 6
        people = by_meeting[m.id]
        assert any(a.officer_id is not None for a in people)
        assert 3 <= sum(1 for a in people if a.officer_id is None) <= 6
        if held:
            assert 1 <= decisions[m.id] <= 3
            assert 1 <= actions[m.id] <= 4
            assert {a.attendance for a in people} <= {"present", "apologised"}
        else:
            assert decisions[m.id] == 0 and actions[m.id] == 0
            assert {a.attendance for a in people} == {"invited"}


def test_action_items(loaded: tuple[Database, DemoSummary]) -> None:
    db, _ = loaded
    with db.read() as s:
        items = list(s.scalars(select(ActionItem)))
        attendee_meeting = dict(
            s.execute(select(MeetingAttendee.id, MeetingAttendee.meeting_id)).all()
        )
    status = Counter(i.status for i in items)
    assert status["open"] and status["done"] and status["dropped"]
    assert status["done"] > status["open"]
    assert any(i.status == "open" and i.due_date and i.due_date < TODAY for i in items)
    for i in items:
        assert (i.owner_officer_id is None) != (i.owner_attendee_id is None)
        if i.owner_attendee_id is not None:
            assert attendee_meeting[i.owner_attendee_id] == i.meeting_id
        if i.status == "open":
            assert i.closed_on is None
        else:
            assert i.closed_on is not None and i.closed_on <= TODAY


def test_assessments(loaded: tuple[Database, DemoSummary]) -> None:
    db, _ = loaded
    with db.read() as s:
        template = s.scalars(
            select(AssessmentTemplate).where(
                AssessmentTemplate.name == "SPRI action-plan assessment"
            )
        ).one()
        n_criteria = len(list(s.scalars(select(TemplateCriterion))))
        assessments = list(s.scalars(select(Assessment)))
        scores = list(s.scalars(select(AssessmentScore)))
        notes = Counter(s.scalars(select(AssessmentSectionNote.assessment_id)))
        n_clusters = s.scalar(select(func.count()).select_from(Cluster))
    assert len({(a.cluster_id, a.plan_year) for a in assessments}) == n_clusters * 3
    assert all(a.template_id == template.id and a.assessor_id for a in assessments)
    per_assessment: dict[int, list[AssessmentScore]] = defaultdict(list)
    for sc in scores:
        per_assessment[sc.assessment_id].append(sc)
        if sc.not_applicable:
            assert sc.score is None
        else:
            assert sc.score is not None and 0 <= sc.score <= 4
            assert sc.comment and sc.evidence
    assert any(sc.not_applicable for sc in scores)
    assert len({sc.score for sc in scores if sc.score is not None}) == 5
    for a in assessments:
        if a.plan_year < 2026:
            assert a.status == "final"
        if a.status == "final":
            assert a.finalised_at is not None and a.finalised_at.date() <= TODAY
            assert a.finalised_at.year == a.plan_year
            assert len(per_assessment[a.id]) == n_criteria
            assert notes[a.id] == 4
            assert a.strengths or a.weaknesses
            assert a.recommendations
        else:
            assert a.finalised_at is None
    current = [a for a in assessments if a.plan_year == 2026]
    drafts = [a for a in current if a.status == "draft"]
    assert len(drafts) > len(current) / 2, "this year's assessments are mostly drafts"
    assert any(len(per_assessment[a.id]) < n_criteria for a in drafts), "some are unscored"


def test_maturity_profiles(loaded: tuple[Database, DemoSummary]) -> None:
    db, _ = loaded
    with db.read() as s:
        profiles = list(s.scalars(select(MaturityProfile)))
        scores = list(s.scalars(select(MaturityScore)))
        dimensions = list(s.scalars(select(MaturityDimension)))
        n_clusters = s.scalar(select(func.count()).select_from(Cluster))
    assert {(p.cluster_id, p.assessed_on.year) for p in profiles} == {
        (c, y) for c in {p.cluster_id for p in profiles} for y in YEARS
    }
    assert len({p.cluster_id for p in profiles}) == n_clusters
    assert all(p.assessed_on <= TODAY and p.stage in vocab.LIFECYCLE_STAGES for p in profiles)
    assert {p.stage for p in profiles} == set(vocab.LIFECYCLE_STAGES)
    per_profile: dict[int, dict[int, int]] = defaultdict(dict)
    for sc in scores:
        assert 1 <= sc.level <= 5 and sc.note
        per_profile[sc.profile_id][sc.dimension_id] = sc.level
    assert all(len(per_profile[p.id]) == len(dimensions) == 7 for p in profiles)
    # Levels drift slowly: at most one step per dimension from one year to the next.
    by_cluster: dict[int, list[MaturityProfile]] = defaultdict(list)
    for p in sorted(profiles, key=lambda p: p.assessed_on):
        by_cluster[p.cluster_id].append(p)
    for history in by_cluster.values():
        for before, after in zip(history, history[1:], strict=False):
            for dim in per_profile[before.id]:
                assert abs(per_profile[after.id][dim] - per_profile[before.id][dim]) <= 1
    # The working-group planner finds several clusters weak in the same dimension this year.
    this_year = [p for p in profiles if p.assessed_on.year == 2026]
    weak = Counter(d for p in this_year for d, level in per_profile[p.id].items() if level <= 2)
    assert max(weak.values()) >= 4


# --------------------------------------------------------------------------- loading rules
def test_refuses_a_database_that_holds_data(db: Database) -> None:
    assert not database_has_data(db)
    load_demo(db, today=TODAY)
    before = counts(db)
    with pytest.raises(KnownError, match="already holds data"):
        load_demo(db, today=TODAY)
    assert counts(db) == before


@pytest.mark.parametrize("cancel_at", [1, 4, 9])
def test_cancelling_leaves_the_database_empty(db: Database, cancel_at: int) -> None:
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls >= cancel_at

    with pytest.raises(KnownError, match="cancelled; nothing was added"):
        load_demo(db, today=TODAY, cancelled=cancelled)
    assert calls == cancel_at
    assert not database_has_data(db)
    after = counts(db)
    assert not any(after.values()), after
    # The templates seeded by the migrations are still there, and a later load works.
    load_demo(db, today=TODAY)
    assert database_has_data(db)


def test_progress_is_reported_in_order(db: Database) -> None:
    reported: list[tuple[int, str]] = []
    load_demo(db, today=TODAY, progress=lambda p, m: reported.append((p, m)))
    percents = [p for p, _m in reported]
    assert percents == sorted(percents)
    assert percents[0] == 0 and percents[-1] == 100
    assert all(m for _p, m in reported)


def test_same_seed_and_day_give_the_same_data(db: Database, tmp_path: Path) -> None:
    other = open_database(tmp_path / "other.sqlite")
    third = open_database(tmp_path / "third.sqlite")
    try:
        first = load_demo(db, today=TODAY, seed=7)
        second = load_demo(other, today=TODAY, seed=7)
        assert first == second
        assert counts(db) == counts(other)
        assert fingerprint(db) == fingerprint(other)
        load_demo(third, today=TODAY, seed=8)
        assert fingerprint(third) != fingerprint(db)
    finally:
        other.dispose()
        third.dispose()


@pytest.mark.parametrize(
    "today", [dt.date(2027, 1, 1), dt.date(2026, 3, 3), dt.date(2026, 5, 1), dt.date(2025, 7, 15)]
)
def test_any_day_of_the_year_gives_consistent_data(db: Database, today: dt.date) -> None:
    summary = load_demo(db, today=today)
    assert summary.officers == 10 and summary.assessments == summary.clusters * 3
    check_time_entries(db, today)
    with db.read() as s:
        years = set(s.scalars(select(func.strftime("%Y", TimeEntry.entry_date)).distinct()))
        last_profile = s.scalar(select(func.max(MaturityProfile.assessed_on)))
        finals = s.scalars(select(Assessment.finalised_at).where(Assessment.status == "final"))
        assert all(f.date() <= today for f in finals)
    assert (
        {str(today.year - 2), str(today.year - 1)}
        <= years
        <= {
            str(today.year - 2),
            str(today.year - 1),
            str(today.year),
        }
    )
    assert last_profile is not None and last_profile <= today
