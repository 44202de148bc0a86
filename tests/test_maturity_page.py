"""The Maturity page through the real layers: temp SQLite, the database worker, pyqtgraph."""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.db import directory as d
from app.db import maturity as mt
from app.db.database import Database
from app.domain.records import ClusterInput, OfficerInput
from app.tasks import TaskManager
from app.views.context import AppContext
from app.views.maturity_page import MaturityPage
from app.views.radar_chart import polar

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support"),
    pytest.mark.qt_log_ignore('Mouse event "Mouse.*" not accepted'),
]

TODAY = dt.date.today()
EARLY = dt.date(2025, 3, 1)
LATER = dt.date(2025, 9, 1)
GAIA_BEFORE = [3, 3, 3, 3, 3, 3, 3]
GAIA_NOW = [4, 3, 3, 4, 4, 2, 3]
HEGAN_NOW = [2, 2, 4, 2, 3, 1, 2]
CREA_NOW = [1, 2, 2, 3, 2, 2, 1]


# --------------------------------------------------------------------------- data
@pytest.fixture
def network(db: Database) -> dict[str, int]:
    """GAIA (two profiles, eligible, gold label valid), HEGAN (8 members: not ECCP-eligible;
    silver label expiring in 90 days), CREA (a pre-cluster, emerging), NEW (no profile)."""
    ids = {
        "ane": d.create_officer(db, OfficerInput("Ane Etxeberria", "ane@example.org")),
        "gaia": d.create_cluster(
            db,
            ClusterInput(
                "GAIA ICT cluster",
                "GAIA",
                sector="ICT",
                member_count=120,
                sme_share=70,
                management_fte=3.0,
                helix_types=3,
                website="https://www.gaia.eus",
                esca_label="gold",
                esca_expiry=TODAY + dt.timedelta(days=500),
            ),
        ),  # fmt: skip
        "hegan": d.create_cluster(
            db,
            ClusterInput(
                "HEGAN aerospace",
                "HEGAN",
                member_count=8,
                management_fte=1.0,
                helix_types=2,
                website="https://www.hegan.com",
                esca_label="silver",
                esca_expiry=TODAY + dt.timedelta(days=90),
                cross_border=True,
            ),
        ),  # fmt: skip
        "crea": d.create_cluster(
            db,
            ClusterInput(
                "Creative industries", "CREA", kind="pre-cluster", website="https://crea.eus"
            ),
        ),
        "new": d.create_cluster(db, ClusterInput("Newcomers", "NEW")),
    }
    dims = [x.id for x in mt.list_models(db)[0].dimensions]

    def profile(cluster: str, when: dt.date, levels: list[int], stage: str) -> int:
        return mt.create_profile(
            db, ids[cluster], when, stage=stage, assessor_id=ids["ane"],
            levels=dict(zip(dims, levels, strict=True)),
        )  # fmt: skip

    ids["gaia_before"] = profile("gaia", EARLY, GAIA_BEFORE, "growth")
    ids["gaia_now"] = profile("gaia", LATER, GAIA_NOW, "growth")
    ids["hegan_now"] = profile("hegan", LATER, HEGAN_NOW, "growth")
    ids["crea_now"] = profile("crea", LATER, CREA_NOW, "emerging")
    return ids


@pytest.fixture
def ctx(db: Database, tmp_path: Path) -> Iterator[AppContext]:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    context = AppContext(db=db, tasks=TaskManager(), settings=settings)
    yield context
    context.tasks.wait_idle()
    QApplication.processEvents()
    context.tasks.shutdown()


def open_page(qtbot: QtBot, ctx: AppContext) -> MaturityPage:
    page = MaturityPage(ctx)
    qtbot.addWidget(page)
    page.resize(1080, 760)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()
    return page


def open_cluster(qtbot: QtBot, page: MaturityPage, cluster_id: int) -> None:
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.show_cluster(cluster_id)


def dim_names(db: Database) -> list[str]:
    return mt.list_models(db)[0].dimension_names()


