"""The app's stylesheet parses each CSS source once per theme, into the rules Textual makes."""

from __future__ import annotations

import pytest
from textual.css import stylesheet as textual_stylesheet
from textual.css.stylesheet import Stylesheet
from textual.css.tokenizer import TokenError

from grappe.tui.stylesheet import SteadyStylesheet

CSS = "Label { color: $accent; background: $panel; }"
DARK = {"accent": "#ff0000", "panel": "#000000"}
LIGHT = {"accent": "#00ff00", "panel": "#ffffff"}


def rules_of(sheet: Stylesheet, rules: list | None = None) -> list[tuple]:
    """Each rule's selectors, declarations and rank, comparable between stylesheets."""
    def declarations(rule) -> dict:  # type: ignore[no-untyped-def]
        found = dict(rule.styles.get_rules())
        if "layout" in found:  # a layout object equals only itself
            found["layout"] = type(found["layout"]).__name__
        return found

    return [(rule.selectors, declarations(rule), rule.is_default_rules, rule.tie_breaker)
            for rule in (sheet.rules if rules is None else rules)]


def plain_rules(sheet: Stylesheet, variables: dict[str, str]) -> list[str]:
    """What Textual's own stylesheet makes of the same sources and variables."""
    plain = Stylesheet(variables=variables)
    for read_from, (css, is_default, tie_breaker, scope) in sheet.source.items():
        plain.add_source(css, read_from=read_from, is_default_css=is_default,
                         tie_breaker=tie_breaker, scope=scope)
    return rules_of(plain)


def test_same_values_skip_the_reparse_and_new_values_do_not():
    sheet = SteadyStylesheet(variables=dict(DARK))
    sheet.add_source(CSS, read_from=("test.tcss", ""))
    dark = rules_of(sheet)
    assert dark == plain_rules(sheet, DARK) and "#FF0000" in sheet.rules[0].css.upper()
    sheet.set_variables(dict(DARK))
    sheet.reparse()
    assert sheet.reparses_skipped == 1 and rules_of(sheet) == dark
    sheet.set_variables(dict(LIGHT))
    sheet.reparse()
    assert sheet.reparses_skipped == 1
    assert rules_of(sheet) == plain_rules(sheet, LIGHT) != dark


def test_a_new_source_is_parsed_and_old_ones_come_from_the_cache(monkeypatch: pytest.MonkeyPatch):
    parsed: list[str] = []
    real_parse = textual_stylesheet.parse

    def counting_parse(scope, css, *args, **kwargs):  # type: ignore[no-untyped-def]
        parsed.append(css)
        return real_parse(scope, css, *args, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counting_parse)
    sheet = SteadyStylesheet(variables=dict(DARK))
    sheet.add_source(CSS, read_from=("test.tcss", ""))
    sheet.reparse()
    sheet.add_source("Button { color: $panel; }", read_from=("other.tcss", ""))
    sheet.reparse()
    assert parsed == [CSS, "Button { color: $panel; }"]
    assert rules_of(sheet) == plain_rules(sheet, DARK)


def test_a_broken_source_leaves_the_rules_as_they_were():
    sheet = SteadyStylesheet(variables=dict(DARK))
    sheet.add_source(CSS, read_from=("test.tcss", ""))
    before = rules_of(sheet)
    sheet.add_source("Label { color: $missing; }", read_from=("broken.tcss", ""))
    with pytest.raises(TokenError):  # as Textual's own stylesheet raises
        sheet.reparse()
    assert rules_of(sheet, sheet._rules) == before
    with pytest.raises(TokenError):
        plain_rules(sheet, DARK)


async def test_app_parses_each_source_once_with_the_chosen_theme(make_app, monkeypatch: pytest.MonkeyPatch):
    parsed: list[tuple] = []
    real_parse = textual_stylesheet.parse

    def recording_parse(scope, css, read_from, **kwargs):  # type: ignore[no-untyped-def]
        parsed.append((scope, css, read_from, kwargs.get("is_default_rules"), kwargs.get("tie_breaker")))
        return real_parse(scope, css, read_from, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", recording_parse)
    app = make_app(theme="light")
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.theme == "grappe-light" and isinstance(app.stylesheet, SteadyStylesheet)
        assert len(parsed) == len(set(parsed)), "a CSS source was parsed twice"
        variables = app.get_css_variables()
        assert rules_of(app.stylesheet) == plain_rules(app.stylesheet, variables)
        light = rules_of(app.stylesheet)
        app.theme = "grappe-dark"
        await pilot.pause()
        dark = rules_of(app.stylesheet)
        assert dark != light and dark == plain_rules(app.stylesheet, app.get_css_variables())
