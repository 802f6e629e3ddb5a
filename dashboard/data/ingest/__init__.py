"""Importing foreign registry exports (CSV, XLSX, Parquet) into the store via YAML mappings.

`ingest.pipeline.ingest()` reads a file, maps it onto the snapshot contract, checks it,
pseudonymises applicant ids and adds it to the store in one atomic step.
"""

from __future__ import annotations


class IngestError(ValueError):
    """A file or mapping the user must fix; the message names the file and what to do."""
