"""Strict TOML → ReportSpec loader: an unknown key, kind, id or severity is a load error naming file, item and key."""

from __future__ import annotations

import copy
import dataclasses
import re
import tomllib
import typing
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any, NoReturn

from app.errors import UserError
from app.spec.builtin import builtin_declaration
from app.spec.model import (
    Block,
    CellInfo,
    Column,
    Computed,
    MetadataField,
    ReportSpec,
    Row,
    RuleSpec,
    Section,
    Severity,
    TextField,
    ValueType,
)
from app.spec.params import PARAMS, NumberPattern

__all__ = ["Resolver", "SpecError", "merge", "parse_spec", "read_declaration", "spec_from_table"]

Resolver = Callable[[str], tuple[str, str]]
"""Edition → (TOML text, source name for messages) of the declaration an ``extends`` names; KeyError if none."""

_MISSING: Any = object()
_TYPE_NAMES = {str: "文字", int: "整数", bool: "true 或 false", float: "数", list: "列表", dict: "表"}


class SpecError(UserError):
    """A format declaration (built in or an installed pack) is malformed.

    The message is complete Chinese for the clerk and names the file, the item and the offending key or
    value, e.g. "格式声明 gov_info_annual_2021.toml，规则 T3-BAL：未知参数 “colums”（是否为 “columns”？）".
    ``source``, ``where`` and ``detail`` keep the three parts for a caller that lists several problems.
    """

    def __init__(self, source: str, where: str, detail: str) -> None:
        self.source, self.where, self.detail = source, where, detail
        head = f"格式声明 {source}" if source else "格式声明"
        super().__init__(f"{head}，{where}：{detail}" if where else f"{head}：{detail}")


def _suggest(word: str, choices: Iterable[str]) -> str:
    import difflib  # only when there is a mistake to explain

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"（是否为 “{close[0]}”？）" if close else ""


class _Reader:
    """Typed access to one TOML table; every read failure is a SpecError naming the item."""

    def __init__(self, source: str, where: str, table: object, allowed: Iterable[str], noun: str = "键") -> None:
        self.source, self.where = source, where
        if not isinstance(table, dict):
            self.fail(f"应为表，现为 {_show(table)}")
        self.table: dict[str, Any] = table
        allowed = tuple(allowed)
        for key in table:
            if key not in allowed:
                self.fail(f"未知{noun} “{key}”{_suggest(key, allowed)}")

    def fail(self, detail: str) -> NoReturn:
        raise SpecError(self.source, self.where, detail)

    def get(self, key: str, kind: type, default: Any = _MISSING) -> Any:
        if key not in self.table:
            if default is _MISSING:
                self.fail(f"缺少 “{key}”")
            return default
        value = self.table[key]
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if kind is float:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not ok:
            self.fail(f"“{key}”应为{_TYPE_NAMES[kind]}，现为 {_show(value)}")
        return value

    def text(self, key: str, default: Any = _MISSING) -> str:
        return str(self.get(key, str, default))

    def flag(self, key: str, default: bool) -> bool:
        return bool(self.get(key, bool, default))

    def texts(self, key: str) -> tuple[str, ...]:
        items = self.get(key, list, [])
        for item in items:
            if not isinstance(item, str):
                self.fail(f"“{key}”应为文字列表，其中 {_show(item)} 不是文字")
        return tuple(items)

    def tables(self, key: str, required: bool = False) -> list[Any]:
        items = self.get(key, list, _MISSING if required else [])
        for item in items:
            if not isinstance(item, dict):
                self.fail(f"“{key}”应为表的列表，其中 {_show(item)} 不是表")
        return list(items)

    def choice(self, key: str, choices: tuple[str, ...], default: Any = _MISSING) -> str:
        value = self.text(key, default)
        if value not in choices:
            self.fail(f"“{key}”不能为 “{value}”，应为 {'、'.join(choices)} 之一{_suggest(value, choices)}")
        return value

    def severity(self, key: str) -> Severity:
        value = self.text(key)
        try:
            return Severity(value)
        except ValueError:
            names = tuple(s.value for s in Severity)
            self.fail(
                f"未知严重程度 “{value}”，应为 error（错误）、warning（警告）或 info（提示）{_suggest(value, names)}"
            )


