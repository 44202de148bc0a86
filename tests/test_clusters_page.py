"""The Clusters page and dialog through the real layers, plus the shared form widgets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from app.db import directory
from app.db.database import Database
from app.domain.records import AssignmentInput, ClusterInput, ClusterRow, OfficerInput
from app.tasks import TaskManager
from app.views.clusters_page import ClustersPage, add_months, esca_state, esca_text
from app.views.context import AppContext
from app.views.widgets import (
    FormErrors,
    OptionalDateEdit,
    OptionalDoubleSpinBox,
    OptionalSpinBox,
    select_record,
)

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    # Noise of the offscreen platform plugin whenever a top-level window is shown.
    pytest.mark.qt_log_ignore("This plugin does not support"),
]

TODAY = dt.date.today()
COL = {
    "short": 0,
    "name": 1,
    "status": 2,
    "kind": 3,
    "sector": 4,
    "officers": 5,
    "esca": 6,
    "members": 7,
    "sme": 8,
    "cross": 9,
    "contact": 10,
    "email": 11,
}


@pytest.fixture
def ctx(db: Database, tmp_path: Path) -> Iterator[AppContext]:
    tasks = TaskManager()
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    yield AppContext(db=db, tasks=tasks, settings=settings)
    tasks.wait_idle()
    tasks.shutdown()


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext) -> Iterator[ClustersPage]:
    p = ClustersPage(ctx)
    qtbot.addWidget(p)
    p.resize(1080, 760)
    p.show()
    with qtbot.waitSignal(p.loaded, timeout=5000):
        p.refresh()
    yield p
    ctx.tasks.wait_idle()
    qtbot.wait(20)


def reload(qtbot: QtBot, page: ClustersPage) -> None:
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.refresh()


def select(qtbot: QtBot, page: ClustersPage, short: str) -> None:
    with qtbot.waitSignal(page.loaded, timeout=5000):
        assert select_record(page.table, lambda c: c.short_name == short)


def shown(page: ClustersPage, column: str = "short") -> list[str]:
    proxy = page.proxy
    return [proxy.index(r, COL[column]).data() for r in range(proxy.rowCount())]


def cell(page: ClustersPage, short: str, column: str) -> str:
    proxy = page.proxy
    for r in range(proxy.rowCount()):
        if proxy.index(r, 0).data() == short:
            return proxy.index(r, COL[column]).data()
    raise AssertionError(f"{short} not shown")


def add_cluster(db: Database, short: str, name: str, **kw: object) -> int:
    return directory.create_cluster(db, ClusterInput(name=name, short_name=short, **kw))  # type: ignore[arg-type]


def test_columns_are_where_the_tests_expect(page: ClustersPage) -> None:
    titles = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(12)]
    assert titles == [
        "Short name",
        "Name",
        "Status",
        "Kind",
        "Sector",
        "Liaison officers",
        "ESCA label",
        "Members",
        "SME %",
        "Cross-border",
        "Contact",
        "Contact e-mail",
    ]
    assert page.table.isColumnHidden(COL["status"])  # shown only with archived clusters


def test_add_cluster_through_the_dialog(qtbot: QtBot, page: ClustersPage, db: Database) -> None:
    dialog = page.open_add_dialog()
    qtbot.keyClicks(dialog.name_edit, "Basque Energy Cluster Association")
    qtbot.keyClicks(dialog.short_name_edit, "Energia")
    qtbot.keyClicks(dialog.sector_edit, "Energy")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("pre-cluster"))
    qtbot.mouseClick(dialog.cross_border_check, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.contact_name_edit, "Nerea Sainz")
    qtbot.keyClicks(dialog.contact_email_edit, "nerea@clusterenergia.com")
    dialog.members_spin.setValue(180)
    dialog.sme_spin.setValue(72.5)
    dialog.helix_spin.setValue(3)
    # management FTE left at "not known"
    qtbot.keyClicks(dialog.website_edit, "www.clusterenergia.com")
    dialog.esca_combo.setCurrentIndex(dialog.esca_combo.findData("gold"))
    assert dialog.esca_expiry_edit.isEnabled()
    dialog.esca_expiry_edit.set_date(dt.date(2027, 3, 31))
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    [c] = directory.list_clusters(db)
    assert (c.name, c.short_name, c.sector, c.kind, c.cross_border) == (
        "Basque Energy Cluster Association",
        "Energia",
        "Energy",
        "pre-cluster",
        True,
    )
    assert (c.contact_name, c.contact_email, c.website) == (
        "Nerea Sainz",
        "nerea@clusterenergia.com",
        "www.clusterenergia.com",
    )
    assert (c.member_count, c.sme_share, c.management_fte, c.helix_types) == (180, 72.5, None, 3)
    assert (c.esca_label, c.esca_expiry) == ("gold", dt.date(2027, 3, 31))
    assert shown(page) == ["Energia"]
    assert cell(page, "Energia", "kind") == "Pre-cluster"
    assert cell(page, "Energia", "cross") == "Yes"
    assert cell(page, "Energia", "members") == "180"
    assert cell(page, "Energia", "sme") == "72.5 %"
    assert cell(page, "Energia", "esca").startswith("Gold, ")
    assert page.current_cluster().id == c.id  # the new cluster is selected
    assert page.detail_labels["fte"].text() == "not known"


def test_edit_cluster(qtbot: QtBot, page: ClustersPage, db: Database) -> None:
    cid = add_cluster(db, "HEGAN", "Basque Aeronautics Cluster", member_count=50, sme_share=60.0)
    reload(qtbot, page)
    select(qtbot, page, "HEGAN")
    dialog = page.open_edit_dialog()
    assert dialog is not None
    assert dialog.members_spin.value_or_none() == 50
    assert dialog.fte_spin.value_or_none() is None
    assert dialog.esca_expiry_edit.date() is None and not dialog.esca_expiry_edit.isEnabled()
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "Basque Aeronautics and Space Cluster")
    dialog.members_spin.set_value_or_none(None)
    dialog.fte_spin.setValue(3.5)
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    c = directory.get_cluster(db, cid)
    assert c.name == "Basque Aeronautics and Space Cluster"
    assert (c.member_count, c.management_fte, c.sme_share) == (None, 3.5, 60.0)
    assert cell(page, "HEGAN", "name") == "Basque Aeronautics and Space Cluster"
    assert cell(page, "HEGAN", "members") == ""
    assert page.current_cluster().id == cid


def test_duplicate_short_name_is_refused(qtbot: QtBot, page: ClustersPage, db: Database) -> None:
    add_cluster(db, "HEGAN", "Basque Aeronautics Cluster")
    reload(qtbot, page)
    dialog = page.open_add_dialog()
    qtbot.keyClicks(dialog.name_edit, "Another cluster")
    qtbot.keyClicks(dialog.short_name_edit, "hegan")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.errors.shown() == {
        "short_name": "Another cluster (HEGAN) already has this short name."
    }
    assert dialog.focusWidget() is dialog.short_name_edit
    assert [c.short_name for c in directory.list_clusters(db)] == ["HEGAN"]
    dialog.reject()


def test_bad_contact_email_and_website_keep_the_dialog_open(
    qtbot: QtBot, page: ClustersPage, db: Database
) -> None:
    dialog = page.open_add_dialog()
    qtbot.keyClicks(dialog.name_edit, "Basque Maritime Forum")
    qtbot.keyClicks(dialog.short_name_edit, "FMV")
    qtbot.keyClicks(dialog.contact_email_edit, "info@")
    qtbot.keyClicks(dialog.website_edit, "not a site")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.errors.message("contact_email") == "“info@” is not an e-mail address."
    assert "is not a web address" in dialog.errors.message("website")
    assert dialog.focusWidget() is dialog.website_edit  # first bad field in form order
    assert directory.list_clusters(db) == []
    dialog.reject()


def test_archive_and_restore(qtbot: QtBot, page: ClustersPage, db: Database) -> None:
    cid = add_cluster(db, "PAPER", "Basque Paper Cluster")
    add_cluster(db, "GAIA", "ICT and Electronics Cluster")
    reload(qtbot, page)
    select(qtbot, page, "PAPER")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.archive_action.trigger()
    assert directory.get_cluster(db, cid).archived is True
    assert shown(page) == ["GAIA"]
    assert "1 archived hidden" in page.count_label.text()

    page.show_archived_check.setChecked(True)
    assert not page.table.isColumnHidden(COL["status"])
    assert cell(page, "PAPER", "status") == "Archived"
    assert cell(page, "GAIA", "status") == "Active"
    select(qtbot, page, "PAPER")
    assert page.restore_action.isEnabled() and not page.archive_action.isEnabled()
    assert page.detail_hint.text().startswith("Archived")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.restore_action.trigger()
    assert directory.get_cluster(db, cid).archived is False
    assert cell(page, "PAPER", "status") == "Active"


def test_kind_filter(qtbot: QtBot, page: ClustersPage, db: Database) -> None:
    add_cluster(db, "HEGAN", "Aeronautics Cluster")
    add_cluster(db, "EIKEN", "Audiovisual Pre-cluster", kind="pre-cluster")
    reload(qtbot, page)
    assert shown(page) == ["EIKEN", "HEGAN"]
    page.set_kind_filter("pre-cluster")
    assert shown(page) == ["EIKEN"]
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("cluster"))
    assert shown(page) == ["HEGAN"]
    page.set_kind_filter(None)
    assert shown(page) == ["EIKEN", "HEGAN"]


def test_text_filter_is_accent_insensitive(qtbot: QtBot, page: ClustersPage, db: Database) -> None:
    add_cluster(db, "Energía", "Basque Energy Cluster", sector="Energía")
    add_cluster(db, "GAIA", "ICT and Electronics Cluster", contact_name="Koldo Ortiz")
    reload(qtbot, page)
    qtbot.keyClicks(page.filter_edit, "energia")
    assert shown(page) == ["Energía"]
    page.filter_edit.clear()
    qtbot.keyClicks(page.filter_edit, "KOLDO")
    assert shown(page) == ["GAIA"]
    page.filter_edit.clear()
    assert len(shown(page)) == 2


def test_filter_hiding_the_selection_clears_the_detail(
    qtbot: QtBot, page: ClustersPage, db: Database
) -> None:
    add_cluster(db, "HEGAN", "Aeronautics Cluster")
    add_cluster(db, "GAIA", "ICT Cluster")
    reload(qtbot, page)
    select(qtbot, page, "HEGAN")
    assert page.history_box.isEnabled()
    qtbot.keyClicks(page.filter_edit, "nothing matches")
    assert page.current_cluster() is None
    assert not page.history_box.isEnabled()
    assert page.detail_title.text() == "No cluster selected"
    assert page.count_label.text() == "0 of 2 clusters shown"
    page.filter_edit.clear()
    select(qtbot, page, "GAIA")
    assert page.detail_title.text() == "GAIA – ICT Cluster"


def test_liaison_history_and_officers_column(
    qtbot: QtBot, page: ClustersPage, db: Database
) -> None:
    cid = add_cluster(db, "GAIA", "ICT and Electronics Cluster")
    miren = directory.create_officer(db, OfficerInput("Miren Agirre", "miren@spri.eus"))
    jon = directory.create_officer(db, OfficerInput("Jon Larrañaga", "jon@spri.eus"))
    directory.add_assignment(
        db, AssignmentInput(jon, cid, dt.date(2018, 1, 1), dt.date(2021, 12, 31))
    )
    directory.add_assignment(db, AssignmentInput(miren, cid, dt.date(2022, 1, 1)))
    reload(qtbot, page)
    assert cell(page, "GAIA", "officers") == "Miren Agirre"
    select(qtbot, page, "GAIA")
    model = page.history_model
    rows = [[model.index(r, c).data() for c in range(4)] for r in range(model.rowCount())]
    assert rows == [
        ["Miren Agirre", "2022-01-01", "open-ended", "Current"],
        ["Jon Larrañaga", "2018-01-01", "2021-12-31", "Ended"],
    ]


def test_esca_label_expiry_in_words(qtbot: QtBot, page: ClustersPage, db: Database) -> None:
    add_cluster(db, "GOLD", "Expiring", esca_label="gold", esca_expiry=TODAY + dt.timedelta(40))
    add_cluster(db, "BRONZE", "Expired", esca_label="bronze", esca_expiry=TODAY - dt.timedelta(3))
    far = add_months(TODAY, 12)
    add_cluster(db, "SILVER", "Far away", esca_label="silver", esca_expiry=far)
    add_cluster(db, "NONE", "No label")
    reload(qtbot, page)
    assert cell(page, "GOLD", "esca") == "Gold, expires in 40 days"
    assert cell(page, "BRONZE", "esca") == "Bronze, expired"
    assert cell(page, "SILVER", "esca") == f"Silver, until {far.isoformat()}"
    assert cell(page, "NONE", "esca") == "None"
    row = shown(page).index("BRONZE")
    tip = page.proxy.index(row, COL["esca"]).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == f"Bronze, expired ({(TODAY - dt.timedelta(3)).isoformat()})"
    # sorting by label puts gold last when ascending (none < bronze < silver < gold)
    page.table.sortByColumn(COL["esca"], Qt.SortOrder.AscendingOrder)
    assert shown(page) == ["NONE", "BRONZE", "SILVER", "GOLD"]


def test_esca_rules() -> None:
    day = dt.date(2025, 8, 31)
    row = ClusterRow(
        1, "n", "s", "", "cluster", False, "", "", None, None, None, None, "",
        "gold", dt.date(2026, 2, 28), False, "",
    )  # fmt: skip
    assert add_months(day, 6) == dt.date(2026, 2, 28)
    assert esca_state(row, day) == "expiring"
    assert esca_text(row, dt.date(2026, 2, 28)) == "Gold, expires today"
    assert esca_text(row, dt.date(2026, 2, 27)) == "Gold, expires tomorrow"
    assert esca_state(row, dt.date(2025, 8, 27)) == "valid"
    assert esca_state(row, dt.date(2026, 3, 1)) == "expired"


# --------------------------------------------------------------------------- shared widgets
def test_optional_date_edit(qtbot: QtBot) -> None:
    edit = OptionalDateEdit("Leaving date", check_text="Leaves on", none_text="no date")
    qtbot.addWidget(edit)
    assert edit.date() is None and edit.edit.text() == "no date" and not edit.edit.isEnabled()
    edit.set_date(dt.date(2025, 6, 30))
    assert edit.date() == dt.date(2025, 6, 30) and edit.check.isChecked()
    edit.check.setChecked(False)
    assert edit.date() is None
    edit.check.setChecked(True)  # the last date comes back
    assert edit.date() == dt.date(2025, 6, 30)
    edit.set_date(None)
    assert edit.date() is None
    assert edit.edit.accessibleName() == "Leaving date"
    assert edit.check.accessibleName() == "Leaving date: has a date"


def test_optional_spin_boxes(qtbot: QtBot) -> None:
    members = OptionalSpinBox(0, 100, "Members")
    fte = OptionalDoubleSpinBox(0, 10, 0.5, 2, "FTE")
    qtbot.addWidget(members)
    qtbot.addWidget(fte)
    assert members.value_or_none() is None and members.text() == "not known"
    assert fte.value_or_none() is None and fte.text() == "not known"
    members.stepUp()
    fte.stepUp()
    assert members.value_or_none() == 0 and fte.value_or_none() == 0.0
    members.set_value_or_none(15)
    fte.set_value_or_none(None)
    assert members.value_or_none() == 15 and fte.value_or_none() is None


def test_form_errors_route_unknown_fields_to_the_general_label(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLineEdit

    errors = FormErrors()
    a, b = QLineEdit(), QLineEdit()
    box_a, box_b = errors.wrap("a", a), errors.wrap("b", b)
    for w in (box_a, box_b, errors.general):
        qtbot.addWidget(w)
    errors.show({"b": "B is wrong.", "": "Something else.", "zzz": "And this."})
    assert errors.shown() == {"b": "B is wrong.", "": "Something else.\nAnd this."}
    errors.clear()
    assert errors.shown() == {}