# --------------------------------------------------------------------------- scoreboard
def test_page_shows_every_cluster_on_the_scoreboard(qtbot: QtBot, ctx: AppContext, network) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    assert page.title == "Maturity" and page.objectName() == "maturity"
    assert [page.tabs.tabText(i) for i in range(3)] == [
        "Scoreboard",
        "Cluster profile",
        "Working groups",
    ]
    sb = page.scoreboard
    assert [r.cluster_short_name for r in sb.shown_rows()] == ["CREA", "GAIA", "HEGAN", "NEW"]
    assert sb.cell_level(1, "Structure and membership") == 4
    assert sb.cell_level(3, "Financing") is None
    assert "4 clusters shown (1 without a maturity profile)" in sb.count_label.text()
    assert "NEW" in sb.stale_label.text()  # no profile in the last 12 months
    footer = sb.footer_model
    fin = sb.model.dimension_column("Financing")
    assert footer.index(0, fin).data() == "3.0"  # (3 + 4 + 2) / 3


def test_clicking_a_heading_sorts_by_that_dimension(qtbot: QtBot, ctx: AppContext, network) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    sb = page.scoreboard
    header = sb.table.horizontalHeader()
    column = sb.model.dimension_column("Internationalisation")
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )
    assert header.sortIndicatorSection() == column
    levels = [r.levels.get("Internationalisation") for r in sb.shown_rows()]
    assert levels == [1, 2, 2, None]  # weakest first, the cluster without a profile last
    sb.sort_by_dimension("Financing", Qt.SortOrder.DescendingOrder)
    assert [r.cluster_short_name for r in sb.shown_rows()] == ["HEGAN", "GAIA", "CREA", "NEW"]


def test_kind_and_stage_filters(qtbot: QtBot, ctx: AppContext, network) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    sb = page.scoreboard
    sb.kind_combo.setCurrentIndex(sb.kind_combo.findData("pre-cluster"))
    assert [r.cluster_short_name for r in sb.shown_rows()] == ["CREA"]
    fin = sb.model.dimension_column("Financing")
    assert sb.footer_model.index(0, fin).data() == "2.0"  # averages over the clusters shown
    assert "of 4" in sb.count_label.text()
    sb.set_filters(None, "growth")
    assert [r.cluster_short_name for r in sb.shown_rows()] == ["GAIA", "HEGAN"]
    assert ctx.settings.value("maturity/scoreboard/stage") == "growth"
    sb.set_filters(None, None)
    assert len(sb.shown_rows()) == 4


