"""The Data page's import blocks: the files imported so far, and an upload with a dry run.

Logic lives in dashboard.data.ingest.upload (the CLI's pipeline) and the tables in
dashboard.analysis.imports; this module only lays out widgets. Session keys: data_upload_*.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import streamlit as st

from dashboard.analysis import catalogue, imports
from dashboard.data import audit, store
from dashboard.data.ingest import IngestError, manifest, upload
from dashboard.data.schema import mask_ids
from dashboard.i18n import fmt_int
from dashboard.ui import auth
from dashboard.ui import page as ui

UPLOADED = "__uploaded__"  # the mapping select's choice "my own YAML file"
STATE = "data_upload_state"
DONE = "data_upload_done"
# Set by the buttons' callbacks, which run before the script: a click survives a rerun that
# happens before the button is drawn (ui.page._run_through_shell), as on pages/collegium.py.
DRY_RUN_ASKED = "data_upload_dry_run_asked"
IMPORT_ASKED = "data_upload_import_asked"


def imports_section() -> None:
    """Each file imported into this store, with the columns it lacked and their defaults."""
    lang = ui.lang()
    ui.section(ui.t("data.imports"), ui.t("data.imports_why"))
    entries = manifest.for_store(store.require())
    if entries:
        ui.table(imports.imports_table(entries, lang))
    else:
        st.caption(ui.t("data.no_imports"))


def unknown_block(unknown: object) -> None:
    """The share of unknown values per column, with its n (nothing when all is known)."""
    if getattr(unknown, "empty", True):
        return
    st.markdown(f"**{ui.t('data.unknown_title')}**")
    st.caption(ui.t("data.unknown_why"))
    ui.table(imports.unknown_table(unknown, ui.lang()))


def _inputs() -> tuple[object, str | None, date] | None:
    """The file, the mapping (a name or a saved YAML path) and the snapshot date, if given."""
    limit = upload.max_mb()
    file = st.file_uploader(
        ui.t("data.upload_file", mb=limit),
        type=list(upload.SUFFIXES),
        key="data_upload_file",
        max_upload_size=limit,
    )
    left, right = st.columns(2)
    with left:
        choice = st.selectbox(
            ui.t("data.upload_mapping"),
            [*upload.shipped_mappings(), UPLOADED],
            format_func=lambda m: ui.t("data.upload_own_mapping") if m == UPLOADED else m,
            key="data_upload_mapping",
        )
        mapping_ref: str | None = choice
        if choice == UPLOADED:
            own = st.file_uploader(
                ui.t("data.upload_mapping_file"), type=["yaml", "yml"], key="data_upload_yaml"
            )
            mapping_ref = None
            if own is not None:
                saved = upload.save(own.name, own.getvalue(), upload_id=own.file_id)
                mapping_ref = str(saved)
    with right:
        snapshot = st.date_input(
            ui.t("data.upload_snapshot"),
            value=date.today(),
            key="data_upload_snapshot",
            format="DD.MM.YYYY",
        )
    if file is None:
        return None
    if upload.too_large(file.size):
        st.error(ui.t("data.upload_too_large", mb=limit))
        return None
    return file, mapping_ref, snapshot


def upload_section() -> None:
    """Upload → dry run → import, through the CLI's pipeline (all or nothing)."""
    ui.section(ui.t("data.upload"), ui.t("data.upload_why"))
    dry_run_asked = st.session_state.pop(DRY_RUN_ASKED, False)
    import_asked = st.session_state.pop(IMPORT_ASKED, False)
    if not auth.session_user().can_import:  # access file: `can_import: true` (docs/ingest.md)
        st.caption(ui.t("data.upload_not_allowed"))
        return
    if DONE in st.session_state:
        st.success(st.session_state.pop(DONE), icon=":material/check_circle:")
    given = _inputs()
    if given is None or given[1] is None:
        return
    file, mapping_ref, snapshot = given
    signature = (file.file_id, mapping_ref, snapshot)
    st.button(ui.t("data.dry_run"), key="data_upload_dry_run", on_click=_ask, args=(DRY_RUN_ASKED,))
    if dry_run_asked:
        path = upload.save(file.name, file.getvalue())
        if STATE in st.session_state:  # the previous dry run's copy is not needed any more
            upload.discard(st.session_state[STATE][1])
        st.session_state[STATE] = (signature, path, upload.dry_run(path, mapping_ref, snapshot))
    state = st.session_state.get(STATE)
    if state is None or state[0] != signature:
        return
    _show_dry_run(state[2])
    st.button(
        ui.t("data.import"),
        type="primary",
        disabled=not state[2].ok,
        key="data_upload_import",
        on_click=_ask,
        args=(IMPORT_ASKED,),
    )
    if import_asked and state[2].ok:
        _import(state[1], mapping_ref, snapshot)


def _ask(flag: str) -> None:
    st.session_state[flag] = True


def _show_problems(found: upload.Problems) -> None:
    """Why the file cannot be imported, in the page's language."""
    st.error(ui.t("data.dry_errors"), icon=":material/error:")
    # as plain text: markdown would turn "->" into arrows and eat * and _ in headers
    lines = imports.problem_lines(found, ui.lang())
    st.code(mask_ids("\n".join(lines)), language=None, wrap_lines=True)


def _show_dry_run(result: upload.DryRun) -> None:
    lang = ui.lang()
    st.markdown(ui.t("data.dry_rows", n=fmt_int(result.rows, lang)))
    if result.problems:
        _show_problems(result.problems)
    if result.absent:
        st.info(f"{ui.t('data.absent')}: {imports.absent_text(result.absent, lang)}")
    if not result.unmapped.empty:
        st.markdown(f"**{ui.t('data.unmapped')}**")
        ui.table(imports.unmapped_table(result.unmapped, lang))
    if not result.preview.empty:
        st.markdown(f"**{ui.t('data.preview')}**")
        st.dataframe(imports.preview_table(result.preview, lang), hide_index=True)
    if not result.warnings.empty:
        st.markdown(f"**{ui.t('data.quality')}**")
        ui.table(catalogue.quality_table(result.warnings, lang))
    unknown_block(result.unknown)


def _import(path: Path, mapping_ref: str, snapshot: date) -> None:
    bar = st.progress(0.0, text=ui.t("data.importing"))
    try:
        result = upload.run(
            path,
            mapping_ref,
            snapshot,
            progress=lambda f, _s: bar.progress(f, ui.t("data.importing")),
        )
    except (IngestError, ValueError) as exc:  # the store is unchanged (pipeline guarantee)
        _show_problems(upload.problems(exc, path))
        return
    if result.status == "imported":
        audit.record(
            "import",
            auth.session_user().name,
            path.suffix.lstrip(".").lower(),
            result.rows,
            detail=f"{path.name} as snapshot {snapshot.isoformat()}, "
            f"mapping {Path(mapping_ref).name}",
        )
    upload.discard(path)
    st.session_state.pop(STATE, None)
    st.session_state[DONE] = ui.t(
        "data.imported", n=fmt_int(result.rows, ui.lang()), file=path.name
    )
    st.rerun()
