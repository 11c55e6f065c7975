"""`peerclaims reference load` and `peerclaims keys create|revoke`: what goes into the store.

The groups are registered by engine/cli.py; the store (SQLAlchemy) and the packs are imported
when a command runs, as in engine/cli_history.py.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from peerclaims.engine.cli_rules import rules_root
from peerclaims.engine.errors import UsageError

reference_app = typer.Typer(
    help="Reference data: validate a YAML directory and load it into the store.",
    no_args_is_help=True,
)


@reference_app.command("load")
def reference_load(
    directory: Annotated[Path, typer.Argument(help="Folder of payers.yaml, providers.yaml, ...")],
) -> None:
    """Validate a reference directory and load it into the store, all or nothing."""
    from peerclaims.engine.cli import _store  # noqa: PLC0415 - SQLAlchemy only when used
    from peerclaims.engine.packs.pack import (  # noqa: PLC0415 - only this command needs them
        known_credentials,
        known_programs,
        load_packs,
    )
    from peerclaims.engine.reference.loader import load_reference_dir  # noqa: PLC0415

    packs = load_packs(rules_root())
    data = load_reference_dir(
        directory, known_programs=known_programs(packs), known_credentials=known_credentials(packs)
    )
    with _store() as store:
        store.migrate()
        store.load(data)
    typer.echo(
        f"loaded {len(data.payers)} payers, {len(data.providers)} providers, "
        f"{len(data.members)} members, {len(data.authorizations)} authorizations, "
        f"{len(data.contracts)} contracts, {len(data.history)} history lines"
    )


keys_app = typer.Typer(
    help="API keys of the service: create (the secret is shown once) and revoke.",
    no_args_is_help=True,
)


@keys_app.command("create")
def keys_create(
    role: Annotated[
        str | None, typer.Option("--role", help="submitter, payer or state.", show_default=False)
    ] = None,
    scopes: Annotated[
        list[str] | None,
        typer.Option(
            "--scope",
            help="Repeatable: billing NPI (submitter), payer id (payer), USPS code (state).",
            show_default=False,
        ),
    ] = None,
    label: Annotated[
        str | None, typer.Option("--label", help="A note saying whose key it is.")
    ] = None,
) -> None:
    """Create an API key: prints its secret once on stdout; the store keeps only its hash."""
    from peerclaims.engine.cli import _store, say  # noqa: PLC0415 - SQLAlchemy only when used
    from peerclaims.engine.reference.keys import ROLES  # noqa: PLC0415 - only the keys commands

    if role is None or role not in ROLES:
        given = "--role is required" if role is None else f"--role {role!r}"
        raise UsageError(f"keys create: {given}: use {', '.join(ROLES)}")
    with _store() as store:
        store.migrate()
        key, secret = store.create_key(role, scopes or [], label)
    typer.echo(secret)
    sys.stdout.flush()
    say(
        f"created key {key.key_id} ({key.role}: {', '.join(key.scopes)}); "
        "the secret above is not shown again"
    )


@keys_app.command("revoke")
def keys_revoke(
    key_id: Annotated[str, typer.Argument(help="The key's public id (k_...).")],
) -> None:
    """Revoke an API key: it is refused from now on; its decision records are kept."""
    from peerclaims.engine.cli import _store, say  # noqa: PLC0415 - SQLAlchemy only when used

    with _store() as store:
        store.migrate()
        revoked = store.revoke_key(key_id)
    if not revoked:
        raise UsageError(f"keys revoke: no active key {key_id!r} (unknown or already revoked)")
    say(f"revoked key {key_id}")