def test_clicking_a_cell_opens_that_clusters_profile(
    qtbot: QtBot, ctx: AppContext, network
) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    sb = page.scoreboard
    row = [r.cluster_short_name for r in sb.shown_rows()].index("HEGAN")
    index = sb.proxy.index(row, sb.model.dimension_column("Financing"))
    rect = sb.table.visualRect(index)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(sb.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.tabs.currentWidget() is page.editor
    assert page.editor.cluster_id() == network["hegan"]
    assert page.editor.profile_id() == network["hegan_now"]
    assert page.editor.cluster_combo.currentText() == "HEGAN"
    assert "HEGAN aerospace" in page.editor.title_label.text()


# --------------------------------------------------------------------------- profile and radar
def test_radar_draws_latest_previous_and_average(
    qtbot: QtBot, ctx: AppContext, db, network
) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    open_cluster(qtbot, page, network["gaia"])
    radar = page.editor.radar
    names = dim_names(db)
    assert radar.dimensions == names
    assert radar.curve_levels("latest") == pytest.approx(GAIA_NOW)
    assert radar.curve_levels("previous") == pytest.approx(GAIA_BEFORE)
    network_avg = mt.scoreboard(db).network_average
    assert radar.curve_levels("average") == pytest.approx([network_avg[n] for n in names])
    xs, ys = radar.latest_curve.getData()  # the PlotDataItem's own arrays
    ex, ey = polar([float(v) for v in GAIA_NOW])
    assert np.allclose(xs, ex) and np.allclose(ys, ey)
    assert len(radar.labels) == 7 and radar.getPlotItem().getViewBox().state["aspectLocked"]
    assert "network average (3 clusters)" in radar.plotItem.titleLabel.text

    page.editor.peers_check.setChecked(True)  # GAIA is in growth: compare with GAIA + HEGAN
    growth = mt.scoreboard(db).stage_averages["growth"]
    assert radar.curve_levels("average") == pytest.approx([growth[n] for n in names])
    assert "average of growth clusters (2)" in radar.plotItem.titleLabel.text
    model = radar.table_model()
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Peers"


def test_changes_are_shown_in_words_beside_the_radar(
    qtbot: QtBot, ctx: AppContext, network
) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    open_cluster(qtbot, page, network["gaia"])
    model = page.editor.radar.table_model()
    rows = {model.index(i, 0).data(): i for i in range(model.rowCount())}
    up = rows["Structure and membership"]  # 3 → 4
    down = rows["Internationalisation"]  # 3 → 2
    same = rows["Financing"]
    assert model.index(up, 3).data() == "▲ +1"
    assert model.index(up, 3).data(Qt.ItemDataRole.ToolTipRole) == (
        "up 1 level(s) since the previous profile"
    )
    assert model.index(down, 3).data() == "▼ −1"
    assert "down 1 level(s)" in model.index(down, 3).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(same, 3).data() == "= 0"
    assert model.index(up, 1).data() == "4" and model.index(up, 2).data() == "3"
    assert "Radar chart of" in page.editor.radar.accessibleDescription()
    # a cluster with one profile: nothing to compare with
    open_cluster(qtbot, page, network["hegan"])
    model = page.editor.radar.table_model()
    assert {model.index(i, 3).data() for i in range(model.rowCount())} == {"new"}
    assert page.editor.radar.curve_levels("previous") == []


def test_facts_eccp_check_and_label_warning(qtbot: QtBot, ctx: AppContext, network) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    open_cluster(qtbot, page, network["hegan"])
    facts = page.editor.facts_text()
    assert "Not eligible for the ECCP" in facts
    assert "Failed: At least 15 members — only 8 members (15 needed)" in facts
    assert "Passed: Active website" in facts
    assert "✖" in page.editor.eccp_label.text()  # a mark as well as the words
    assert "Warning: Silver label expires in 90 days" in facts
    assert "⚠" in page.editor.label_label.text()
    assert "Cross-border" in facts and "yes" in facts

    open_cluster(qtbot, page, network["crea"])
    facts = page.editor.facts_text()
    assert "ECCP eligibility not known" in facts
    assert "Unknown: At least 15 members — member count not recorded" in facts
    assert "no ESCA label" in facts

    open_cluster(qtbot, page, network["gaia"])
    facts = page.editor.facts_text()
    assert "Eligible for the ECCP: every criterion is met." in facts
    assert "Gold label valid until" in facts and "Warning" not in facts


def test_history_lists_profiles_by_date_and_switches(
    qtbot: QtBot, ctx: AppContext, network
) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    open_cluster(qtbot, page, network["gaia"])
    editor = page.editor
    assert [p.assessed_on for p in editor.history_model.rows()] == [LATER, EARLY]
    index = editor.history_model.index(1, 0)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(
            editor.history.viewport(),
            Qt.MouseButton.LeftButton,
            pos=editor.history.visualRect(index).center(),
        )
    assert editor.profile_id() == network["gaia_before"]
    assert editor.radar.curve_levels("latest") == pytest.approx(GAIA_BEFORE)
    assert editor.radar.curve_levels("previous") == []


def test_editing_a_level_and_a_note_is_saved(qtbot: QtBot, ctx: AppContext, db, network) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    open_cluster(qtbot, page, network["hegan"])
    editor = page.editor
    editor.tabs.setCurrentIndex(1)
    editor.select_dimension("Internationalisation")
    assert editor.current_dimension().name == "Internationalisation"
    chooser = editor.chooser
    assert chooser.level() == 1
    # every level's descriptor is in view while choosing
    assert all(row.descriptor.isVisible() and row.descriptor.text() for row in chooser.rows)
    assert chooser.rows[2].radio.text().replace("&", "") == "3 · Defined"
    dim_id = editor.current_dimension().id
    qtbot.mouseClick(chooser.rows[2].radio, Qt.MouseButton.LeftButton)
    editor.note_edit.setFocus()
    qtbot.keyClicks(editor.note_edit, "Two EU projects with Klusteuro")
    qtbot.keyClicks(editor.evidence_edit, "Grant letters 2025")

    def saved() -> bool:
        score = mt.get_profile(db, network["hegan_now"]).scores[dim_id]
        return (score.level, score.note, score.evidence) == (
            3,
            "Two EU projects with Klusteuro",
            "Grant letters 2025",
        )

    qtbot.waitUntil(saved, timeout=6000)
    qtbot.waitUntil(lambda: not editor.pending, timeout=3000)
    assert editor.radar.curve_levels("latest")[5] == pytest.approx(3.0)
    model = editor.radar.table_model()
    assert model.index(5, 3).data() == "new"  # no previous profile for HEGAN
    # the scoreboard catches up when it is shown again
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.tabs.setCurrentIndex(0)
    row = [r.cluster_short_name for r in page.scoreboard.shown_rows()].index("HEGAN")
    assert page.scoreboard.cell_level(row, "Internationalisation") == 3


def test_header_fields_and_evidence_link(qtbot: QtBot, ctx: AppContext, db, network) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    open_cluster(qtbot, page, network["crea"])
    editor = page.editor
    editor.stage_combo.setCurrentIndex(editor.stage_combo.findData("growth"))
    editor.flush()
    qtbot.waitUntil(
        lambda: mt.get_profile(db, network["crea_now"]).row.stage == "growth", timeout=5000
    )
    assert mt.get_profile(db, network["crea_now"]).row.assessor_id == network["ane"]
    # the linked-meeting combo offers only this cluster's meetings ("no link" when there are none)
    assert editor.meeting_combo.count() == 1 and editor.meeting_combo.itemData(0) is None


def test_new_profile_starts_from_previous_levels_and_delete_asks(
    qtbot: QtBot, ctx: AppContext, db, network
) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    open_cluster(qtbot, page, network["gaia"])
    editor = page.editor
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        editor.new_action.trigger()
    profiles = mt.list_profiles(db, cluster_id=network["gaia"])
    assert len(profiles) == 3 and profiles[0].assessed_on == TODAY
    new_id = profiles[0].id
    assert editor.profile_id() == new_id
    assert list(profiles[0].levels.values()) == GAIA_NOW
    assert editor.radar.curve_levels("latest") == pytest.approx(GAIA_NOW)
    assert editor.tabs.currentIndex() == 1  # straight to the levels
    assert "previous levels" in page.notice.text()

    box = editor.delete_profile()
    assert box is not None and "Delete GAIA's maturity profile" in box.text()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        box.ok_button.click()
    assert [p.id for p in mt.list_profiles(db, cluster_id=network["gaia"])] == [
        network["gaia_now"],
        network["gaia_before"],
    ]
    assert editor.profile_id() == network["gaia_now"]


def test_cluster_without_profile_says_so(qtbot: QtBot, ctx: AppContext, network) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    open_cluster(qtbot, page, network["new"])
    assert page.editor.profile_id() is None
    assert "NEW has no maturity profile yet" in page.editor.empty_label.text()
    assert not page.editor.delete_action.isEnabled() and page.editor.new_action.isEnabled()


def test_exports_write_the_report_or_explain(
    qtbot: QtBot, ctx: AppContext, tmp_path, network
) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    target = tmp_path / "scoreboard.xlsx"
    if importlib.util.find_spec("app.reports.maturity_export") is None:
        assert page.export_scoreboard("xlsx", target) is False
        assert "not available" in page.notice.text()
    else:
        with qtbot.waitSignal(page.exported, timeout=20_000):
            assert page.export_scoreboard("xlsx", target) is True
        assert target.exists()
    actions = [page.scoreboard.export_xlsx_action, page.scoreboard.export_pdf_action]
    assert all(a.shortcut().toString() and "(" in a.toolTip() for a in actions)


def test_show_cluster_while_the_page_is_still_loading(
    qtbot: QtBot, ctx: AppContext, network
) -> None:  # type: ignore[no-untyped-def]
    """The main window refreshes a page when first shown; a caller then asks for a cluster."""
    page = MaturityPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    page.show_cluster(network["hegan"])
    qtbot.waitUntil(lambda: page.editor.cluster_id() == network["hegan"], timeout=10_000)
    ctx.tasks.wait_idle()
    QApplication.processEvents()
    ctx.tasks.wait_idle()
    QApplication.processEvents()
    assert page.editor.cluster_id() == network["hegan"]  # not replaced by the first cluster
    assert page.editor.profile_id() == network["hegan_now"]
