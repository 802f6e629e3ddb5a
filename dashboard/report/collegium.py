"""Make a collegium pack: check quarter and scope, gather the sections, write three files.

Used by the «Коллегия» page and by `python -m dashboard report`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from dashboard.data import codes, store
from dashboard.data.filters import Filters
from dashboard.report import (
    analysis_sections,
    brief,
    evaluation_sections,
    findings,
    sections,
    slides,
    workbook,
)
from dashboard.report.pack import (
    Builder,
    Context,
    Labeler,
    Pack,
    PackError,
    Progress,
    Quarter,
    Runner,
    Scope,
    build,
    check_exists,
    complete_quarters,
    default_quarter,
    execute_runner,
    scope_options,
)

# The slides in order; each builder is independent and may leave its slide out.
BUILDERS: tuple[Builder, ...] = (
    sections.headline,
    sections.volumes,
    sections.late_by_month,
    sections.backlog,
    sections.most_late,
    analysis_sections.hotspots,
    sections.topics,
    sections.regions,
    evaluation_sections.ranking_central,
    evaluation_sections.ranking_local,
    evaluation_sections.algorithm_compliance,
    findings.findings,
    findings.appendix,
)
# The files of a pack: extension -> writer.
WRITERS: dict[str, Callable[[Pack], bytes]] = {
    "pptx": slides.render,
    "xlsx": workbook.render,
    "html": brief.render,
}

MIME_TYPES: dict[str, str] = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html",
}


def quarter_choices(f: Filters, info: store.StoreInfo) -> tuple[list[str], int]:
    """Complete quarters of the data, newest first, and the index of the default one."""
    quarters = complete_quarters(info.first_received, info.latest_snapshot)[::-1]
    if not quarters:
        return [], 0
    chosen = default_quarter(
        f.period_start, f.period_end, info.first_received, info.latest_snapshot
    )
    return [str(q) for q in quarters], quarters.index(chosen)


def scope_choices(f: Filters) -> tuple[list[str], int]:
    """Scope keys of the filters' picks, and the default: the one pick if there is one."""
    keys = [s.key for s in scope_options(f)]
    return keys, 1 if len(keys) == 2 else 0


def slide_titles(pack: Pack) -> list[str]:
    """The deck's slide titles in order, the title slide first."""
    return [pack.title, *(s.title for s in pack.sections)]


def findings_text(pack: Pack) -> list[str]:
    """The findings slide's paragraph and bullets (empty when it was left out)."""
    section = pack.section("findings")
    if section is None:
        return []
    first, *rest = section.text
    return [first, *rest[:1], *(f"- {line}" for line in rest[1:])]


def store_labeler(lang: str, db_path: Path | None) -> Labeler:
    """Names of bodies, regions and categories from the store's reference tables."""

    def label(kind: str, code: str) -> str:
        return codes.labels(kind, lang, db_path).get(code) or code

    return label


def make_pack(
    quarter: Quarter,
    scope: Scope,
    lang: str = "ru",
    base: Filters | None = None,
    db_path: Path | None = None,
    runner: Runner | None = None,
    labeler: Labeler | None = None,
    progress: Progress | None = None,
    info: store.StoreInfo | None = None,
) -> Pack:
    """The pack's data for a quarter and scope; `base` carries the page's other filters.

    The scope replaces the base's levels, bodies and regions (the access scope stays); topics,
    types and channels are kept and listed in the appendix. PackError when the store has no
    such quarter, body or region, or nothing in the scope.
    """
    info = info or store.info(db_path)
    kind = scope.kind if scope.kind in ("body", "region") else "region"
    known = set(codes.labels(kind, lang, db_path))
    check_exists(
        quarter, scope, complete_quarters(info.first_received, info.latest_snapshot), known
    )
    labeler = labeler or store_labeler(lang, db_path)
    base = replace(
        base or Filters(quarter.start, quarter.end),
        period_start=quarter.start,
        period_end=quarter.end,
        levels=(),
        body_ids=(),
        region_codes=(),
        lang=lang,
    )
    f = scope.apply(base)
    ctx = Context(
        f, quarter, scope, info.latest_snapshot, lang, labeler, runner or execute_runner(db_path)
    )
    scope_label = scope.label(lang, labeler)
    if not ctx.query("summary_by_group", group_by="none")["n_received"].sum():
        raise PackError(f"no appeals for {scope_label} in {quarter}")
    return Pack(
        lang=lang,
        quarter=quarter,
        scope=scope,
        scope_label=scope_label,
        as_of=info.latest_snapshot,
        filters=f,
        filter_lines=tuple(f.describe(lang, labeler)),
        sections=build(ctx, BUILDERS, progress),
    )


def render_all(pack: Pack, progress: Progress | None = None) -> dict[str, bytes]:
    """The three files as bytes, by extension."""
    out = {}
    for ext, writer in WRITERS.items():
        out[ext] = writer(pack)
        if progress:
            progress(ext)
    return out


def write_all(files: dict[str, bytes], out_dir: Path, stem: str) -> list[Path]:
    """Write every file to a temporary name in `out_dir`, then rename: all appear or none."""
    out_dir.mkdir(parents=True, exist_ok=True)
    temps: list[tuple[str, Path]] = []
    try:
        for ext, data in files.items():
            fd, name = tempfile.mkstemp(prefix=f".{stem}.", suffix=f".{ext}.part", dir=out_dir)
            temps.append((ext, Path(name)))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(name, 0o666 & ~_umask())  # mkstemp makes files private; these are reports
        targets = []
        for ext, temp in temps:
            target = out_dir / f"{stem}.{ext}"
            os.replace(temp, target)
            targets.append(target)
        return targets
    finally:
        for _, temp in temps:
            temp.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


__all__ = ["BUILDERS", "PackError", "Quarter", "Scope", "make_pack", "render_all", "write_all"]
