"""Flask-Babel wiring: which language a request gets, the language switch, and catalogue commands.

Order of preference: ``?lang=`` (remembered in a cookie), then the cookie, then the browser's
Accept-Language, then the default. Every page links to itself in the other language.
"""

from __future__ import annotations

from typing import Any

import click
from babel.messages.pofile import read_po
from flask import Flask, Response, current_app, g, request, url_for
from flask.cli import AppGroup
from flask_babel import Babel, get_locale

from compare.i18n import TRANSLATIONS_DIR, catalogue_files, compile_catalogues, number, translator
from compare.settings import PROJECT_ROOT
from compare.wording_audit import audit_files, data_files

COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands"}

translations = AppGroup("translations", help="The Dutch catalogue of UI texts.")


def select_language() -> str:
    """The language for this request (see the module docstring)."""
    supported: tuple[str, ...] = tuple(current_app.config["LANGUAGES"])
    asked = request.args.get("lang")
    if asked in supported:
        return asked
    remembered = request.cookies.get(COOKIE)
    if remembered in supported:
        return remembered
    return request.accept_languages.best_match(supported) or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    """The request's language as a plain code ("en" or "nl"), decided once per request."""
    if "language" not in g:
        locale = get_locale()
        g.language = str(locale.language) if locale is not None else "en"
    value: str = g.language
    return value


def template_gettext(message: str) -> str:
    """Jinja's ``_``: the same catalogue as Flask-Babel, looked up without its per-call overhead."""
    return translator(current_language()).gettext(message)


def template_ngettext(singular: str, plural: str, count: int) -> str:
    """Jinja's ``ngettext``."""
    return translator(current_language()).ngettext(singular, plural, count)


def language_url(language: str) -> str:
    """This page in ``language``: same path and parameters, ``lang`` replaced."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [language]
    endpoint = request.endpoint or "pages.overview"
    values: dict[str, Any] = dict(request.view_args or {})
    values.update(args)
    return url_for(endpoint, **values)


def number_filter(value: float, digits: int = 1) -> str:
    """Jinja filter: a number in the reader's locale with a fixed number of decimals."""
    return number(value, current_language(), digits)


def percent_filter(share: float) -> str:
    """Jinja filter: a share (0–1) as a whole percentage in the reader's locale."""
    return f"{number_filter(100 * share, 0)}\N{NO-BREAK SPACE}%"


def _remember_choice(response: Response) -> Response:
    asked = request.args.get("lang")
    # On the site ?lang= is the reader's choice, kept; for an embed, the API or an export it is
    # a parameter of that one answer (often cached publicly), which must not set a cookie.
    remembers = request.blueprint not in ("embed", "api", "exports", "assets")
    if remembers and asked is not None and asked in current_app.config["LANGUAGES"] and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True, secure=request.is_secure or bool(current_app.config.get("SESSION_COOKIE_SECURE")))
    if request.blueprint != "assets":
        # The language depends on these headers: shared caches must not serve English to a Dutch reader.
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
    return response


def _template_context() -> dict[str, Any]:
    language = current_language()
    if request.endpoint is None or request.url_rule is None:
        switch = []
    else:
        switch = [
            {"code": code, "name": LANGUAGE_NAMES.get(code, code), "url": language_url(code), "current": code == language}
            for code in current_app.config["LANGUAGES"]
        ]
    return {"language": language, "language_switch": switch}


@translations.command("compile")
@click.option("--force", is_flag=True, help="Recompile even when the .mo files are newer.")
def compile_command(force: bool) -> None:
    """Compile translations/*/LC_MESSAGES/messages.po to .mo (as pybabel compile does)."""
    written = compile_catalogues(TRANSLATIONS_DIR, force=force)
    click.echo(f"{len(written)} catalogue(s) compiled" + "".join(f"\n  {path}" for path in written))


@translations.command("check")
def check_command() -> None:
    """Fail when a catalogue entry or a reader-facing data string has no Dutch text.

    Data strings are the criteria, verdict rules, mitigations, risks, profiles and product texts in
    YAML (see ``compare.wording_audit``); most of what a Dutch page shows comes from there.
    """
    problems = [str(problem) for problem in audit_files(data_files(PROJECT_ROOT / "criteria", PROJECT_ROOT / "data"))]
    for path in catalogue_files(TRANSLATIONS_DIR):
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id:
                continue
            if message.fuzzy:
                problems.append(f"{path}: fuzzy: {message.id!r}")
            elif not message.string or (isinstance(message.string, tuple) and not all(message.string)):
                problems.append(f"{path}: untranslated: {message.id!r}")
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise click.exceptions.Exit(1)
    click.echo("OK: every message and data text is translated")


def init_app(app: Flask) -> None:
    """Compile stale catalogues, bind Flask-Babel, and add the language switch to every template."""
    compile_catalogues(TRANSLATIONS_DIR)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    Babel(app, locale_selector=select_language)
    # Templates call _() a few hundred times per page; Flask-Babel's gettext costs ~0.1 ms a call.
    app.jinja_env.install_gettext_callables(template_gettext, template_ngettext, newstyle=True)  # type: ignore[attr-defined]
    app.after_request(_remember_choice)
    app.context_processor(_template_context)
    app.cli.add_command(translations)
    app.jinja_env.globals["language_url"] = language_url
    app.jinja_env.filters.update(number=number_filter, percent=percent_filter)
