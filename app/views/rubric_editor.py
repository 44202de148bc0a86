"""The rubric (assessment template) editor, for coordinators.

On the left the rubric versions, with how many assessments used each; on the right the chosen
version's sections and criteria, and a form for the selected section (its name) or criterion
(name, weight, description and the five level descriptors).

A version that has scored an assessment never changes (its scores must keep meaning what they
meant): it is shown read-only, with the reason in words, and "Copy into new version" makes an
editable copy. New assessments use the newest version unless another is chosen.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.db import assessments as db_assessments
from app.domain import scoring
from app.domain.records_assessments import CriterionSpec, SectionSpec, TemplateSpec
from app.errors import ValidationError
from app.models.assessment_models import level_text, template_columns
from app.models.record_table import RecordTableModel
from app.views.context import AppContext
from app.views.messages import show_error, tr
from app.views.page import Page
from app.views.widgets import (
    WARNING_COLOR,
    FormErrors,
    ask,
    hint_label,
    make_action,
    make_table_view,
    make_tool_button,
    section_title,
    select_record,
    selected_record,
    set_column_widths,
)

KIND_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1

DEFAULT_LABELS = ("Absent", "Weak", "Partial", "Good", "Exemplary")


def _plain_edit(name: str, lines: int) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


class RubricEditor(Page):
    """Rubric versions and the editing of an unused one. ``loaded`` after each (re)load."""

    title = "Rubric templates"
    object_name = "rubric_editor"

    back_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.templates: list[TemplateSpec] = []
        self.template: TemplateSpec | None = None
        self._select_template: int | None = None
        self._select_item: tuple[str, int] | None = None
        self._filling = False
        self._dirty = False
        self._form_key: tuple[str, int] | None = None  # what the form shows (and saves)
        self._build()
        self._show_template(None)

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.back_action = make_action(
            self, tr("← &Assessments"), tr("Back to the list of assessments"),
            "Alt+Left", self._go_back,
        )  # fmt: skip
        self.copy_action = make_action(
            self, tr("&Copy into new version"),
            tr("Make an editable copy of the selected rubric version"),
            "Ctrl+Shift+C", self.copy_selected,
        )  # fmt: skip
        self.add_section_action = make_action(
            self, tr("Add &section"), tr("Add a section at the end of the rubric"),
            "Ctrl+Shift+N", self.add_section,
        )  # fmt: skip
        self.add_criterion_action = make_action(
            self, tr("Add c&riterion"), tr("Add a criterion at the end of the selected section"),
            "Ctrl+N", self.add_criterion,
        )  # fmt: skip
        self.delete_action = make_action(
            self, tr("&Delete…"), tr("Delete the selected section or criterion"),
            "Ctrl+Delete", self.delete_selected,
        )  # fmt: skip
        self.save_action = make_action(
            self, tr("&Save changes"), tr("Save the name, weight and descriptors shown"),
            QKeySequence.StandardKey.Save, self.save_current,
        )  # fmt: skip

        toolbar = QToolBar(tr("Rubric actions"))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.back_action)
        toolbar.addSeparator()
        for action in (
            self.copy_action,
            self.add_section_action,
            self.add_criterion_action,
            self.delete_action,
        ):
            toolbar.addAction(action)

        # versions
        self.model: RecordTableModel[TemplateSpec] = RecordTableModel(template_columns(), self)
        self.table = make_table_view(tr("Rubric versions"), sortable=False)
        self.table.setModel(self.model)
        set_column_widths(self.table, (36, 7, 8, 8))
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._on_version())
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(section_title(tr("Versions")))
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(
            hint_label(
                tr(
                    "New assessments use the newest version. A version that scored an "
                    "assessment never changes: copy it to make the next one."
                )
            )
        )

        # the chosen version
        self.version_title = section_title("")
        self.version_title.setTextFormat(Qt.TextFormat.PlainText)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setAccessibleName(tr("Can this version be edited?"))
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(tr("Sections and criteria"))
        self.tree.setHeaderLabels([tr("Section / criterion"), tr("Weight")])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setUniformRowHeights(True)
        self.tree.currentItemChanged.connect(lambda *_a: self._on_item())

        self.forms = QStackedWidget()
        self.forms.addWidget(hint_label(tr("Select a section or a criterion to see it here.")))
        self.forms.addWidget(self._build_section_form())
        self.forms.addWidget(self._build_criterion_form())

        right_split = QSplitter(Qt.Orientation.Horizontal)
        right_split.setChildrenCollapsible(False)
        right_split.addWidget(self.tree)
        right_split.addWidget(self.forms)
        right_split.setStretchFactor(0, 1)
        right_split.setStretchFactor(1, 1)
        right_split.setSizes([480, 580])
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.version_title)
        right_layout.addWidget(self.state_label)
        right_layout.addWidget(right_split, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([130, 580])

        self.notice = hint_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(toolbar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.notice)

    def _build_section_form(self) -> QWidget:
        box = QGroupBox(tr("Section"))
        self.section_errors = FormErrors()
        self.section_name = QLineEdit()
        self.section_name.setAccessibleName(tr("Section name"))
        self.section_name.textEdited.connect(self._mark_dirty)
        self.section_name.returnPressed.connect(self.save_current)
        self.section_info = hint_label()
        form = QFormLayout(box)
        label = QLabel(tr("&Name:"))
        label.setBuddy(self.section_name)
        form.addRow(self.section_errors.general)
        form.addRow(label, self.section_errors.wrap("name", self.section_name))
        form.addRow(self.section_info)
        buttons = QHBoxLayout()
        buttons.addWidget(make_tool_button(self.save_action))
        buttons.addWidget(make_tool_button(self.add_criterion_action))
        buttons.addStretch(1)
        form.addRow(buttons)
        return box

    def _build_criterion_form(self) -> QWidget:
        box = QGroupBox(tr("Criterion"))
        self.criterion_errors = FormErrors()
        self.code_label = QLabel()
        self.code_label.setTextFormat(Qt.TextFormat.PlainText)
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(tr("Criterion name"))
        self.weight_spin = QDoubleSpinBox()
        self.weight_spin.setRange(0.1, 100.0)
        self.weight_spin.setDecimals(2)
        self.weight_spin.setSingleStep(0.5)
        self.weight_spin.setAccessibleName(tr("Weight"))
        self.weight_spin.setToolTip(
            tr("How many times the criterion counts in the weighted mean (more than 0)")
        )
        self.description_edit = _plain_edit(tr("Description"), 3)
        self.level_edits: list[QPlainTextEdit] = []
        self.level_labels: list[QLabel] = []
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.criterion_errors.general)
        form.addRow(tr("Code:"), self.code_label)
        for text, field, widget in (
            (tr("&Name:"), "name", self.name_edit),
            (tr("&Weight:"), "weight", self.weight_spin),
            (tr("&Description:"), "description", self.description_edit),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, self.criterion_errors.wrap(field, widget))
        levels = QFrame()
        levels_form = QFormLayout(levels)
        levels_form.setContentsMargins(0, 0, 0, 0)
        levels_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for level in range(scoring.MAX_SCORE + 1):
            edit = _plain_edit(tr("Descriptor of level {n}").format(n=level), 2)
            label = QLabel()
            label.setBuddy(edit)
            self.level_edits.append(edit)
            self.level_labels.append(label)
            levels_form.addRow(label, edit)
            edit.textChanged.connect(self._mark_dirty)
        form.addRow(section_title(tr("Level descriptors")))
        form.addRow(self.criterion_errors.wrap("levels", levels))
        self.name_edit.textEdited.connect(self._mark_dirty)
        self.weight_spin.valueChanged.connect(self._mark_dirty)
        self.description_edit.textChanged.connect(self._mark_dirty)
        buttons = QHBoxLayout()
        buttons.addWidget(make_tool_button(self.save_action))
        buttons.addWidget(make_tool_button(self.delete_action))
        buttons.addStretch(1)
        outer = QVBoxLayout(box)
        outer.addLayout(form)
        outer.addLayout(buttons)
        outer.addStretch(1)
        return box

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        db = self.ctx.db
        self.load(lambda: db_assessments.list_templates(db), self._apply)

    def _apply(self, templates: list[TemplateSpec]) -> None:
        keep = self._select_template
        if keep is None and self.template is not None:
            keep = self.template.id
        self._select_template = None
        self.templates = templates
        self._filling = True
        self.model.set_rows(templates)
        self._filling = False
        if keep is None and templates:
            keep = max(t.id for t in templates)
        if keep is None or not select_record(self.table, lambda t: t.id == keep):
            self._show_template(None)
        else:
            self._on_version()

    def selected_template(self) -> TemplateSpec | None:
        return selected_record(self.table)

    def select_template(self, template_id: int) -> bool:
        return select_record(self.table, lambda t: t.id == template_id)

    def _on_version(self) -> None:
        if self._filling:
            return
        self._save_if_dirty()
        self._show_template(self.selected_template())

    # ------------------------------------------------------------------ showing a version
    @property
    def editable(self) -> bool:
        return self.template is not None and self.template.in_use == 0

    def _show_template(self, t: TemplateSpec | None) -> None:
        keep_item = self._select_item or self._current_key()
        self._select_item = None
        self.template = t
        self.tree.blockSignals(True)
        self.tree.clear()
        if t is None:
            self.version_title.setText(tr("No rubric version selected"))
            self.state_label.setText("")
            self.tree.blockSignals(False)
            self._show_form()
            self._update_actions()
            return
        self.version_title.setText(tr("{name} — version {v}").format(name=t.name, v=t.version))
        if t.in_use:
            self.state_label.setText(
                tr(
                    "Read-only: version {v} has been used to score {n} assessments, so it "
                    "cannot change — their scores must keep meaning what they meant. Use “Copy "
                    "into new version” to make an editable copy."
                ).format(v=t.version, n=t.in_use)
            )
            self.state_label.setStyleSheet(f"color: {WARNING_COLOR}; font-weight: 600;")
        else:
            self.state_label.setText(
                tr(
                    "Editable: no assessment uses version {v} yet. Once an assessment is "
                    "created with it, it is frozen."
                ).format(v=t.version)
            )
            self.state_label.setStyleSheet("color: #1b5e20; font-weight: 600;")
        current: QTreeWidgetItem | None = None
        first: QTreeWidgetItem | None = None
        for sec in t.sections:
            sec_item = QTreeWidgetItem(
                [tr("{name} ({n} criteria)").format(name=sec.name, n=len(sec.criteria)), ""]
            )
            sec_item.setData(0, KIND_ROLE, "section")
            sec_item.setData(0, ID_ROLE, sec.id)
            font = sec_item.font(0)
            font.setBold(True)
            sec_item.setFont(0, font)
            self.tree.addTopLevelItem(sec_item)
            if keep_item == ("section", sec.id):
                current = sec_item
            for c in sec.criteria:
                label = f"{c.code} · {c.name}" if c.code else c.name
                item = QTreeWidgetItem([label, f"{c.weight:g}"])
                item.setData(0, KIND_ROLE, "criterion")
                item.setData(0, ID_ROLE, c.id)
                item.setToolTip(0, c.description or c.name)
                item.setTextAlignment(
                    1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
                sec_item.addChild(item)
                first = first or item
                if keep_item == ("criterion", c.id):
                    current = item
        self.tree.expandAll()
        current = current or first
        if current is not None:
            self.tree.setCurrentItem(current)
            self.tree.scrollToItem(current)
        self.tree.blockSignals(False)
        self._show_form()
        self._update_actions()

    def _current_key(self) -> tuple[str, int] | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        return str(item.data(0, KIND_ROLE)), int(item.data(0, ID_ROLE))

    def current_section(self, key: tuple[str, int] | None = None) -> SectionSpec | None:
        key = key or self._current_key()
        if key is None or self.template is None:
            return None
        kind, item_id = key
        for sec in self.template.sections:
            if kind == "section" and sec.id == item_id:
                return sec
            if kind == "criterion" and any(c.id == item_id for c in sec.criteria):
                return sec
        return None

    def current_criterion(self, key: tuple[str, int] | None = None) -> CriterionSpec | None:
        key = key or self._current_key()
        if key is None or key[0] != "criterion" or self.template is None:
            return None
        return next((c for c in self.template.criteria() if c.id == key[1]), None)

    def select_item(self, kind: str, item_id: int) -> bool:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for item in [top] + [top.child(k) for k in range(top.childCount())]:
                if item.data(0, KIND_ROLE) == kind and item.data(0, ID_ROLE) == item_id:
                    self.tree.setCurrentItem(item)
                    return True
        return False

    def _on_item(self) -> None:
        self._save_if_dirty()
        self._show_form()
        self._update_actions()

    def _show_form(self) -> None:
        self._filling = True
        self._form_key = self._current_key()
        self.section_errors.clear()
        self.criterion_errors.clear()
        editable = self.editable
        criterion = self.current_criterion()
        section = self.current_section()
        labels = (
            self.template.level_labels
            if self.template and self.template.level_labels
            else DEFAULT_LABELS
        )
        if criterion is not None:
            self.forms.setCurrentIndex(2)
            self.code_label.setText(criterion.code or tr("(no code)"))
            self.name_edit.setText(criterion.name)
            self.weight_spin.setValue(criterion.weight)
            self.description_edit.setPlainText(criterion.description)
            for level, (edit, label) in enumerate(
                zip(self.level_edits, self.level_labels, strict=True)
            ):
                label.setText(level_text(level, labels) + ":")
                edit.setPlainText(criterion.levels[level] if level < len(criterion.levels) else "")
            for widget in (self.name_edit, self.description_edit, *self.level_edits):
                widget.setReadOnly(not editable)
            self.weight_spin.setReadOnly(not editable)
            self.weight_spin.setEnabled(editable)
        elif section is not None:
            self.forms.setCurrentIndex(1)
            self.section_name.setText(section.name)
            self.section_name.setReadOnly(not editable)
            self.section_info.setText(
                tr("{n} criteria, total weight {w}.").format(
                    n=len(section.criteria), w=f"{sum(c.weight for c in section.criteria):g}"
                )
            )
        else:
            self.forms.setCurrentIndex(0)
        self._filling = False
        self._dirty = False
        self._update_actions()

    def _update_actions(self) -> None:
        editable = self.editable
        has_item = self.current_section() is not None
        self.copy_action.setEnabled(self.template is not None)
        self.add_section_action.setEnabled(editable)
        self.add_criterion_action.setEnabled(editable and has_item)
        self.delete_action.setEnabled(editable and has_item)
        self.save_action.setEnabled(editable and has_item and self._dirty)

    def _mark_dirty(self, *_args: Any) -> None:
        if not self._filling and self.editable:
            self._dirty = True
            self.save_action.setEnabled(True)

    # ------------------------------------------------------------------ writing
    def _write(self, work: Any, then: Any = None, errors: FormErrors | None = None) -> None:
        """Run a change on the worker, then reload (selecting what ``then`` names)."""

        def done(result: Any) -> None:
            if then is not None:
                then(result)
            self.refresh()

        def failed(err: BaseException) -> None:
            if isinstance(err, ValidationError) and errors is not None:
                self._dirty = True
                errors.show(err.problems)
                self._update_actions()
                return
            show_error(self, err)
            self.refresh()

        self.ctx.tasks.run(work, done, failed)

    def copy_selected(self) -> None:
        t = self.template
        if t is None:
            return
        db = self.ctx.db

        def then(new_id: int) -> None:
            self._select_template = new_id
            self.say(tr("Version copied: the new version is editable."))

        self._write(lambda: db_assessments.copy_template(db, t.id), then)

    def add_section(self) -> None:
        t = self.template
        if t is None or not self.editable:
            return
        db = self.ctx.db
        name = tr("New section")

        def then(section_id: int) -> None:
            self._select_item = ("section", section_id)
            self.say(tr("Section added: give it a name."))

        self._write(lambda: db_assessments.add_section(db, t.id, name), then)

    def add_criterion(self) -> None:
        section = self.current_section()
        if section is None or not self.editable:
            return
        db = self.ctx.db
        name = tr("New criterion")

        def then(criterion_id: int) -> None:
            self._select_item = ("criterion", criterion_id)
            self.say(tr("Criterion added: name it, weigh it and describe its five levels."))

        self._write(lambda: db_assessments.add_criterion(db, section.id, name=name), then)

    def save_current(self, *, quietly: bool = False) -> None:
        """Save what the form shows (``quietly``: while moving elsewhere; problems in a box)."""
        if not self.editable or self._form_key is None:
            return
        db = self.ctx.db
        key = self._form_key
        errors = None if quietly else self.criterion_errors
        criterion = self.current_criterion(key)
        if criterion is not None:
            name = self.name_edit.text()
            weight = self.weight_spin.value()
            description = self.description_edit.toPlainText()
            levels = tuple(e.toPlainText() for e in self.level_edits)
            self._dirty = False
            self._select_item = ("criterion", criterion.id)
            self._write(
                lambda: db_assessments.update_criterion(
                    db,
                    criterion.id,
                    name=name,
                    weight=weight,
                    description=description,
                    levels=levels,
                ),
                lambda _r: self.say(tr("Criterion saved.")),
                errors,
            )
            return
        section = self.current_section(key)
        if section is not None:
            name = self.section_name.text()
            self._dirty = False
            self._select_item = ("section", section.id)
            self._write(
                lambda: db_assessments.rename_section(db, section.id, name),
                lambda _r: self.say(tr("Section renamed.")),
                None if quietly else self.section_errors,
            )

    def _save_if_dirty(self) -> None:
        if self._dirty and self.editable and not self._filling:
            keep = self._select_item
            self.save_current(quietly=True)
            self._select_item = keep

    def delete_selected(self) -> QMessageBox | None:
        if not self.editable:
            return None
        db = self.ctx.db
        criterion = self.current_criterion()
        if criterion is not None:
            return ask(
                self,
                tr("Delete criterion"),
                tr("Delete the criterion “{name}” from this version?").format(name=criterion.name),
                tr("Delete"),
                lambda: self._write(lambda: db_assessments.delete_criterion(db, criterion.id)),
            )
        section = self.current_section()
        if section is not None:
            return ask(
                self,
                tr("Delete section"),
                tr("Delete the section “{name}” and its {n} criteria from this version?").format(
                    name=section.name, n=len(section.criteria)
                ),
                tr("Delete"),
                lambda: self._write(lambda: db_assessments.delete_section(db, section.id)),
            )
        return None

    # ------------------------------------------------------------------ misc
    def say(self, text: str) -> None:
        self.notice.setText(text)

    def _go_back(self) -> None:
        self._save_if_dirty()
        self.back_requested.emit()

    def dispose(self) -> None:
        """Delete the editor once the queued database work is done."""
        self.hide()
        self.ctx.tasks.run(
            lambda: None, lambda _r: self.deleteLater(), lambda _e: self.deleteLater()
        )
