"""Full-text search across meeting titles, notes, agenda items, decisions and action items.

Words match as prefixes, ignoring case and accents ("reunion" finds "Reunión"). Each result
shows the meeting and a snippet with the matched words in bold; Enter or a double click opens
the meeting. The search runs on the database worker, a moment after the last keystroke.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.db import meetings as m
from app.domain.records_meetings import HIT_END, HIT_START, SearchHit
from app.views.context import AppContext
from app.views.messages import show_error, tr
from app.views.widgets import hint_label, make_action, make_filter_edit

HTML_ROLE = Qt.ItemDataRole.UserRole + 10
MEETING_ROLE = Qt.ItemDataRole.UserRole + 11
DEBOUNCE_MS = 250
HIT_STYLE = "b { background-color: #fff0a0; }"


def snippet_html(snippet: str) -> str:
    """The snippet as HTML: everything escaped, the matched words in ``<b>…</b>``."""
    return html.escape(snippet).replace(HIT_START, "<b>").replace(HIT_END, "</b>")


def snippet_text(snippet: str) -> str:
    return snippet.replace(HIT_START, "").replace(HIT_END, "")


def hit_html(hit: SearchHit) -> str:
    meta = tr("{cluster} · {day} · found in the {where}").format(
        cluster=html.escape(hit.cluster_short_name),
        day=f"{hit.starts_at:%Y-%m-%d}",
        where=html.escape(tr(hit.where)),
    )
    return (
        f"<div style='font-weight:600'>{html.escape(hit.meeting_title)}"
        f"&nbsp;&nbsp;<span style='font-weight:400; color:#4a5a66'>{meta}</span></div>"
        f"<div>{snippet_html(hit.snippet)}</div>"
    )


class HtmlDelegate(QStyledItemDelegate):
    """Paints an item's ``HTML_ROLE`` as rich text, wrapped to the view's width."""

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDefaultStyleSheet(HIT_STYLE)
        doc.setDocumentMargin(6)
        doc.setHtml(str(index.data(HTML_ROLE) or ""))
        doc.setTextWidth(max(option.rect.width(), 200))
        return doc

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(option, index)  # type: ignore[arg-type]
        painter.save()
        painter.translate(option.rect.topLeft())
        ctx = QAbstractTextDocumentLayout.PaintContext()
        ctx.palette.setColor(QPalette.ColorRole.Text, option.palette.color(QPalette.ColorRole.Text))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        opt = QStyleOptionViewItem(option)
        if opt.widget is not None:
            opt.rect.setWidth(opt.widget.viewport().width())  # type: ignore[attr-defined]
        doc = self._document(opt, index)  # type: ignore[arg-type]
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 4)


class MeetingSearch(QWidget):
    """``searched`` fires when results are on screen; ``open_meeting(id)`` on activation."""

    searched = Signal()
    open_meeting = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meeting_search")
        self.ctx = ctx
        self.hits: list[SearchHit] = []
        self._generation = 0

        self.box = make_filter_edit(
            tr("Search titles, notes, decisions and action items…"), tr("Search meetings")
        )
        font = self.box.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.box.setFont(font)
        self.box.textChanged.connect(self._schedule)
        self.box.returnPressed.connect(self._activate_first)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)

        self.results = QListWidget()
        self.results.setAccessibleName(tr("Search results"))
        self.results.setItemDelegate(HtmlDelegate(self.results))
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        self.results.setWordWrap(True)
        self.results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.results.setSpacing(2)
        self.results.setStyleSheet(
            "QListWidget::item { border-bottom: 1px solid #e3e9ed; }"
            "QListWidget::item:selected { background: #d9e9f5; color: black; }"
        )
        self.results.itemActivated.connect(self._activate)
        self.status_label = QLabel("")
        self.status_label.setAccessibleName(tr("Search status"))

        make_action(
            self, tr("Search"), tr("Put the cursor in the search box"), "Ctrl+F",
            self.focus_box,
        )  # fmt: skip

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.box)
        layout.addWidget(
            hint_label(
                tr(
                    "Every word must appear, as the start of a word; accents and capitals do not "
                    "matter. Enter opens the first result; Down then Enter opens another."
                )
            )
        )
        layout.addWidget(self.status_label)
        layout.addWidget(self.results, 1)

    def focus_box(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_Down and self.box.hasFocus() and self.results.count():
            self.results.setFocus()
            self.results.setCurrentRow(0)
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ searching
    def set_query(self, text: str) -> None:
        self.box.setText(text)
        self.search_now()

    def _schedule(self, _text: str) -> None:
        self._timer.start()

    def search_now(self) -> None:
        self._timer.stop()
        query = self.box.text().strip()
        self._generation += 1
        generation = self._generation
        if not query:
            self._show([], query, generation)
            return
        db = self.ctx.db

        def failed(err: BaseException) -> None:
            show_error(self, err)
            self.searched.emit()

        self.status_label.setText(tr("Searching…"))
        self.ctx.tasks.run(
            lambda: m.search(db, query),
            lambda hits: self._show(hits, query, generation),
            failed,
        )

    def _show(self, hits: list[SearchHit], query: str, generation: int) -> None:
        if generation != self._generation:
            return  # a newer search is on its way
        self.hits = hits
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem()
            item.setData(HTML_ROLE, hit_html(hit))
            item.setData(MEETING_ROLE, hit.meeting_id)
            plain = tr("{title}, {cluster}, {day}: {snippet}").format(
                title=hit.meeting_title,
                cluster=hit.cluster_short_name,
                day=f"{hit.starts_at:%Y-%m-%d}",
                snippet=snippet_text(hit.snippet),
            )
            item.setData(Qt.ItemDataRole.AccessibleTextRole, plain)
            item.setToolTip(plain)
            self.results.addItem(item)
        if not query:
            self.status_label.setText(tr("Type words to search every meeting."))
        elif not hits:
            self.status_label.setText(tr("No meeting matches “{q}”.").format(q=query))
        else:
            self.status_label.setText(
                tr("{n} meeting(s) match “{q}”.").format(n=len(hits), q=query)
            )
        self.searched.emit()

    def _activate_first(self) -> None:
        if self._timer.isActive():
            self.search_now()
            return
        if self.results.count():
            self._activate(self.results.item(0))

    def _activate(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.open_meeting.emit(int(item.data(MEETING_ROLE)))
