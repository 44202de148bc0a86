"""The scoreboard's item models over a real temporary database: cells, colours, sorting, filters."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.db import directory as d
from app.db import maturity as mt
from app.db.database import Database
from app.domain.records import ClusterInput
from app.models.maturity_models import (
    LEVEL_COLORS,
    LEVEL_ROLE,
    NO_LEVEL_COLOR,
    SOFT_HYPHEN,
    ScoreboardFooterModel,
    ScoreboardModel,
    ScoreboardProxy,
    dimension_rows,
    hyphenate,
    unbreakable_parts,
)
from app.models.record_table import RECORD_ROLE, SORT_ROLE

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support"),
]

WHEN = dt.date(2025, 5, 1)
LATER = dt.date(2025, 10, 1)


@pytest.fixture
def board_db(db: Database) -> dict[str, int]:
    """Four clusters: three with profiles (one a pre-cluster), one without any."""
    ids = {
        "gaia": d.create_cluster(db, ClusterInput("GAIA ICT cluster", "GAIA")),
        "hegan": d.create_cluster(db, ClusterInput("HEGAN aerospace", "HEGAN")),
        "crea": d.create_cluster(
            db, ClusterInput("Creative industries", "CREA", kind="pre-cluster")
        ),
        "new": d.create_cluster(db, ClusterInput("Newcomers", "NEW")),
    }
    dims = [x.id for x in mt.list_models(db)[0].dimensions]

    def profile(cluster: str, when: dt.date, levels: list[int], stage: str) -> None:
        mt.create_profile(
            db, ids[cluster], when, stage=stage, levels=dict(zip(dims, levels, strict=True))
        )

    profile("gaia", WHEN, [3, 3, 3, 3, 3, 3, 3], "growth")
    profile("gaia", LATER, [4, 3, 3, 4, 4, 2, 3], "mature")
    profile("hegan", LATER, [2, 2, 4, 2, 3, 1, 2], "growth")
    profile("crea", LATER, [1, 2, 2, 3, 2, 2, 1], "emerging")
    return ids


def make_model(db: Database) -> tuple[ScoreboardModel, ScoreboardProxy]:
    model = ScoreboardModel()
    model.set_scoreboard(mt.scoreboard(db))
    proxy = ScoreboardProxy()
    proxy.setSourceModel(model)
    return model, proxy


def names(proxy: ScoreboardProxy) -> list[str]:
    return [r.cluster_short_name for r in proxy.visible_rows()]


def test_models_pass_the_model_tester(qtmodeltester, db: Database, board_db) -> None:  # type: ignore[no-untyped-def]
    model, proxy = make_model(db)
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    footer = ScoreboardFooterModel()
    footer.set_rows(model.dimensions(), model.rows())
    qtmodeltester.check(footer)
    empty = ScoreboardModel()
    qtmodeltester.check(empty)


def test_cells_show_the_level_as_number_and_colour(db: Database, board_db) -> None:  # type: ignore[no-untyped-def]
    model, _proxy = make_model(db)
    dims = model.dimensions()
    assert len(dims) == 7 and model.columnCount() == 2 + 7 + 1
    board = mt.scoreboard(db)
    for row, rec in enumerate(board.rows):
        assert model.data(model.index(row, 0)) == rec.cluster_short_name
        for dim in dims:
            index = model.index(row, model.dimension_column(dim))
            level = rec.levels.get(dim)
            assert index.data(LEVEL_ROLE) == level
            assert index.data(SORT_ROLE) == level
            assert index.data() == ("–" if level is None else str(level))
            colour = index.data(Qt.ItemDataRole.BackgroundRole).color().name()
            assert colour == (LEVEL_COLORS[level] if level else NO_LEVEL_COLOR)
            words = index.data(Qt.ItemDataRole.AccessibleTextRole)
            assert rec.cluster_short_name in words and dim in words
    hegan = model.row_of(board_db["hegan"])
    cell = model.index(hegan, model.dimension_column("Internationalisation"))
    assert cell.data() == "1"
    assert cell.data(Qt.ItemDataRole.FontRole).bold()  # weak: bold as well as red
    assert "level 1 (Initial)" in cell.data(Qt.ItemDataRole.ToolTipRole)
    gaia = model.row_of(board_db["gaia"])
    change = model.index(gaia, model.dimension_column("Structure and membership"))
    assert "▲ +1" in change.data(Qt.ItemDataRole.ToolTipRole)  # 3 → 4 since last time
    new = model.row_of(board_db["new"])
    assert model.index(new, 1).data() == "no profile"
    assert model.index(new, model.mean_column).data() == "–"
    assert model.index(gaia, model.mean_column).data() == f"{23 / 7:.1f}"


def test_sorting_by_a_dimension_keeps_unscored_last(db: Database, board_db) -> None:  # type: ignore[no-untyped-def]
    model, proxy = make_model(db)
    column = model.dimension_column("Financing")  # GAIA 3, HEGAN 4, CREA 2, NEW –
    proxy.sort(column, Qt.SortOrder.AscendingOrder)
    assert names(proxy) == ["CREA", "GAIA", "HEGAN", "NEW"]
    proxy.sort(column, Qt.SortOrder.DescendingOrder)
    assert names(proxy) == ["HEGAN", "GAIA", "CREA", "NEW"]
    proxy.sort(model.dimension_column("Internationalisation"), Qt.SortOrder.AscendingOrder)
    assert names(proxy) == ["HEGAN", "CREA", "GAIA", "NEW"]  # 1, 2, 2 (ties by name), –
    proxy.sort(model.mean_column, Qt.SortOrder.DescendingOrder)
    assert names(proxy)[0] == "GAIA" and names(proxy)[-1] == "NEW"
    proxy.sort(ScoreboardModel.STAGE, Qt.SortOrder.AscendingOrder)
    assert names(proxy) == ["CREA", "HEGAN", "GAIA", "NEW"]  # emerging, growth, mature, none


def test_kind_and_stage_filters_and_the_footer(db: Database, board_db) -> None:  # type: ignore[no-untyped-def]
    model, proxy = make_model(db)
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    proxy.set_filters("pre-cluster", None)
    assert names(proxy) == ["CREA"]
    proxy.set_filters("cluster", "growth")
    assert names(proxy) == ["HEGAN"]
    proxy.set_filters(None, "mature")
    assert names(proxy) == ["GAIA"]
    proxy.set_filters(None, None)
    assert names(proxy) == ["CREA", "GAIA", "HEGAN", "NEW"]

    footer = ScoreboardFooterModel()
    proxy.set_filters("cluster", None)
    footer.set_rows(model.dimensions(), proxy.visible_rows())
    assert footer.rowCount() == 3
    fin = model.dimension_column("Financing")
    intl = model.dimension_column("Internationalisation")
    assert footer.index(0, 0).data() == "Network average"
    assert footer.index(0, fin).data() == "3.5"  # GAIA 3, HEGAN 4 (NEW has no profile)
    assert footer.index(1, intl).data() == "2"  # weak: GAIA 2, HEGAN 1
    assert footer.index(2, fin).data() == "1"  # strong: HEGAN 4
    assert footer.index(1, model.mean_column).data() == ""


def test_reset_replaces_everything_at_once(qtbot, db: Database, board_db) -> None:  # type: ignore[no-untyped-def]
    model = ScoreboardModel()
    resets: list[str] = []
    model.modelReset.connect(lambda: resets.append("reset"))
    model.rowsInserted.connect(lambda *_a: resets.append("insert"))
    model.set_scoreboard(mt.scoreboard(db))
    assert resets == ["reset"] and model.rowCount() == 4
    assert model.data(model.index(0, 0), RECORD_ROLE).cluster_short_name == "CREA"


def test_dimension_rows_and_headings() -> None:
    rows = dimension_rows(["A", "B", "C"], {"A": 3, "B": 2}, {"A": 2, "B": 2, "C": 1}, {"A": 2.5})
    assert [(r.level, r.previous, r.delta) for r in rows] == [(3, 2, 1), (2, 2, 0), (None, 1, None)]
    assert rows[0].label == "Defined" and rows[0].average == 2.5
    assert hyphenate("Internationalisation").replace(SOFT_HYPHEN, "") == "Internationalisation"
    assert SOFT_HYPHEN in hyphenate("Internationalisation")
    assert hyphenate("Financing") == "Financing"
    assert unbreakable_parts("Internationalisation") == ["Intern-", "ation-", "alisation"]
