"""The window's tab pages, built from the format declaration: 基本信息, text sections, table sections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.spec.model import Section, Severity

if TYPE_CHECKING:
    from app.rules import Issue
from ui import palette
from ui.controller import DocumentController
from ui.editors import FieldBinding, LineEditor, PlainTextEditor
from ui.reference import ReferencePanel, beside

if TYPE_CHECKING:
    from ui.table_view import BlockView

TALL_BLOCK_ROWS = 8  # blocks with more rows scroll inside their own view (headers stay in view)


def heading_label(text: str, scale: float = 1.25) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(palette.text_style(palette.HINT_TEXT))
    return label


class IssueNote(QLabel):
    """The issues of one text field, shown under its editor in the severity's colour."""

    def show_issues(self, issues: list[Issue]) -> None:
        active = [i for i in issues if not i.explained]
        if not active:
            self.hide()
            return
        worst = Severity.ERROR if any(i.severity is Severity.ERROR for i in active) else Severity.WARNING
        colour = palette.ERROR_TEXT if worst is Severity.ERROR else palette.WARNING_TEXT
        self.setStyleSheet(palette.text_style(colour))
        self.setText("\n".join(f"【{i.severity.label}】{i.message}" for i in active))
        self.show()


class Page(QWidget):
    """A tab page. ``reveal`` focuses the widgets of the given refs; returns whether it had any."""

    message = Signal(str)

    def __init__(self, controller: DocumentController, section_id: str, title: str) -> None:
        super().__init__()
        self.controller = controller
        self.section_id = section_id
        self.title = title
        self.built = False

    def ensure_built(self) -> None:
        """Build the content on first need: only the visible tab is built before the first paint."""
        if not self.built:
            self.built = True
            self._build()

    def _build(self) -> None:
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_built()
        super().showEvent(event)

    def reveal(self, refs: list[str]) -> bool:
        raise NotImplementedError

    def flush(self) -> None:
        """Commit any text still waiting for its idle timer."""


class _FieldPage(Page):
    """Shared by 基本信息 and the text sections: a column of bound editors with issue notes."""

    def __init__(self, controller: DocumentController, section_id: str, title: str) -> None:
        super().__init__(controller, section_id, title)
        self.bindings: dict[str, FieldBinding] = {}
        self.notes: dict[str, IssueNote] = {}
        self.references: dict[str, ReferencePanel] = {}
        self.reference_toggle = QCheckBox("显示上年度内容")
        self.reference_toggle.setChecked(True)
        self.reference_toggle.setToolTip("在各编辑框右侧对照上年度报告的同一部分（只读，不会带入本年度报告）")
        self.reference_toggle.hide()
        self.reference_toggle.toggled.connect(self._show_references)

    def _bind(self, key: str, label: str, editor: PlainTextEditor | LineEditor | QComboBox) -> FieldBinding:
        binding = FieldBinding(self.controller, key, label, editor)
        self.bindings[key] = binding
        note = IssueNote()
        note.setWordWrap(True)
        note.hide()
        self.notes[key] = note
        return binding

    def _heading_row(self, text: str) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(heading_label(text), 1)
        row.addWidget(self.reference_toggle, 0, Qt.AlignmentFlag.AlignBottom)
        return row

    def _with_reference(self, key: str, label: str, editor: QWidget) -> QWidget:
        """The editor with last year's text beside it (shown only when a previous report is known)."""
        panel = ReferencePanel(label)
        panel.message.connect(self.message)
        self.references[key] = panel
        return beside(editor, panel)

    def _update_references(self) -> None:
        previous = self.controller.previous
        texts: dict[str, str] | None = None
        if previous is not None:
            from app.yearly import reference_texts

            texts = reference_texts(self.controller.doc, previous)
        year = previous.year if previous is not None else None
        for key, panel in self.references.items():
            panel.set_text(None if texts is None else texts.get(key.partition(".")[2], ""), year)
        self.reference_toggle.setVisible(texts is not None and bool(self.references))
        self._show_references()

    def _show_references(self, *_: object) -> None:
        on = self.reference_toggle.isChecked()
        for panel in self.references.values():
            panel.setVisible(on and panel.available)

    def _update_notes(self) -> None:
        for key, note in self.notes.items():
            note.show_issues(self.controller.issues_for(key))

    def reveal(self, refs: list[str]) -> bool:
        self.ensure_built()
        for ref in refs:
            binding = self.bindings.get(ref)
            if binding is not None:
                editor = binding.editor
                editor.setFocus(Qt.FocusReason.OtherFocusReason)
                scroll = self.findChild(QScrollArea)
                if scroll is not None:
                    scroll.ensureWidgetVisible(editor)
                return True
        return False

    def flush(self) -> None:
        for binding in self.bindings.values():
            if binding.pending:
                binding.commit()


