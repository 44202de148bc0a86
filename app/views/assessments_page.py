"""The Assessments page: every action-plan assessment by cluster and year, the editor of one
assessment and the rubric (template) editor.

The page is a stack of three views: the list (filters by year, cluster and status, "latest
versions only"; overall score, the change against last year, scored x/28, assessor, version),
the editor of one assessment (``AssessmentEditor``) and the rubric versions
(``RubricEditor``). A new assessment is created for a cluster and plan year (one per
cluster-year; later changes are amendments, made in the editor) and opens in the editor.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.db import assessments as db_assessments
from app.db import directory
from app.domain import vocab
from app.domain.records import ClusterRow, OfficerRow
from app.domain.records_assessments import AssessmentRow, TemplateSpec
from app.errors import KnownError, ValidationError
from app.models.assessment_models import make_assessment_model
from app.models.filter_proxy import RecordFilterProxy
from app.models.record_table import RECORD_ROLE
from app.views.assessment_editor import AssessmentEditor
from app.views.context import AppContext
from app.views.messages import show_error, tr
from app.views.page import Page
from app.views.rubric_editor import RubricEditor
from app.views.widgets import (
    FormErrors,
    ask,
    hint_label,
    make_action,
    make_filter_edit,
    make_table_view,
    select_record,
    selected_record,
    set_column_widths,
)

logger = logging.getLogger(__name__)

Loaded = tuple[list[AssessmentRow], list[ClusterRow], list[OfficerRow], list[TemplateSpec]]


# --------------------------------------------------------------------------- new assessment
class NewAssessmentDialog(QDialog):
    """Choose the cluster, the plan year, the assessor (optional) and the rubric version.

    The assessment is created on the database worker; ``created(id)`` follows. One assessment
    per cluster and plan year: a second one is refused beside the year, with a button to open
    the existing one (``open_existing(id)``)."""

    created = Signal(int)
    open_existing = Signal(int)
    problem = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        clusters: list[ClusterRow],
        officers: list[OfficerRow],
        templates: list[TemplateSpec],
        rows: list[AssessmentRow],
        *,
        cluster_id: int | None = None,
        year: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("new_assessment_dialog")
        self.setWindowTitle(tr("New assessment"))
        self.setMinimumWidth(620)
        self.ctx = ctx
        self._rows = rows
        self._existing: int | None = None
        self.errors = FormErrors()

        self.cluster_combo = QComboBox()
        self.cluster_combo.setAccessibleName(tr("Cluster"))
        for c in clusters:
            if not c.archived or c.id == cluster_id:
                self.cluster_combo.addItem(f"{c.short_name} – {c.name}", c.id)
        if cluster_id is not None:
            self.cluster_combo.setCurrentIndex(max(self.cluster_combo.findData(cluster_id), 0))
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(year or dt.date.today().year)
        self.year_spin.setAccessibleName(tr("Plan year"))
        self.assessor_combo = QComboBox()
        self.assessor_combo.setAccessibleName(tr("Assessor"))
        self.assessor_combo.addItem(tr("(choose later)"), None)
        for o in officers:
            if o.active:
                self.assessor_combo.addItem(o.name, o.id)
        self.template_combo = QComboBox()
        self.template_combo.setAccessibleName(tr("Rubric version"))
        for t in sorted(templates, key=lambda t: t.id, reverse=True):
            self.template_combo.addItem(
                tr("{name}, version {v} ({n} criteria)").format(
                    name=t.name, v=t.version, n=len(t.criteria())
                ),
                t.id,
            )

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, field, widget in (
            (tr("&Cluster:"), "cluster_id", self.cluster_combo),
            (tr("&Plan year:"), "plan_year", self.year_spin),
            (tr("&Assessor:"), "assessor_id", self.assessor_combo),
            (tr("&Rubric:"), "template_id", self.template_combo),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, self.errors.wrap(field, widget))

        self.open_button = QPushButton(tr("Open the existing assessment"))
        self.open_button.setToolTip(
            tr("Open the assessment this cluster already has for that year")
        )
        self.open_button.clicked.connect(self._open_existing)
        self.open_button.hide()
        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button: QPushButton = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("Create and open"))
        self.button_box.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        self.cluster_combo.currentIndexChanged.connect(self._clear_problem)
        self.year_spin.valueChanged.connect(self._clear_problem)

        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                tr(
                    "One assessment per cluster and plan year. To change a final assessment, "
                    "open it and use Amend…"
                )
            )
        )
        layout.addWidget(self.errors.general)
        layout.addLayout(form)
        if self.cluster_combo.count() == 0:
            self.errors.show({"": tr("There is no cluster yet: add one on the Clusters page.")})
            self.ok_button.setEnabled(False)
        if self.template_combo.count() == 0:
            self.errors.show({"": tr("No rubric is installed; the database is incomplete.")})
            self.ok_button.setEnabled(False)
        layout.addWidget(self.button_box)

    def _clear_problem(self) -> None:
        self.errors.clear()
        self.open_button.hide()
        self._existing = None

    def _find_existing(self, cluster_id: int, year: int) -> int | None:
        found = [r for r in self._rows if r.cluster_id == cluster_id and r.plan_year == year]
        return max(found, key=lambda r: r.version).id if found else None

    def accept(self) -> None:
        if self.cluster_combo.currentIndex() < 0:
            self.errors.show({"cluster_id": tr("Choose the cluster.")})
            return
        db = self.ctx.db
        cluster_id = int(self.cluster_combo.currentData())
        year = self.year_spin.value()
        assessor = self.assessor_combo.currentData()
        template = self.template_combo.currentData()
        self.ok_button.setEnabled(False)

        def done(new_id: int) -> None:
            self.ok_button.setEnabled(True)
            self.created.emit(new_id)
            super(NewAssessmentDialog, self).accept()

        def failed(err: BaseException) -> None:
            self.ok_button.setEnabled(True)
            if isinstance(err, ValidationError):
                self.errors.show(err.problems)
                self._existing = self._find_existing(cluster_id, year)
                self.open_button.setVisible(self._existing is not None)
                self.problem.emit(str(err))
            elif isinstance(err, KnownError):
                self.errors.show({"": str(err)})
                self.problem.emit(str(err))
            else:
                show_error(self, err)

        self.ctx.tasks.run(
            lambda: db_assessments.create_assessment(
                db, cluster_id, year, assessor_id=assessor, template_id=template
            ),
            done,
            failed,
        )

    def _open_existing(self) -> None:
        if self._existing is not None:
            existing = self._existing
            self.reject()
            self.open_existing.emit(existing)


# --------------------------------------------------------------------------- the page
class AssessmentsPage(Page):
    title = "Assessments"
    object_name = "assessments"

    editor_ready = Signal(int)  # the editor shows this assessment, loaded

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.rows: list[AssessmentRow] = []
        self.clusters: list[ClusterRow] = []
        self.officers: list[OfficerRow] = []
        self.templates: list[TemplateSpec] = []
        self.editor: AssessmentEditor | None = None
        self.rubric: RubricEditor | None = None
        self._pending_select: int | None = None
        self._build()
        self._update_actions()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.heading.setFont(font)
        self.heading.setAccessibleName(tr("Where you are"))
        self.browser = QWidget()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.browser)
        self._build_browser()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, 1)
        self._set_heading()

    def _build_browser(self) -> None:
        b = self.browser
        self.model = make_assessment_model(self)
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table_view(tr("Assessments"))
        self.table.setModel(self.proxy)
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        set_column_widths(self.table, (23, 9, 7, 15, 8, 18, 7, 26, 6))
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())

        self.new_action = make_action(
            b, tr("&New assessment…"), tr("Assess a cluster's action plan for a plan year"),
            "Ctrl+N", self.open_new_dialog,
        )  # fmt: skip
        self.open_action = make_action(
            self.table, tr("&Open"), tr("Open the selected assessment (or double-click it)"),
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter), "Ctrl+O"],
            self.open_selected, Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.delete_action = make_action(
            self.table, tr("&Delete draft…"), tr("Delete the selected draft (a final one is kept)"),
            QKeySequence.StandardKey.Delete, self.delete_selected,
            Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.xlsx_action = make_action(
            b, tr("Export year to &XLSX…"),
            tr("Write every cluster's scores of the chosen year to an Excel file"),
            "Ctrl+Shift+X", self.export_year,
        )  # fmt: skip
        self.rubric_action = make_action(
            b, tr("&Rubric templates…"),
            tr("See the rubric versions; copy one into a new version and edit it"),
            "Ctrl+Shift+T", self.open_rubric_editor,
        )  # fmt: skip
        self.find_action = make_action(
            b, tr("Find"), tr("Go to the filter box"), QKeySequence.StandardKey.Find,
            self._focus_filter,
        )  # fmt: skip

        toolbar = QToolBar(tr("Assessment actions"))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.new_action, self.open_action, self.delete_action):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.xlsx_action)
        toolbar.addAction(self.rubric_action)

        # filters
        self.year_combo = QComboBox()
        self.year_combo.setAccessibleName(tr("Plan year"))
        self.year_combo.addItem(tr("All years"), None)
        self.cluster_combo = QComboBox()
        self.cluster_combo.setAccessibleName(tr("Cluster"))
        self.cluster_combo.addItem(tr("All clusters"), None)
        self.cluster_combo.setMinimumContentsLength(14)
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName(tr("Status"))
        self.status_combo.addItem(tr("Any status"), None)
        for key, label in vocab.ASSESSMENT_STATUSES.items():
            self.status_combo.addItem(tr(label), key)
        self.latest_check = QCheckBox(tr("&Latest versions only"))
        self.latest_check.setAccessibleName(tr("Latest versions only"))
        self.latest_check.setToolTip(
            tr("Hide the versions that a later amendment replaced (untick to see the history)")
        )
        self.filter_edit = make_filter_edit(
            tr("Filter by cluster, assessor or status"), tr("Filter assessments")
        )
        self.filter_edit.setMinimumWidth(200)
        settings = self.ctx.settings
        self._saved_year = settings.value("assessments/year", None)
        self._saved_cluster = settings.value("assessments/cluster", None)
        status = settings.value("assessments/status", None)
        self.status_combo.setCurrentIndex(max(self.status_combo.findData(status), 0))
        self.latest_check.setChecked(
            bool(settings.value("assessments/latest_only", True, type=bool))
        )
        self.year_combo.currentIndexChanged.connect(self._on_filters_changed)
        self.cluster_combo.currentIndexChanged.connect(self._on_filters_changed)
        self.status_combo.currentIndexChanged.connect(self._on_filters_changed)
        self.latest_check.toggled.connect(self._on_filters_changed)
        self.filter_edit.textChanged.connect(self._on_text_changed)

        filters = QHBoxLayout()
        filters.setSpacing(6)
        for text, widget in (
            (tr("&Year:"), self.year_combo),
            (tr("&Cluster:"), self.cluster_combo),
            (tr("&Status:"), self.status_combo),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
            filters.addSpacing(8)
        filters.addWidget(self.latest_check)
        filters.addSpacing(8)
        filters.addWidget(self.filter_edit, 1)

        self.count_label = hint_label()
        self.empty_label = hint_label(
            tr("No assessment yet. Use “New assessment…” (Ctrl+N) to score a cluster's plan.")
        )
        self.empty_label.hide()

        layout = QVBoxLayout(b)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(toolbar)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.count_label)
        self._apply_filters()

    def _set_heading(self, *parts: str) -> None:
        self.heading.setText(" › ".join([tr("Assessments"), *parts]))

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        db = self.ctx.db
        if self.editor is not None and self.stack.currentWidget() is self.editor:
            self.editor.reload()
        if self.rubric is not None and self.stack.currentWidget() is self.rubric:
            self.rubric.refresh()

        def fetch() -> Loaded:
            return (
                db_assessments.list_assessments(db),
                directory.list_clusters(db),
                directory.list_officers(db),
                db_assessments.list_templates(db),
            )

        self.load(fetch, self._apply)

    def _apply(self, result: Loaded) -> None:
        rows, clusters, officers, templates = result
        keep = self._pending_select
        if keep is None:
            current = self.current_assessment()
            keep = current.id if current is not None else None
        self._pending_select = None
        self.rows, self.clusters, self.officers, self.templates = (
            rows,
            clusters,
            officers,
            templates,
        )
        self._fill_filter_combos()
        self.model.set_rows(rows)
        if keep is not None:
            select_record(self.table, lambda r: r.id == keep)
        self._after_filter()

    def _fill_filter_combos(self) -> None:
        year = self.year_combo.currentData() if self.year_combo.count() > 1 else self._saved_year
        cluster = (
            self.cluster_combo.currentData()
            if self.cluster_combo.count() > 1
            else self._saved_cluster
        )
        for combo in (self.year_combo, self.cluster_combo):
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
        for y in sorted({r.plan_year for r in self.rows}, reverse=True):
            self.year_combo.addItem(str(y), y)
        shown = {r.cluster_id for r in self.rows}
        for c in self.clusters:
            if not c.archived or c.id in shown:
                self.cluster_combo.addItem(c.short_name, c.id)
        for combo, value in ((self.year_combo, year), (self.cluster_combo, cluster)):
            index = combo.findData(int(value)) if value not in (None, "") else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        self._apply_filters()

    # ------------------------------------------------------------------ filtering
    def _on_filters_changed(self, *_args: Any) -> None:
        settings = self.ctx.settings
        settings.setValue("assessments/year", self.year_combo.currentData() or "")
        settings.setValue("assessments/cluster", self.cluster_combo.currentData() or "")
        settings.setValue("assessments/status", self.status_combo.currentData() or "")
        settings.setValue("assessments/latest_only", self.latest_check.isChecked())
        self._apply_filters()
        self._after_filter()

    def _apply_filters(self) -> None:
        year = self.year_combo.currentData()
        cluster = self.cluster_combo.currentData()
        status = self.status_combo.currentData()
        self.proxy.set_predicate("year", None if year is None else (lambda r: r.plan_year == year))
        self.proxy.set_predicate(
            "cluster", None if cluster is None else (lambda r: r.cluster_id == cluster)
        )
        self.proxy.set_predicate(
            "status", None if status is None else (lambda r: r.status == status)
        )
        self.proxy.set_predicate(
            "latest", (lambda r: r.latest) if self.latest_check.isChecked() else None
        )

    def _on_text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._after_filter()

    def _focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def _after_filter(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        records = [self.proxy.index(r, 0).data(RECORD_ROLE) for r in range(shown)]
        drafts = sum(1 for r in records if r.status == "draft")
        open_total = sum(1 for r in records if r.status == "draft" and r.scored < r.criteria)
        text = tr("{shown} of {total} assessments shown").format(shown=shown, total=total)
        if shown:
            text += " · " + tr("{final} final, {drafts} drafts ({open} still being scored)").format(
                final=shown - drafts, drafts=drafts, open=open_total
            )
        self.count_label.setText(text)
        self.empty_label.setVisible(total == 0)
        self._update_actions()

    # ------------------------------------------------------------------ selection
    def current_assessment(self) -> AssessmentRow | None:
        return selected_record(self.table)

    def _update_actions(self) -> None:
        row = self.current_assessment()
        self.open_action.setEnabled(row is not None)
        self.delete_action.setEnabled(row is not None and row.status == "draft")

    def shown_rows(self) -> list[AssessmentRow]:
        return [self.proxy.index(r, 0).data(RECORD_ROLE) for r in range(self.proxy.rowCount())]

    def select(self, assessment_id: int) -> bool:
        return select_record(self.table, lambda r: r.id == assessment_id)

    # ------------------------------------------------------------------ new, delete
    def open_new_dialog(self) -> NewAssessmentDialog:
        row = self.current_assessment()
        dialog = NewAssessmentDialog(
            self.ctx,
            self.clusters,
            self.officers,
            self.templates,
            self.rows,
            cluster_id=self.cluster_combo.currentData() or (row.cluster_id if row else None),
            year=self.year_combo.currentData(),
            parent=self,
        )
        dialog.created.connect(self._on_created)
        dialog.open_existing.connect(self.open_assessment)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _on_created(self, assessment_id: int) -> None:
        self._pending_select = assessment_id
        self.open_assessment(assessment_id)

    def delete_selected(self) -> QMessageBox | None:
        row = self.current_assessment()
        if row is None or row.status != "draft":
            return None
        db = self.ctx.db

        def delete() -> None:
            self.ctx.tasks.run(
                lambda: db_assessments.delete_draft(db, row.id),
                lambda _r: self.refresh(),
                lambda err: (show_error(self, err), self.refresh()),
            )

        return ask(
            self,
            tr("Delete draft"),
            tr("Delete the draft assessment of the {year} plan of {cluster} (version {v})?").format(
                cluster=row.cluster_short_name, year=row.plan_year, v=row.version
            ),
            tr("Delete draft"),
            delete,
            informative=tr("Its {n} scores, comments and notes are deleted with it.").format(
                n=row.scored
            ),
        )

    # ------------------------------------------------------------------ the editor
    def open_selected(self) -> None:
        row = self.current_assessment()
        if row is not None:
            self.open_assessment(row.id)

    def open_assessment(self, assessment_id: int) -> AssessmentEditor:
        """Show the editor of an assessment."""
        self._drop_editor()
        editor = AssessmentEditor(self.ctx, assessment_id)
        editor.back_requested.connect(self.back_to_list)
        editor.opened.connect(self._on_editor_opened)
        editor.changed.connect(self._on_editor_changed)
        editor.loaded.connect(lambda: self._on_editor_loaded(editor))
        self.editor = editor
        self.stack.addWidget(editor)
        self.stack.setCurrentWidget(editor)
        self._pending_select = assessment_id
        self._set_heading(tr("Assessment"))
        return editor

    def _on_editor_loaded(self, editor: AssessmentEditor) -> None:
        if editor is self.editor and editor.detail is not None:
            row = editor.detail.row
            self._set_heading(
                tr("{cluster} {year}, version {v}").format(
                    cluster=row.cluster_short_name, year=row.plan_year, v=row.version
                )
            )
            self.editor_ready.emit(row.id)

    def _on_editor_opened(self, assessment_id: int) -> None:
        self._pending_select = assessment_id

    def _on_editor_changed(self) -> None:
        """Keep the list (behind the editor) up to date, quietly."""
        db = self.ctx.db
        self.ctx.tasks.run(
            lambda: (
                db_assessments.list_assessments(db),
                directory.list_clusters(db),
                directory.list_officers(db),
                db_assessments.list_templates(db),
            ),
            self._apply,
            lambda err: logger.warning("refreshing the list behind the editor failed: %s", err),
        )

    def _drop_editor(self) -> None:
        if self.editor is not None:
            editor, self.editor = self.editor, None
            self.stack.removeWidget(editor)
            editor.dispose()

    def back_to_list(self) -> None:
        if self.editor is not None:
            self._pending_select = self.editor.assessment_id
        self._drop_editor()
        self._drop_rubric()
        self.stack.setCurrentWidget(self.browser)
        self._set_heading()
        self.refresh()
        self.table.setFocus()

    def flush(self) -> None:
        """Queue every pending save (the main window calls this before closing)."""
        if self.editor is not None:
            self.editor.flush()

    # ------------------------------------------------------------------ rubric templates
    def open_rubric_editor(self) -> RubricEditor:
        self._drop_rubric()
        rubric = RubricEditor(self.ctx)
        rubric.back_requested.connect(self.back_to_list)
        self.rubric = rubric
        self.stack.addWidget(rubric)
        self.stack.setCurrentWidget(rubric)
        self._set_heading(tr("Rubric templates"))
        rubric.refresh()
        return rubric

    def _drop_rubric(self) -> None:
        if self.rubric is not None:
            rubric, self.rubric = self.rubric, None
            self.stack.removeWidget(rubric)
            rubric.dispose()

    # ------------------------------------------------------------------ export
    def export_year(self) -> QFileDialog | None:
        year = self.year_combo.currentData()
        if year is None:
            years = [r.plan_year for r in self.rows]
            year = max(years) if years else dt.date.today().year
        folder = str(self.ctx.settings.value("assessments/xlsx_dir", "") or "")
        if not folder or not Path(folder).is_dir():
            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation
            ) or str(Path.home())
        dialog = QFileDialog(
            self,
            tr("Export the {year} assessments to Excel").format(year=year),
            str(Path(folder) / f"Assessments_{year}.xlsx"),
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(tr("Excel workbooks (*.xlsx)"))
        dialog.setDefaultSuffix("xlsx")
        dialog.fileSelected.connect(lambda path, y=year: self.write_year_xlsx(int(y), Path(path)))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def write_year_xlsx(self, year: int, path: Path) -> None:
        db = self.ctx.db
        self.ctx.settings.setValue("assessments/xlsx_dir", str(path.parent))

        def work() -> Path:
            from app.reports.assessment_export import export_year_xlsx

            return export_year_xlsx(db, year, path)

        def failed(err: BaseException) -> None:
            if isinstance(err, ImportError):
                self.count_label.setText(
                    tr("Exporting assessments to Excel is not available in this version.")
                )
                return
            show_error(self, err)

        self.count_label.setText(tr("Writing the {year} workbook…").format(year=year))
        self.ctx.tasks.run(
            work,
            lambda written: self.count_label.setText(
                tr("Scores of {year} written to {path}").format(year=year, path=written)
            ),
            failed,
        )
