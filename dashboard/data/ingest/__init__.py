"""Importing foreign registry exports (CSV, XLSX, Parquet) into the store via YAML mappings.

`ingest.pipeline.ingest()` reads a file, maps it onto the snapshot contract, checks it,
pseudonymises applicant ids and adds it to the store in one atomic step.
"""

from __future__ import annotations


class IngestError(ValueError):
    """A file or mapping the user must fix; the message names the file and what to do.

    The message is English, as the CLI prints it. `key` and `params` say the same for the Data
    page, which words it in its language from `ingest.errors.<key>` in dashboard/locales
    ("" = no key: the page shows the English message).
    """

    def __init__(self, message: str, key: str = "", /, **params: object) -> None:
        super().__init__(message)
        self.key = key
        self.params = params
