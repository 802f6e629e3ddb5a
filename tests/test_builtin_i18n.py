"""Streamlit's built-in English strings get a wording in every language (issue 8, item 5)."""

from __future__ import annotations

import re

from dashboard import i18n
from dashboard.ui import builtin_i18n


def test_every_builtin_string_is_translated_with_the_same_placeholders():
    for english, key in builtin_i18n.BUILTIN.items():
        assert i18n.t(key, "en") == english  # en is Streamlit's own wording
        for lang in ("ru", "kk"):
            text = i18n.t(key, lang)
            assert text != english, f"{key} untranslated in {lang}"
            assert sorted(re.findall(r"\{\w\}", text)) == sorted(re.findall(r"\{\w\}", english))


def test_pairs_map_every_languages_wording_to_the_current_one():
    got = dict(builtin_i18n.pairs("kk"))
    assert got["Press Enter to apply"] == got["Нажмите Enter, чтобы применить"]
    assert got["Remove {x}"] == "{x} алып тастау"
    assert all(source != target for source, target in builtin_i18n.pairs("en"))