def _show(value: object) -> str:
    text = f"“{value}”" if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _shortest_unique_names(paths: list[tuple[str, ...]]) -> list[str]:
    """For each header path, the shortest suffix (joined by ·) that no other path shares."""
    names = []
    for path in paths:
        for n in range(1, len(path) + 1):
            suffix = path[-n:]
            if sum(1 for other in paths if other[-n:] == suffix) == 1:
                names.append("·".join(suffix))
                break
        else:
            names.append("·".join(path))
    return names


def _ident(r: _Reader, key: str = "id") -> str:
    value = r.text(key)
    if not value:
        r.fail(f"“{key}”不能为空")
    return value


def _unique(r: _Reader, noun: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            r.fail(f"{noun} “{ident}”重复")
        seen.add(ident)


def _path(r: _Reader) -> tuple[str, ...]:
    path = r.texts("path")
    if not path:
        r.fail("“path”不能为空")
    return path


def _block(source: str, section_id: str, raw: object, types: dict[str, ValueType]) -> Block:
    name = raw.get("id", "?") if isinstance(raw, dict) else "?"
    keys = ("id", "title", "value_type", "columns", "rows", "computed", "corner", "row_labels", "variants")
    r = _Reader(source, f"表块 {name}", raw, keys)
    vtype = r.text("value_type")
    if vtype not in types:
        r.fail(f"未知值类型 “{vtype}”{_suggest(vtype, types)}")
    rows = []
    for item in r.tables("rows", required=True):
        rr = _Reader(source, f"表块 {name} 的行 {item.get('id', '?')}", item, ("id", "path", "short", "variants"))
        rows.append(Row(_ident(rr), _path(rr), rr.text("short", ""), rr.texts("variants")))
    raw_columns = []
    for item in r.tables("columns", required=True):
        cr = _Reader(source, f"表块 {name} 的列 {item.get('id', '?')}", item, ("id", "path", "variants"))
        raw_columns.append((_ident(cr), _path(cr), cr.texts("variants")))
    names = _shortest_unique_names([p for _, p, _ in raw_columns])
    columns = tuple(Column(i, p, n, v) for (i, p, v), n in zip(raw_columns, names, strict=True))
    col_ids = [c.id for c in columns]
    row_ids = [x.id for x in rows]
    _unique(r, "列", col_ids)
    _unique(r, "行", row_ids)
    computed = []
    for item in r.tables("computed"):
        ckeys = ("rule", "target_column", "columns", "target_row", "rows")
        cr = _Reader(source, f"表块 {name} 的合计 {item.get('rule', '?')}", item, ckeys)
        comp = Computed(
            rule=_ident(cr, "rule"),
            target_column=cr.get("target_column", str, None),
            columns=cr.texts("columns"),
            target_row=cr.get("target_row", str, None),
            rows=cr.texts("rows"),
        )
        if (comp.target_column is None) == (comp.target_row is None):
            cr.fail("合计应恰有一个目标：“target_column” 或 “target_row”")
        if comp.target_column is not None:
            ids, noun, named = col_ids, "列", [comp.target_column, *comp.columns]
        else:
            ids, noun, named = row_ids, "行", [str(comp.target_row), *comp.rows]
        for ident in named:
            if ident not in ids:
                cr.fail(f"未知{noun} “{ident}”{_suggest(ident, ids)}")
        computed.append(comp)
    return Block(
        id=_ident(r),
        section_id=section_id,
        title=r.text("title", ""),
        value_type=types[vtype],
        columns=columns,
        rows=tuple(rows),
        computed=tuple(computed),
        corner=r.text("corner", ""),
        row_labels=r.flag("row_labels", True),
        variants=r.texts("variants"),
    )


def _value_type(source: str, tid: str, raw: object) -> ValueType:
    r = _Reader(source, f"值类型 {tid}", raw, ("kind", "unit", "max_decimals", "plausible_max", "signed"))
    kind = r.choice("kind", ("integer", "decimal"))
    if kind == "decimal" and "max_decimals" not in r.table:
        r.fail('小数类型（kind = "decimal"）应写明 “max_decimals”（保留的小数位数）')
    pmax = r.get("plausible_max", str, None)
    try:
        plausible = Decimal(pmax) if pmax else None
    except InvalidOperation:
        r.fail(f"“plausible_max”应为写成文字的数，现为 {_show(pmax)}")
    return ValueType(
        tid,
        "integer" if kind == "integer" else "decimal",
        r.text("unit"),
        r.get("max_decimals", int, 0),
        plausible,
        r.flag("signed", False),
    )


def _metadata(source: str, raw: object) -> MetadataField:
    name = raw.get("id", "?") if isinstance(raw, dict) else "?"
    keys = ("id", "label", "kind", "required", "hint", "choices", "default", "min_year", "max_year", "carried")
    r = _Reader(source, f"基本信息项 {name}", raw, keys)
    kind = r.choice("kind", ("text", "longtext", "year", "choice"))
    min_year: int | None = None
    max_year: int | None = None
    if kind == "year":
        min_year, max_year = r.get("min_year", int), r.get("max_year", int)
        if min_year > max_year:
            r.fail(f"“min_year”（{min_year}）不能大于 “max_year”（{max_year}）")
    else:
        for key in ("min_year", "max_year"):
            if key in r.table:
                r.fail(f'“{key}”只用于年度项（kind = "year"）')
    return MetadataField(
        id=_ident(r),
        label=r.text("label"),
        kind=typing.cast(Any, kind),
        required=r.flag("required", False),
        hint=r.text("hint", ""),
        choices=r.texts("choices"),
        default=r.text("default", ""),
        min_year=min_year,
        max_year=max_year,
        carried=r.flag("carried", False),
    )


def _section(source: str, raw: object, types: dict[str, ValueType]) -> Section:
    name = raw.get("id", "?") if isinstance(raw, dict) else "?"
    keys = ("id", "number", "title", "kind", "fields", "blocks", "label_header", "variants")
    r = _Reader(source, f"部分 {name}", raw, keys)
    sid = _ident(r)
    kind = r.choice("kind", ("text", "table"))
    fields = []
    for item in r.tables("fields"):
        fkeys = ("id", "title", "heading", "required", "hint", "heading_words")
        fr = _Reader(source, f"部分 {sid} 的文字项 {item.get('id', '?')}", item, fkeys)
        fields.append(
            TextField(
                id=_ident(fr),
                title=fr.text("title"),
                section_id=sid,
                heading=fr.flag("heading", True),
                required=fr.flag("required", True),
                hint=fr.text("hint", ""),
                heading_words=fr.texts("heading_words"),
            )
        )
    blocks = tuple(_block(source, sid, b, types) for b in r.tables("blocks"))
    if kind == "text" and (not fields or blocks):
        r.fail('文字部分（kind = "text"）应有 fields，不能有 blocks')
    if kind == "table" and (not blocks or fields):
        r.fail('表格部分（kind = "table"）应有 blocks，不能有 fields')
    return Section(
        id=sid,
        number=r.text("number"),
        title=r.text("title"),
        kind="text" if kind == "text" else "table",
        fields=tuple(fields),
        blocks=blocks,
        label_header=r.text("label_header", ""),
        variants=r.texts("variants"),
    )


@cache
def _param_fields(cls: Any) -> tuple[tuple[dataclasses.Field[Any], Any], ...]:
    """Each field of a parameter class with its resolved annotation."""
    hints = typing.get_type_hints(cls)
    return tuple((f, hints[f.name]) for f in dataclasses.fields(cls))


def _build(r: _Reader, cls: Any) -> Any:
    """An instance of the parameter dataclass ``cls`` from the reader's table, each value checked against its type."""
    values: dict[str, Any] = {}
    for f, hint in _param_fields(cls):
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if f.name not in r.table:
            if required:
                r.fail(f"缺少参数 “{f.name}”")
            continue
        if hint in (str, int, float, bool):
            values[f.name] = r.get(f.name, hint)
        elif hint == tuple[str, ...]:
            values[f.name] = r.texts(f.name)
        elif hint == tuple[NumberPattern, ...]:
            items = []
            for index, item in enumerate(r.tables(f.name), 1):
                names = [x.name for x in dataclasses.fields(NumberPattern)]
                pr = _Reader(r.source, f"{r.where} 的 {f.name} 第{index}项", item, names, "参数")
                items.append(_build(pr, NumberPattern))
            values[f.name] = tuple(items)
        else:  # a parameter class with a type this loader does not read: a programming error
            raise TypeError(f"{cls.__name__}.{f.name}: {hint}")
        if f.metadata.get("regex"):
            value = values[f.name]
            for index, pattern in enumerate(value if isinstance(value, tuple) else (value,), 1):
                try:
                    re.compile(pattern)
                except re.error as exc:
                    which = f"第{index}项" if isinstance(value, tuple) else ""
                    at = f"第{exc.pos + 1}个字符处" if exc.pos is not None else ""
                    r.fail(f"“{f.name}”{which}不是有效的正则表达式（{at}有误）：{_show(pattern)}")
    return cls(**values)


_RULE_KEYS = ("id", "kind", "severity", "message")


def _rule(source: str, raw: object) -> RuleSpec:
    name = raw.get("id", "?") if isinstance(raw, dict) else "?"
    where = f"规则 {name}"
    head = _Reader(source, where, raw, raw.keys() if isinstance(raw, dict) else ())
    rid = _ident(head)
    kind = head.text("kind")
    if kind not in PARAMS:
        head.fail(f"未知规则类型 “{kind}”{_suggest(kind, PARAMS)}")
    cls = PARAMS[kind]
    names = [f.name for f in dataclasses.fields(cls)]
    r = _Reader(source, where, raw, (*_RULE_KEYS, *names), "参数")
    severity = r.severity("severity")
    message = r.text("message")
    param_table = {k: v for k, v in r.table.items() if k not in _RULE_KEYS}
    pr = _Reader(source, where, param_table, names, "参数")
    return RuleSpec(rid, kind, severity, message, _build(pr, cls))


def parse_toml(source: str, text: str) -> dict[str, Any]:
    """The TOML table of a declaration or pack; a syntax error is a SpecError naming the file, line and column."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"line (\d+), column (\d+)", str(exc))
        where = f"第{at.group(1)}行第{at.group(2)}列" if at else "某处"
        raise SpecError(source, "", f"不是有效的 TOML 文件，{where}有语法错误") from None


def parse_spec(text: str, source: str = "", resolve: Resolver | None = None) -> ReportSpec:
    """Build a ReportSpec from the TOML text of one edition, or raise SpecError.

    ``source`` names the declaration in messages (a file name such as "gov_info_annual_2021.toml" or a
    pack's path); it is optional so that ``parse_spec(text)`` keeps working. Every SpecError message
    has the form "格式声明 SOURCE，ITEM：PROBLEM"; the parts are also on the exception
    (``source``, ``where``, ``detail``). Anything not in the schema (docs/format-declaration.md) is
    refused: unknown keys and parameters, unknown rule kinds, severities, value types, and ids of
    rows, columns, blocks, cells and text fields that the declaration does not define.
    A text that says ``extends = "EDITION"`` states only what differs from that edition, whose text
    ``resolve`` gives (default: the shipped editions); see ``merge`` for the form of the differences.
    """
    return spec_from_table(read_declaration(text, source, resolve), source)


def spec_from_table(data: dict[str, Any], source: str = "") -> ReportSpec:
    """The strict load of a declaration table whose ``extends`` (if any) is already applied."""
    top = _Reader(source, "顶层", data, ("report", "value_types", "metadata", "sections", "rules", "rule_severity"))
    rep = _Reader(source, "[report]", top.get("report", dict), ("edition", "name", "title_suffix", "first_year"))

    types: dict[str, ValueType] = {}
    for tid, t in top.get("value_types", dict).items():
        types[tid] = _value_type(source, tid, t)

    metadata = tuple(_metadata(source, m) for m in top.tables("metadata", required=True))
    _unique(top, "基本信息项", [m.id for m in metadata])
    sections = tuple(_section(source, s, types) for s in top.tables("sections", required=True))
    _unique(top, "部分", [s.id for s in sections])

    computed_severity = {}
    for rid, value in top.get("rule_severity", dict, {}).items():
        computed_severity[rid] = _Reader(source, f"[rule_severity] {rid}", {"severity": value}, ("severity",)).severity(
            "severity"
        )
    rules = tuple(_rule(source, r) for r in top.tables("rules"))
    _unique(top, "规则", [r.id for r in rules])

    spec = ReportSpec(
        edition=rep.text("edition"),
        name=rep.text("name"),
        title_suffix=rep.text("title_suffix"),
        first_year=rep.get("first_year", int),
        value_types=types,
        metadata=metadata,
        sections=sections,
        rules=rules,
        computed_severity=computed_severity,
    )
    _index(source, spec)
    for rule in spec.rules:
        _check_refs(_Reader(source, f"规则 {rule.id}", {}, ()), spec, rule.params, None)
    return spec


def _index(source: str, spec: ReportSpec) -> None:
    """Fill the cell and text-field indexes, checking that every id is unique."""
    ids: set[str] = set()
    for sec in spec.sections:
        for f in sec.fields:
            if f.id in spec.text_fields:
                raise SpecError(source, f"部分 {sec.id}", f"文字项 “{f.id}”重复")
            spec.text_fields[f.id] = f
        for blk in sec.blocks:
            if blk.id in ids:
                raise SpecError(source, f"部分 {sec.id}", f"表块 “{blk.id}”重复")
            ids.add(blk.id)
            total_columns = {c.target_column for c in blk.computed if c.target_column}
            total_rows = {c.target_row for c in blk.computed if c.target_row}
            for row in blk.rows:
                for col in blk.columns:
                    computed = col.id in total_columns or row.id in total_rows
                    ref = blk.ref(row.id, col.id)
                    spec.cells[ref] = CellInfo(ref, sec, blk, row, col, computed)
    declared = {c.rule for b in spec.blocks for c in b.computed}
    for rid in spec.computed_severity:
        if rid not in declared:
            raise SpecError(
                source, "[rule_severity]", f"“{rid}”不是任何合计（computed）声明的规则{_suggest(rid, declared)}"
            )


def _check_refs(r: _Reader, spec: ReportSpec, params: object, block: Block | None) -> None:
    """Every block, row, column, cell and text field a rule names must exist: fail at load, never while validating."""
    values = {f.name: getattr(params, f.name) for f in dataclasses.fields(typing.cast(Any, params))}
    if "block" in values:
        block_id = values["block"]
        ids = [b.id for b in spec.blocks]
        if block_id not in ids:
            r.fail(f"参数 “block”：未知表块 “{block_id}”{_suggest(block_id, ids)}")
        block = spec.block(block_id)
    for f in dataclasses.fields(typing.cast(Any, params)):
        value = values[f.name]
        what = f.metadata.get("ref")
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, NumberPattern):
                _check_refs(r, spec, item, block)
                continue
            known: Iterable[str]
            inside = ""
            if what == "cell":
                known, noun = spec.cells, "单元格"
            elif what == "field":
                known, noun = spec.text_fields, "文字项"
            elif what in ("row", "column") and block is not None:
                items = block.rows if what == "row" else block.columns
                known, noun = [x.id for x in items], "行" if what == "row" else "列"
                inside = f"（表块 {block.id} 中没有）"
            else:
                continue
            if item not in known:
                r.fail(f"参数 “{f.name}”：未知{noun} “{item}”{inside}{_suggest(item, known)}")


# ---------------------------------------------------------------------------- extends: an edition as differences
_MARKS = ("remove", "replace", "after", "before")
_NOUNS = {
    "metadata": "基本信息项",
    "sections": "部分",
    "fields": "文字项",
    "blocks": "表块",
    "rows": "行",
    "columns": "列",
    "rules": "规则",
}


def read_declaration(text: str, source: str = "", resolve: Resolver | None = None) -> dict[str, Any]:
    """The TOML table of a declaration with its ``extends`` applied (the base's own ``extends`` too)."""
    return _read(text, source, resolve or builtin_declaration, ())


def _read(text: str, source: str, resolve: Resolver, chain: tuple[str, ...]) -> dict[str, Any]:
    data = parse_toml(source, text)
    if "extends" not in data:
        return data
    base_name = data.pop("extends")
    if not isinstance(base_name, str) or not base_name:
        raise SpecError(source, "顶层", f"“extends”应为所依据的格式版本（如 “2021”），现为 {_show(base_name)}")
    try:
        base_text, base_source = resolve(base_name)
    except KeyError:
        raise SpecError(source, "顶层", f"“extends”：未知的格式版本 “{base_name}”") from None
    # a cycle is a file reached again (an adjusted edition may keep its base's name: that is no cycle)
    here = (*chain, source)
    if base_source in here:
        loop = " → ".join((*here[here.index(base_source) :], base_source))
        raise SpecError(source, "顶层", f"“extends”形成循环：{loop}")
    base = _read(base_text, base_source, resolve, here)
    return merge(base, data, source)


def merge(base: dict[str, Any], override: dict[str, Any], source: str = "") -> dict[str, Any]:
    """``override`` applied to the declaration table ``base``; a new table, neither argument is changed.

    - A table (``[report]``, ``[value_types]``, ``[rule_severity]``, an item): each key given replaces the
      base's; a sub-table merges the same way; a sub-table ``remove = true`` removes that entry.
    - A list of tables with ``id`` (metadata, sections, fields, blocks, rows, columns, rules) merges by id:
      the same id merges into the base's item (``replace = true``: replaces it whole; ``remove = true``:
      removes it; ``after``/``before`` = an id: moves it); a new id must say where, ``after`` or ``before``.
    - Any other list (paths, variants, keywords, ``computed``, ``patterns``) replaces the base's whole.

    An id or entry that the base does not have and that is not placed as new is a SpecError naming it.
    """
    return _merge_table(copy.deepcopy(base), override, source, "顶层")


def _merge_table(base: dict[str, Any], over: dict[str, Any], source: str, where: str) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        old = out.get(key, _MISSING)
        if isinstance(value, dict) and ("remove" in value or "replace" in value):
            _mark(source, f"{where} 的 “{key}”", value, ("remove", "replace"))
            if old is _MISSING:
                raise SpecError(source, where, f"要删除或替换的 “{key}”在所依据的格式中不存在{_suggest(key, out)}")
            if value.get("remove"):
                if len(value) > 1:
                    raise SpecError(source, f"{where} 的 “{key}”", "删除时只写 “remove = true”")
                del out[key]
            else:
                out[key] = {k: v for k, v in value.items() if k != "replace"}
        elif isinstance(value, dict) and isinstance(old, dict):
            out[key] = _merge_table(old, value, source, f"{where} 的 “{key}”" if where != "顶层" else f"[{key}]")
        elif isinstance(value, list) and isinstance(old, list) and old and all(_has_id(x) for x in old):
            out[key] = _merge_list(old, value, source, where, key)
        else:
            out[key] = value
    return out


def _has_id(item: object) -> bool:
    return isinstance(item, dict) and isinstance(item.get("id"), str)


def _mark(source: str, where: str, item: dict[str, Any], allowed: tuple[str, ...]) -> None:
    """The override marks of one item are of the right type and make sense together."""
    for key in ("remove", "replace"):
        if key in item and (key not in allowed or item[key] is not True):
            raise SpecError(source, where, f"“{key}”只能写 true")
    for key in ("after", "before"):
        if key in item and (key not in allowed or not isinstance(item[key], str)):
            raise SpecError(source, where, f"“{key}”应为同一列表中某项的 id")
    if sum(key in item for key in _MARKS) > 1:
        raise SpecError(source, where, f"{'、'.join(k for k in _MARKS if k in item)} 不能同时使用")


def _merge_list(
    base: list[dict[str, Any]], items: list[Any], source: str, where: str, key: str
) -> list[dict[str, Any]]:
    noun = _NOUNS.get(key, "项")
    out = list(base)
    for item in items:
        if not _has_id(item):
            raise SpecError(source, where, f"“{key}”中的每一项应写明 “id”，现为 {_show(item)}")
        ident = item["id"]
        at = f"{where} 的{noun} {ident}" if where != "顶层" else f"{noun} {ident}"
        _mark(source, at, item, _MARKS)
        body = {k: v for k, v in item.items() if k not in _MARKS}
        ids = [x["id"] for x in out]
        place = item.get("after", item.get("before"))
        if place is not None and (place == ident or place not in ids):
            named = "after" if "after" in item else "before"
            raise SpecError(source, at, f"“{named}”：未知{noun} “{place}”{_suggest(str(place), ids)}")
        if ident in ids:
            index = ids.index(ident)
            if item.get("remove"):
                if len(body) > 1:
                    raise SpecError(source, at, "删除时只写 “id” 和 “remove = true”")
                del out[index]
                continue
            new = body if item.get("replace") else _merge_table(out[index], body, source, at)
            if place is None:
                out[index] = new
                continue
            del out[index]
        elif place is None:
            new_item = not (item.get("remove") or item.get("replace"))
            hint = f"；新增的{noun}应以 “after” 或 “before” 写明位置" if new_item else ""
            raise SpecError(source, where, f"所依据的格式中没有{noun} “{ident}”{_suggest(ident, ids)}{hint}")
        else:
            new = body
        ids = [x["id"] for x in out]
        out.insert(ids.index(place) + (1 if "after" in item else 0), new)
    return out
