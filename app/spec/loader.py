"""Strict TOML → ReportSpec loader: unknown keys, duplicate ids and dangling refs are load errors."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, cast

from app.errors import UserError
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


class SpecError(UserError):
    """A format declaration (built in or an installed pack) is malformed; the message names the file and the key."""


def _check_keys(where: str, table: dict[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(table) - set(allowed)
    if unknown:
        raise SpecError(f"{where}: unknown keys {sorted(unknown)}")


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


def _columns(where: str, raw: list[dict[str, Any]]) -> tuple[Column, ...]:
    for c in raw:
        _check_keys(where, c, ("id", "path", "variants"))
    paths = [tuple(c["path"]) for c in raw]
    names = _shortest_unique_names(paths)
    return tuple(Column(c["id"], p, n, tuple(c.get("variants", ()))) for c, p, n in zip(raw, paths, names, strict=True))


def _block(section_id: str, raw: dict[str, Any], types: dict[str, ValueType]) -> Block:
    where = f"block {raw.get('id')}"
    _check_keys(
        where,
        raw,
        ("id", "title", "value_type", "columns", "rows", "computed", "corner", "row_labels", "variants"),
    )
    if raw["value_type"] not in types:
        raise SpecError(f"{where}: unknown value type {raw['value_type']}")
    rows = []
    for r in raw["rows"]:
        _check_keys(where, r, ("id", "path", "short", "variants"))
        rows.append(Row(r["id"], tuple(r["path"]), r.get("short", ""), tuple(r.get("variants", ()))))
    columns = _columns(where, raw["columns"])
    col_ids = [c.id for c in columns]
    row_ids = [r.id for r in rows]
    for kind, ids in (("column", col_ids), ("row", row_ids)):
        if len(set(ids)) != len(ids):
            raise SpecError(f"{where}: duplicate {kind} ids")
    computed = []
    for c in raw.get("computed", []):
        _check_keys(where, c, ("rule", "target_column", "columns", "target_row", "rows"))
        comp = Computed(
            rule=c["rule"],
            target_column=c.get("target_column"),
            columns=tuple(c.get("columns", ())),
            target_row=c.get("target_row"),
            rows=tuple(c.get("rows", ())),
        )
        if (comp.target_column is None) == (comp.target_row is None):
            raise SpecError(f"{where}: a computed total needs exactly one target")
        refs_ok = (
            (comp.target_column in col_ids and all(x in col_ids for x in comp.columns))
            if comp.target_column
            else (comp.target_row in row_ids and all(x in row_ids for x in comp.rows))
        )
        if not refs_ok:
            raise SpecError(f"{where}: computed total refers to unknown rows or columns")
        computed.append(comp)
    return Block(
        id=raw["id"],
        section_id=section_id,
        title=raw.get("title", ""),
        value_type=types[raw["value_type"]],
        columns=columns,
        rows=tuple(rows),
        computed=tuple(computed),
        corner=raw.get("corner", ""),
        row_labels=raw.get("row_labels", True),
        variants=tuple(raw.get("variants", ())),
    )


def parse_spec(text: str) -> ReportSpec:
    """Build a ReportSpec from the TOML text of one edition."""
    data = tomllib.loads(text)
    _check_keys(
        "top level",
        data,
        ("report", "value_types", "metadata", "sections", "rules", "rule_severity"),
    )
    rep = data["report"]
    _check_keys("report", rep, ("edition", "name", "title_suffix", "first_year"))

    types: dict[str, ValueType] = {}
    for tid, t in data["value_types"].items():
        _check_keys(f"value type {tid}", t, ("kind", "unit", "max_decimals", "plausible_max", "signed"))
        if t["kind"] not in ("integer", "decimal"):
            raise SpecError(f"value type {tid}: kind must be integer or decimal")
        pmax = t.get("plausible_max")
        types[tid] = ValueType(
            tid, t["kind"], t["unit"], t.get("max_decimals", 0), Decimal(pmax) if pmax else None, t.get("signed", False)
        )

    metadata = []
    for m in data["metadata"]:
        _check_keys("metadata", m, ("id", "label", "kind", "required", "hint", "choices", "default"))
        metadata.append(
            MetadataField(
                id=m["id"],
                label=m["label"],
                kind=m["kind"],
                required=m.get("required", False),
                hint=m.get("hint", ""),
                choices=tuple(m.get("choices", ())),
                default=m.get("default", ""),
            )
        )

    sections = []
    for s in data["sections"]:
        _check_keys(
            f"section {s.get('id')}",
            s,
            ("id", "number", "title", "kind", "fields", "blocks", "label_header", "variants"),
        )
        fields = tuple(
            TextField(
                id=f["id"],
                title=f["title"],
                section_id=s["id"],
                heading=f.get("heading", True),
                required=f.get("required", True),
                hint=f.get("hint", ""),
                heading_words=tuple(f.get("heading_words", ())),
            )
            for f in s.get("fields", [])
        )
        blocks = tuple(_block(s["id"], b, types) for b in s.get("blocks", []))
        if (s["kind"] == "text") != bool(fields) or (s["kind"] == "table") != bool(blocks):
            raise SpecError(f"section {s['id']}: a text section has fields, a table section blocks")
        sections.append(
            Section(
                id=s["id"],
                number=s["number"],
                title=s["title"],
                kind=s["kind"],
                fields=fields,
                blocks=blocks,
                label_header=s.get("label_header", ""),
                variants=tuple(s.get("variants", ())),
            )
        )

    computed_severity = {k: Severity(v) for k, v in data.get("rule_severity", {}).items()}
    rules = []
    for r in data.get("rules", []):
        params = {k: v for k, v in r.items() if k not in ("id", "kind", "severity", "message")}
        rules.append(RuleSpec(r["id"], r["kind"], Severity(r["severity"]), r["message"], params))

    spec = ReportSpec(
        edition=rep["edition"],
        name=rep["name"],
        title_suffix=rep["title_suffix"],
        first_year=rep["first_year"],
        value_types=types,
        metadata=tuple(metadata),
        sections=tuple(sections),
        rules=tuple(rules),
        computed_severity=computed_severity,
    )
    _index(spec)
    _check_refs(spec)
    return spec


def _index(spec: ReportSpec) -> None:
    """Fill the cell and text-field indexes, checking that every id is unique."""
    ids: set[str] = set()
    for sec in spec.sections:
        for f in sec.fields:
            if f.id in spec.text_fields:
                raise SpecError(f"duplicate text field {f.id}")
            spec.text_fields[f.id] = f
        for blk in sec.blocks:
            if blk.id in ids:
                raise SpecError(f"duplicate block {blk.id}")
            ids.add(blk.id)
            total_columns = {c.target_column for c in blk.computed if c.target_column}
            total_rows = {c.target_row for c in blk.computed if c.target_row}
            for row in blk.rows:
                for col in blk.columns:
                    computed = col.id in total_columns or row.id in total_rows
                    ref = blk.ref(row.id, col.id)
                    spec.cells[ref] = CellInfo(ref, sec, blk, row, col, computed)
    for rid in spec.computed_severity:
        if not any(c.rule == rid for b in spec.blocks for c in b.computed):
            raise SpecError(f"rule_severity names {rid}, which no computed total declares")


def _check_refs(spec: ReportSpec) -> None:
    """Every cell and field a rule names must exist: fail at load time, never while validating."""
    for rule in spec.rules:
        p = rule.params
        for key in ("cell",):
            if key in p and p[key] not in spec.cells:
                raise SpecError(f"rule {rule.id}: unknown cell {p[key]}")
        for key in ("cells",):
            for ref in p.get(key, []):
                if ref not in spec.cells:
                    raise SpecError(f"rule {rule.id}: unknown cell {ref}")
        for pat in p.get("patterns", []):
            if isinstance(pat, dict):
                for ref in cast(list[str], pat["cells"]):
                    if ref not in spec.cells:
                        raise SpecError(f"rule {rule.id}: unknown cell {ref}")
        for key in ("field",):
            if key in p and p[key] not in spec.text_fields:
                raise SpecError(f"rule {rule.id}: unknown field {p[key]}")
        for fid in p.get("fields", []):
            if fid not in spec.text_fields:
                raise SpecError(f"rule {rule.id}: unknown field {fid}")
        if "block" in p:
            blk = spec.block(p["block"])
            row_ids = {r.id for r in blk.rows}
            named = [*p.get("left", []), *p.get("right", [])]
            named += [p[k] for k in ("row", "limit_row") if k in p]
            if not set(named) <= row_ids:
                raise SpecError(f"rule {rule.id}: unknown rows in block {blk.id}")
