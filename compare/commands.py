"""Commands of ``msgcompare``: thin click groups named for nouns, each calling one service.

Errors end in one clear line on stderr and a non-zero exit, so cron and CI notice them.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from compare import audit, profile_commands, source_commands, user_commands
from compare.comparison import load_comparison
from compare.dataset import DATA_ROOT, load_dataset
from compare.facts import build_offers
from compare.presenters.ranking import ranking_document
from compare.store import queries, transfer
from compare.store.session import transaction
from compare.store.setup import engine_of, sessions_of, upgrade
from criteria.key_terms import load_key_terms
from criteria.load import CRITERIA_ROOT, CatalogueError, load_catalogue
from criteria.model import Catalogue
from criteria.register import REGISTER_FILE, load_register
from criteria.tender import TENDER_FILE, load_tender_evidence

db = AppGroup("db", help="The database schema.")
data = AppGroup("data", help="Vendor facts: seed, export and import.")
criteria_group = AppGroup("criteria", help="The criteria catalogue.")


def _catalogue(app: Flask) -> Catalogue:
    catalogue: Catalogue = app.extensions["msgcompare.catalogue"]
    return catalogue


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    raise click.exceptions.Exit(1)


@db.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Migrate the database to REVISION (default: the newest)."""
    upgrade(engine_of(current_app), revision)
    click.echo(f"Database at {revision}: {engine_of(current_app).url.render_as_string(hide_password=True)}")


@data.command("load")
@click.option("--path", type=click.Path(path_type=Path, exists=True, file_okay=False), default=DATA_ROOT, show_default=True)
def data_load(path: Path) -> None:
    """Load the seed vendor facts; reviewed facts are never overwritten."""
    try:
        dataset = load_dataset(_catalogue(current_app), path)
    except CatalogueError as exc:
        _fail(str(exc))
    with transaction(sessions_of(current_app)) as session:
        report = queries.load_seed(session, dataset)
    click.echo(f"{report.products} products; {report.added} fact revisions added, {report.unchanged} unchanged.")
    for key in report.kept_reviewed:
        click.echo(f"kept reviewed fact {key} (seed differs; a reviewer's revision is newer)")


@data.command("export")
@click.argument("destination", type=click.File("w", encoding="utf-8"), default="-")
def data_export(destination: Any) -> None:
    """Write the whole dataset, every revision included, as JSON (to stdout by default)."""
    with sessions_of(current_app)() as session:
        document = transfer.export_document(session)
    json.dump(document, destination, ensure_ascii=False, indent=1, sort_keys=True)
    destination.write("\n")


@data.command("import")
@click.argument("source", type=click.File("rb"))
def data_import(source: Any) -> None:
    """Load an export into an empty database; the whole file is checked first, on any error nothing is written."""
    try:
        document = json.loads(source.read().decode("utf-8"))
    except UnicodeDecodeError as exc:
        _fail(f"{source.name}: not a JSON text file (byte {exc.object[exc.start]:#04x} at offset {exc.start} is not UTF-8)")
    except json.JSONDecodeError as exc:
        _fail(f"{source.name}: not valid JSON (line {exc.lineno}: {exc.msg})")
    try:
        with transaction(sessions_of(current_app)) as session:
            counts = transfer.import_document(session, document)
    except transfer.TransferError as exc:
        _fail(f"{source.name}: {exc}")
    click.echo(", ".join(f"{name}: {count}" for name, count in counts.items()))


