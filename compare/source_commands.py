"""``msgcompare sources …``: refresh and check the vendor documents we watch, import OTA declarations."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import UTC, datetime
from pathlib import Path

import click
from click._termui_impl import ProgressBar
from flask import Flask, current_app
from flask.cli import AppGroup

from compare import refresh
from compare.dataset import DATA_ROOT
from compare.jobs import refresh_jobs
from compare.store.sources import FetchStatus
from criteria.load import CatalogueError
from criteria.model import Catalogue
from scrapers.declarations import SOURCES_ROOT, SourceDeclaration, load_sources
from scrapers.extract import ExtractError, extract
from scrapers.fetch import FetchError, FetchSettings, fetch_all
from scrapers.ota_sources import apply, describe, load_mapping, plan_import

sources = AppGroup("sources", help="Vendor documents we watch for changes.")


def _catalogue() -> Catalogue:
    catalogue: Catalogue = current_app.extensions["msgcompare.catalogue"]
    return catalogue


def fetch_settings(app: Flask) -> FetchSettings:
    """Fetch limits from the app config (MSGCOMPARE_FETCH_* in the environment)."""
    return FetchSettings(
        contact_url=app.config["FETCH_CONTACT_URL"],
        max_concurrency=int(app.config["FETCH_MAX_CONCURRENCY"]),
        max_bytes=int(app.config["FETCH_MAX_BYTES"]),
        allow_networks=tuple(app.config["FETCH_ALLOW_NETWORKS"]),
    )


def _declarations(root: Path) -> tuple[SourceDeclaration, ...]:
    try:
        return load_sources({c.id for c in _catalogue().criteria}, root)
    except CatalogueError as exc:
        raise click.ClickException(str(exc)) from exc


@sources.command("refresh")
@click.option("--product", "product_ids", multiple=True, help="Only this product id (repeatable).")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False, exists=True), default=None, help=f"Folder of declarations [default: {SOURCES_ROOT}]")
@click.option("--enqueue", is_flag=True, help="Hand the sources to the job workers instead of fetching them here.")
def refresh_command(product_ids: tuple[str, ...], root: Path | None, enqueue: bool) -> None:
    """Fetch every declared document, store new snapshots and versions, queue proposals for review.

    Each source is claimed, fetched and recorded on its own, as the workers do, so an interrupted
    refresh keeps what it finished. Exits 1 when any source failed (the reasons are printed and
    shown on /admin/sources), and 2 when some were being refreshed by a worker at the same time.
    """
    if root is not None:
        if enqueue:
            raise click.ClickException("--root applies to this process only; workers read MSGCOMPARE_SOURCES_ROOT")
        current_app.config["SOURCES_ROOT"] = str(root)
    try:
        run = refresh_jobs.start_run(current_app, set(product_ids) or None, enqueue=enqueue)
    except (refresh_jobs.UnknownProducts, CatalogueError) as exc:
        raise click.ClickException(str(exc)) from exc
    assert run is not None  # noqa: S101 - only a named run can exist already
    if enqueue:
        click.echo(f"Queued {len(run.source_ids)} sources (run {run.id}); workers record each as it finishes.")
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    progress: ProgressBar[int] = click.progressbar(length=len(run.source_ids), label="Fetching", file=sys.stderr)
    workers = max(1, int(app.config["FETCH_MAX_CONCURRENCY"]))
    with ThreadPoolExecutor(max_workers=workers) as pool, progress as bar:
        futures = [pool.submit(refresh_jobs.refresh_now, app, source_id, run.id) for source_id in run.source_ids]
        for _done in as_completed(futures):
            bar.update(1)
    results = [future.result() for future in futures]
    report = refresh.RefreshReport([r for r in results if r is not None])
    busy = len(results) - len(report.outcomes)
    for outcome in report.outcomes:
        detail = outcome.reason or (f"{outcome.proposals} new proposals" if outcome.proposals else "")
        if outcome.technical:
            detail = "re-extracted after a declaration change (technical, no proposals)"
        click.echo(f"{outcome.status.value:<9} {outcome.product_id}/{outcome.document_id}" + (f": {detail}" if detail else ""))
    click.echo(
        f"{len(report.outcomes)} sources: {report.count(FetchStatus.UNCHANGED)} unchanged, "
        f"{report.count(FetchStatus.CHANGED) + report.count(FetchStatus.NEW)} changed or new, "
        f"{sum(o.proposals for o in report.outcomes)} new proposals, {len(report.failures)} failed."
    )
    if report.failures:
        raise click.exceptions.Exit(1)
    if busy:
        click.echo(f"Error: {busy} sources were being refreshed by a worker at the same time; they are recorded by it.", err=True)
        raise click.exceptions.Exit(2)


@sources.command("check")
@click.option("--product", "product_ids", multiple=True, help="Only this product id (repeatable).")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False, exists=True), default=SOURCES_ROOT, show_default=True)
def check_command(product_ids: tuple[str, ...], root: Path) -> None:
    """Fetch each declared page and report selectors that match nothing; stores nothing."""
    declarations = [d for d in _declarations(root) if not product_ids or d.product_id in product_ids]
    documents = [(d.product_id, doc) for d in declarations for doc in d.documents]
    outcomes = fetch_all([doc.url for _, doc in documents], fetch_settings(current_app))
    problems = 0
    for (product_id, document), outcome in zip(documents, outcomes, strict=True):
        where = f"{root / (product_id + '.yaml')}: {document.id}"
        if isinstance(outcome, FetchError):
            problems += 1
            click.echo(f"{where}: could not fetch {document.url}: {outcome.reason}")
            continue
        try:
            extracted = extract(
                outcome.body, document, url=outcome.final_url,
                content_type=outcome.content_type or "text/html", charset_name=outcome.charset or "utf-8",
            )
        except ExtractError as exc:
            problems += 1
            click.echo(f"{where}: {exc.reason} at {outcome.final_url} (HTTP {outcome.status}, {len(outcome.body) // 1024} kB)")
            continue
        note = ""
        if outcome.charset_ignored:
            declared = ", ".join(repr(label) for label in outcome.charset_ignored)
            note = f"; declared charset {declared} is unknown, read as {outcome.charset}"
        click.echo(f"{where}: ok ({len(extracted.paragraphs)} paragraphs{note})")
    if problems:
        raise click.exceptions.Exit(1)


@sources.command("import-ota")
@click.argument("path", type=click.Path(path_type=Path, exists=True))
@click.option("--product", help="Our product id for the service (one declaration file only).")
@click.option(
    "--mapping", type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="YAML file mapping OTA service names to product ids (for a folder).",
)
@click.option("--dry-run", is_flag=True, help="Show what would be added; write nothing.")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False, exists=True), default=SOURCES_ROOT, show_default=True)
def import_ota_command(
    path: Path, product: str | None, mapping: Path | None, dry_run: bool, root: Path
) -> None:
    """Add the documents of Open Terms Archive declarations (a file or a folder) to our sources.

    Documents a product already watches are left alone, so importing twice adds nothing.
    Pages that need client-side scripts or OTA filter functions are refused with the reason.
    Exits 1 when anything was refused.
    """
    criterion_ids = {c.id for c in _catalogue().criteria}
    product_ids = {p.stem for p in DATA_ROOT.glob("*.yaml")}
    try:
        plan = plan_import(
            path, criterion_ids, root, product_ids=product_ids, product=product,
            mapping=load_mapping(mapping) if mapping else None,
        )
        for line in describe(plan):
            click.echo(line)
        if dry_run:
            click.echo(f"Dry run: {len(plan.additions)} documents would be added; nothing written.")
        else:
            written = apply(plan, root, criterion_ids, today=datetime.now(UTC).date().isoformat())
            click.echo(f"{len(plan.additions)} documents added to {len(written)} files; {len(plan.already)} already declared.")
    except CatalogueError as exc:
        raise click.ClickException(str(exc)) from exc
    if plan.refused:
        raise click.exceptions.Exit(1)


def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(sources)
