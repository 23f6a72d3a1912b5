"""``voc serve`` and ``voc apikey create / list / revoke``: thin wrappers over service.api and pipelines.store."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from service.cli_pipeline import DbOption, _db, connect_store
from service.settings import get_settings

apikey_app = typer.Typer(no_args_is_help=True, help="API keys: create (the key is printed once), list, revoke.")


def serve_cli(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="server processes (one per core for load)")] = 1,
    ingest: Annotated[bool, typer.Option("--ingest/--no-ingest",
                                         help="serve POST /api/v1/contacts (loads the tagger)")] = True,
    access_log: Annotated[bool, typer.Option("--access-log/--no-access-log")] = True,
) -> None:
    """Serve the API (/api/v1, docs at /docs) and the dashboard (/)."""
    import uvicorn

    url = _db(db, get_settings())
    connect_store(url).dispose()  # migrate once here, not in every worker at the same time
    os.environ["KLANTGEVOEL_DATABASE_URL"] = url  # the workers read their settings from the environment
    os.environ["KLANTGEVOEL_API_INGEST"] = "true" if ingest else "false"
    typer.echo(f"Klantgevoel API on http://{host}:{port}/api/v1 (docs: /docs, dashboard: /)", err=True)
    uvicorn.run("service.api.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                access_log=access_log, log_level="info")


@apikey_app.command("create")
def apikey_create(
    db: DbOption = None,
    scope: Annotated[list[str], typer.Option(help="read, ingest or admin (repeatable; admin implies all)")] = [],  # noqa: B006
    name: Annotated[str, typer.Option(help="what the key is for")] = "",
) -> None:
    """Make an API key. The key is printed once, on the last line; only its hash is stored."""
    from sqlmodel import Session

    from pipelines.store.apikeys import ScopeError, create_key

    engine = connect_store(_db(db, get_settings()))
    try:
        with Session(engine) as session:
            key, row = create_key(session, scope or ["read"], name)
            session.commit()
            typer.echo(f"API key {row.id} ({row.scopes}){' ' + name if name else ''}; store it now, it is not "
                       "shown again:", err=True)
    except ScopeError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    finally:
        engine.dispose()
    typer.echo(key)


@apikey_app.command("list")
def apikey_list(db: DbOption = None) -> None:
    """Keys with id, prefix, scopes, name, created, last used and whether revoked (never the key)."""
    from sqlmodel import Session

    from pipelines.store.apikeys import list_keys

    with Session(connect_store(_db(db, get_settings()))) as session:
        for k in list_keys(session):
            used = k.last_used_at.isoformat(timespec="seconds") if k.last_used_at else "-"
            typer.echo(f"{k.id:>4}  kg_{k.prefix}_…  {k.scopes:<18} {'REVOKED ' if k.revoked else ''}"
                       f"{k.name or '-'}  created {k.created_at.isoformat(timespec='seconds')}  last used {used}")


@apikey_app.command("revoke")
def apikey_revoke(
    key: Annotated[str, typer.Argument(help="the key's id or prefix (as `voc apikey list` shows)")],
    db: DbOption = None,
) -> None:
    """Revoke a key: requests with it get 401 from then on."""
    from sqlmodel import Session

    from pipelines.store.apikeys import revoke_key

    with Session(connect_store(_db(db, get_settings()))) as session:
        row = revoke_key(session, key)
        if row is None:
            typer.echo(f"error: no key {key!r}", err=True)
            raise typer.Exit(1)
        session.commit()
        typer.echo(f"revoked key {row.id} (kg_{row.prefix}_…)")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_cli)
    app.add_typer(apikey_app, name="apikey")