class MetadataPage(_FieldPage):
    """基本信息: agency, year, type, contact … as a form."""

    def __init__(self, controller: DocumentController) -> None:
        super().__init__(controller, "meta", "基本信息")

    def _build(self) -> None:
        controller = self.controller
        controller.issues_changed.connect(self._update_notes)
        inner = QWidget()
        outer = QVBoxLayout(inner)
        outer.addLayout(self._heading_row("基本信息"))
        self.title_preview = hint_label("")
        outer.addWidget(self.title_preview)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        for meta in controller.spec.metadata:
            editor: PlainTextEditor | LineEditor | QComboBox
            if meta.kind == "choice":
                editor = QComboBox()
                editor.addItems(list(meta.choices))
            elif meta.kind == "longtext":
                editor = PlainTextEditor()
                editor.setMinimumHeight(editor.fontMetrics().lineSpacing() * 5)
            else:
                editor = LineEditor()
                if meta.kind == "year":
                    editor.set_year_only()
                    editor.setMaximumWidth(editor.fontMetrics().horizontalAdvance("0000000000"))
            if meta.hint:
                editor.setToolTip(meta.hint)
                if isinstance(editor, LineEditor | PlainTextEditor):
                    editor.setPlaceholderText(meta.hint)
            editor.setAccessibleName(meta.label)
            self._bind(meta.ref, meta.label, editor)
            label = QLabel(("* " if meta.required else "") + meta.label + "：")
            label.setBuddy(editor)
            box = QVBoxLayout()
            box.setContentsMargins(0, 0, 0, 0)
            if meta.kind == "longtext":
                box.addWidget(self._with_reference(meta.ref, meta.label, editor))
            else:
                box.addWidget(editor)
            if meta.kind == "choice" and meta.hint:
                box.addWidget(hint_label(meta.hint))
            box.addWidget(self.notes[meta.ref])
            form.addRow(label, box)
        outer.addLayout(form)
        outer.addWidget(hint_label("带 * 的为必填项。机关全称和报告年度决定报告标题和适用的格式。"))
        outer.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        controller.text_changed.connect(self._update_title)
        controller.document_replaced.connect(self._update_title)
        controller.previous_changed.connect(self._update_references)
        self._update_title()
        self._update_notes()
        self._update_references()

    def _update_title(self, *_: object) -> None:
        doc = self.controller.doc
        self.title_preview.setText(f"报告标题：{doc.title}　　格式：{doc.spec.name}")


