"""Small Chinese dialogs shared by the window: errors, notices, questions, paste problems, unsaved changes."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:
    from app.clipboard import PasteProblem

MAX_LISTED = 12


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    box.exec()


def show_info(parent: QWidget | None, title: str, message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, message, QMessageBox.StandardButton.Ok, parent)
    box.exec()


def confirm(parent: QWidget | None, title: str, message: str, go: str) -> bool:
    """A question with ``go`` and 取消; True when the clerk chose ``go``."""
    box = QMessageBox(QMessageBox.Icon.Question, title, message, QMessageBox.StandardButton.NoButton, parent)
    ok = box.addButton(go, QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(ok)
    box.exec()
    return box.clickedButton() is ok


def show_paste_problems(parent: QWidget | None, problems: Sequence[PasteProblem]) -> None:
    lines = [f"· {p.where}：{p.reason}" for p in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        lines.append(f"……另有 {len(problems) - MAX_LISTED} 个单元格")
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "无法粘贴",
        f"有 {len(problems)} 个单元格的内容不是有效的数值，本次粘贴没有修改任何单元格。",
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setInformativeText("\n".join(lines))
    box.exec()


class Unsaved(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_unsaved(parent: QWidget | None, name: str) -> Unsaved:
    """保存 / 不保存 / 取消 for a report with unsaved changes."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "尚未保存",
        f"“{name}”有尚未保存的修改。是否先保存？",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    save = box.addButton("保存", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("不保存", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return Unsaved.SAVE
    if clicked is discard:
        return Unsaved.DISCARD
    return Unsaved.CANCEL