@criteria_group.command("check")
@click.option("--root", type=click.Path(path_type=Path, exists=True, file_okay=False), default=CRITERIA_ROOT)
@click.option("--data", "data_root", type=click.Path(path_type=Path, exists=True, file_okay=False), default=DATA_ROOT)
@click.option("--coverage", "show_coverage", is_flag=True, help="Print verified cells per criterion against the targets; exit 1 if one is missed.")
@click.option("--strict", is_flag=True, help="Audit quotes, source domains and dates; exit 1 on any finding.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Date the age check counts from (default: today).")
def criteria_check(root: Path, data_root: Path, show_coverage: bool, strict: bool, today: datetime | None) -> None:
    """Validate the criteria catalogue and the seed data against it."""
    try:
        catalogue = load_catalogue(root)
        if (root / REGISTER_FILE).exists():
            load_register(catalogue, root)
        if (root / TENDER_FILE).exists():
            load_tender_evidence(catalogue, root)
        dataset = load_dataset(catalogue, data_root)
        key_terms = load_key_terms(catalogue, root / "key-terms.yaml") if strict else {}
    except CatalogueError as exc:
        _fail(str(exc))
    click.echo(
        f"OK: {len(catalogue.criteria)} criteria, {len(catalogue.profiles)} profiles, "
        f"{len(catalogue.mitigations)} mitigations; {len(dataset.products)} products, {len(dataset.facts)} facts."
    )
    failed = False
    if show_coverage:
        rows = audit.coverage(catalogue, build_offers(dataset.products, dataset.facts))
        for line in audit.coverage_lines(rows):
            click.echo(line)
        failed = not all(row.passed for row in rows)
    if strict:
        day = today.date() if today else datetime.now(UTC).date()
        findings = audit.strict_findings(dataset.products, dataset.facts, dataset.practical, key_terms, day)
        for finding in findings:
            click.echo(f"{finding.check}: {finding.where}: {finding.problem}")
        click.echo(f"strict: {len(findings)} finding(s)")
        failed = failed or bool(findings)
    if failed:
        raise click.exceptions.Exit(1)


def _as_of(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.combine(date.fromisoformat(value), time.max, tzinfo=UTC)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


@click.command("score")
@with_appcontext
@click.option("--profile", "profile_id", default=None, help="Profile id (default: the configured default).")
@click.option("--as-of", "as_of", default=None, help="Rank on the facts as recorded on this date (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def score(profile_id: str | None, as_of: str | None, as_json: bool) -> None:
    """Rank every product and edition under a weight profile."""
    catalogue = _catalogue(current_app)
    profile_id = profile_id or current_app.config["DEFAULT_PROFILE"]
    try:
        profile = catalogue.profile(profile_id)
    except KeyError:
        _fail(f"unknown profile {profile_id!r}; known: {', '.join(p.id for p in catalogue.profiles)}")
    moment = _as_of(as_of)
    with sessions_of(current_app)() as session:
        comparison = load_comparison(session, catalogue, moment)
        first = queries.first_recorded(session)
    if not comparison.offers:
        _fail("no products in the database; run `msgcompare data load` first")
    if moment is not None and (first is None or first > moment):
        since = f"; the first was recorded on {first.date().isoformat()}" if first else ""
        _fail(f"no facts were recorded by {as_of}{since}, so there is nothing to rank as of that day")
    sheet = comparison.score(profile)
    document = ranking_document(sheet, catalogue, language="en")
    if as_json:
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    click.echo(f"Profile: {profile.title.en}" + (f" (facts as of {as_of})" if as_of else ""))
    click.echo(f"{'#':>3}  {'product':<48} {'range':>13}  {'coverage':>8}  standing")
    for row in document["rows"]:
        rng = f"{row['score']['low']:.1f}–{row['score']['high']:.1f}"
        reasons = "; ".join(row["reasons"])
        click.echo(
            f"{row['rank']:>3}  {row['label']:<48} {rng:>13}  {row['coverage'] * 100:>7.0f}%  {row['standing']}"
            + (f" ({reasons})" if reasons else "")
        )


def init_app(app: Flask) -> None:
    """Attach every command group to the app; ``msgcompare`` and ``flask --app compare`` both see them."""
    for command in (db, data, criteria_group, score):
        app.cli.add_command(command)
    source_commands.init_app(app)
    user_commands.init_app(app)
    profile_commands.init_app(app)