class TextSectionPage(_FieldPage):
    """A narrative section: for each official topic a heading, its hint, an editor and a character count."""

    def __init__(self, controller: DocumentController, section: Section) -> None:
        super().__init__(controller, section.id, section.heading)
        self.section = section
        self.counts: dict[str, QLabel] = {}

    def _build(self) -> None:
        section = self.section
        self.controller.issues_changed.connect(self._update_notes)
        inner = QWidget()
        outer = QVBoxLayout(inner)
        outer.addLayout(self._heading_row(section.heading))
        for fld in section.fields:
            if fld.heading:
                outer.addWidget(heading_label(fld.title, 1.05))
            if fld.hint:
                outer.addWidget(
                    hint_label(("选填。" if not fld.required and "可选" not in fld.hint else "") + fld.hint)
                )
            editor = PlainTextEditor()
            editor.setAccessibleName(fld.title)
            lines = 10 if len(section.fields) == 1 else 5
            editor.setMinimumHeight(editor.fontMetrics().lineSpacing() * lines)
            editor.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            binding = self._bind(fld.ref, fld.title, editor)
            outer.addWidget(self._with_reference(fld.ref, fld.title, editor), 1)
            row = QHBoxLayout()
            row.addWidget(self.notes[fld.ref], 1)
            count = QLabel()
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            count.setStyleSheet(palette.text_style(palette.HINT_TEXT))
            self.counts[fld.ref] = count
            row.addWidget(count, 0, Qt.AlignmentFlag.AlignTop)
            outer.addLayout(row)
            editor.textChanged.connect(lambda e=editor, c=count: self._count(e, c))
            self._count(editor, count)
            del binding
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.controller.previous_changed.connect(self._update_references)
        self._update_notes()
        self._update_references()

    @staticmethod
    def _count(editor: PlainTextEditor, label: QLabel) -> None:
        text = editor.toPlainText()
        chars = sum(1 for ch in text if not ch.isspace())
        label.setText(f"字数：{chars}")


class TableSectionPage(Page):
    """A table section: each block as a grid with merged headers, titles and units."""

    def __init__(
        self, controller: DocumentController, section: Section, extra_actions: list[QAction] | None = None
    ) -> None:
        super().__init__(controller, section.id, section.heading)
        self.section = section
        self.views: list[BlockView] = []
        self.extra_actions = extra_actions or []

    def _build(self) -> None:
        from ui.table_model import BlockModel  # loaded after the first paint
        from ui.table_view import BlockView

        controller = self.controller
        section = self.section
        inner = QWidget()
        outer = QVBoxLayout(inner)
        outer.addWidget(heading_label(section.heading))
        units = sorted({b.value_type.unit for b in section.blocks if b.value_type.is_integer})
        if units:
            outer.addWidget(
                hint_label(
                    f"单位：{'、'.join(units)}。合计栏（灰色）自动计算。空白、0 和“不适用”含义不同：没有数据请填0。"
                )
            )
        tall = False
        for block in section.blocks:
            if block.title:
                outer.addWidget(heading_label(block.title, 1.0))
            model = BlockModel(controller, block, self)
            view = BlockView(model)
            view.setProperty("extra_actions", self.extra_actions)
            view.message.connect(self.message)
            self.views.append(view)
            if len(block.rows) > TALL_BLOCK_ROWS:
                tall = True
                outer.addWidget(view, 1)
            else:
                outer.addWidget(view)
        self._align_label_columns()
        for view in self.views:
            view.corner_text = view.corner_text or section.label_header
            if len(view.block_model.block.rows) <= TALL_BLOCK_ROWS:
                width, height = view.content_size()
                view.setFixedHeight(height)
                view.setMaximumWidth(width)
                view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if not tall:
            outer.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if tall:
            layout.addWidget(inner)
        else:
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(inner)
            layout.addWidget(scroll)

    def _align_label_columns(self) -> None:
        """Blocks of one section share the label column width, like one printed table."""
        labelled = [v for v in self.views if v.block_model.block.row_labels]
        if len(labelled) < 2:
            return
        depth = max(len(v.label_level_widths()) for v in labelled)
        if any(len(v.label_level_widths()) != depth for v in labelled):
            return
        widths = [max(v.label_level_widths()[i] for v in labelled) for i in range(depth)]
        for view in labelled:
            view.relayout(widths)

    def view_for(self, ref: str) -> BlockView | None:
        self.ensure_built()
        for view in self.views:
            if ref in view.block_model.positions:
                return view
        return None

    def reveal(self, refs: list[str]) -> bool:
        for ref in refs:
            view = self.view_for(ref)
            if view is not None:
                view.reveal(refs)
                scroll = self.findChild(QScrollArea)
                if scroll is not None:
                    scroll.ensureWidgetVisible(view)
                return True
        return False
