"""The ``voc`` command line: thin typer wrappers over functions in pipelines/ and models/."""

from __future__ import annotations

import gc
import json
import logging
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from service import cli_analytics, cli_api, cli_pipeline
from service.settings import Settings, get_settings

app = typer.Typer(
    add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
    help="Klantgevoel: Dutch customer emotion mining.",
)


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(message)s")
    # transformers' hints are noise on a CLI that emits JSON Lines; set by environment, since importing
    # transformers just to silence it would cost seconds on the ONNX path, which never needs it
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def _load_tagger(settings: Settings):
    from models.encoder import EncoderUnavailable
    from models.tagger import Tagger

    try:
        return Tagger.from_pretrained(settings.model_dir, **settings.encoder_kwargs())
    except (EncoderUnavailable, FileNotFoundError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


def _open_input(path: str) -> object:
    if path == "-":
        return sys.stdin.buffer
    p = Path(path)
    if not p.is_file():
        typer.echo(f"error: {path}: no such file", err=True)
        raise typer.Exit(2)
    return p.open("rb")


@app.command("setup")
def setup_cli(verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    """Prepare the encoder once: convert the bundled model (if selected) and export it to ONNX."""
    _setup_logging(True)
    from models.encoder import Encoder
    from models.tagger import CONFIG_NAME

    s = get_settings()
    cfg_path = s.model_dir / CONFIG_NAME
    layers = json.loads(cfg_path.read_text())["encoder"].get("layers") if cfg_path.is_file() else None
    # Loading converts the bundled model (once) and exports the ONNX graph the tagger needs (once).
    enc = Encoder.load(**s.encoder_kwargs(), layers=layers)
    typer.echo(f"encoder ready: {enc.name} ({enc.backend}, {layers or 'all'} layers, dim {enc.dim})")


@app.command("predict")
def predict_cli(
    file: Annotated[str, typer.Argument(help="input file, or - for standard input")] = "-",
    fmt: Annotated[str, typer.Option("--format", help="auto | text | jsonl")] = "auto",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="write here instead of stdout")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Tag texts (one a line, or JSON Lines with 'text'): JSON Lines out, one object per input line."""
    from pipelines.predict import tag_lines

    if fmt not in ("auto", "text", "jsonl"):
        typer.echo("error: --format must be auto, text or jsonl", err=True)
        raise typer.Exit(2)
    _setup_logging(verbose)
    src = _open_input(file)
    tagger = _load_tagger(get_settings())
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        for rec in tag_lines(src, tagger, fmt):  # type: ignore[arg-type]
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()


@app.command("evaluate")
def evaluate_cli(
    file: Annotated[list[Path], typer.Argument(help="labelled JSON Lines (text + emotion/phase/intensity)")],
    as_json: Annotated[bool, typer.Option("--json", help="print the reports as JSON")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Per-class precision / recall / F1 and macro-F1 of the tagger on labelled data."""
    from models.data import DataError, read_jsonl
    from models.evaluation import evaluate, intensity_mae

    _setup_logging(verbose)
    try:
        corpus = read_jsonl(file)
    except DataError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    if not len(corpus):
        typer.echo("error: no labelled records", err=True)
        raise typer.Exit(2)
    tagger = _load_tagger(get_settings())
    results = tagger.predict(corpus.texts)
    reports = evaluate(corpus, results)
    mae = intensity_mae(corpus, results)
    if as_json:
        payload: dict[str, object] = {k: r.to_dict() for k, r in reports.items()}
        payload["intensity_mae"] = mae
        payload["model_version"] = tagger.model_version
        typer.echo(json.dumps(payload, indent=2))
        return
    typer.echo(f"model {tagger.model_version} on {len(corpus)} records")
    for r in reports.values():
        typer.echo(r.format() + "\n")
    if mae is not None:
        typer.echo(f"intensity MAE: {mae:.3f}")


@app.command("train")
def train_cli(
    config: Annotated[Path, typer.Option(help="training config (TOML)")] = Path("models/configs/tagger.toml"),
    out: Annotated[Path | None, typer.Option(help="output folder (default: the configured model_dir)")] = None,
    seed: Annotated[int | None, typer.Option(help="override the config's seed")] = None,
    max_examples: Annotated[int | None, typer.Option(help="train on a small sample (smoke run)")] = None,
    xed: Annotated[str | None, typer.Option(help="override aux.xed_path (optional XED Dutch TSV)")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Train the tagger heads on frozen encoder embeddings, reproducibly (seeded)."""
    from models.encoder import Encoder
    from models.training import TrainConfig, train_tagger

    _setup_logging(True)
    s = get_settings()
    cfg = TrainConfig.from_toml(config, seed=seed, max_examples=max_examples)
    if xed is not None:
        cfg.aux.xed_path = xed
    encoder = Encoder.load(**s.encoder_kwargs(), layers=cfg.encoder_layers)
    tagger = train_tagger(cfg, encoder, cache_dir=s.cache_dir.expanduser() / "embeddings")
    path = tagger.save_pretrained(out or s.model_dir)
    typer.echo(f"saved {tagger.model_version} to {path}")


@app.command("compare")
def compare_cli(
    config: Annotated[Path, typer.Option(help="base training config (TOML)")] = Path("models/configs/tagger.toml"),
    test: Annotated[list[Path], typer.Option(help="held-out test files")] = [Path("data/test")],  # noqa: B006
    xed: Annotated[Path | None, typer.Option(help="optional XED Dutch TSV for the +XED variant")] = None,
    opener: Annotated[Path | None, typer.Option(help="optional OpeNER hotel expressions.csv (valence proxy)")] = None,
    folds: Annotated[int, typer.Option(min=2, max=10)] = 5,
    layers: Annotated[int | None, typer.Option(help="override the config's encoder_layers")] = None,
    proxy: Annotated[list[Path], typer.Option(help="labelled out-of-domain files, scored coarse")] = [],  # noqa: B006
    finetune: Annotated[int, typer.Option(help="also fine-tune the encoder end to end for N epochs (slow)")] = 0,
    only: Annotated[list[str], typer.Option(help="run only variants whose name contains this")] = [],  # noqa: B006
) -> None:
    """Compare head types / features / extra data by k-fold CV on the training data (for the model card)."""
    from models.compare import DEFAULT_VARIANTS, compare, format_table
    from models.encoder import Encoder
    from models.encoder.encoder import resolve_checkpoint
    from models.training import TrainConfig

    _setup_logging(True)
    s = get_settings()
    cfg = TrainConfig.from_toml(config, encoder_layers=layers)
    encoder = Encoder.load(**s.encoder_kwargs(), layers=cfg.encoder_layers)
    cache = s.cache_dir.expanduser() / "embeddings"
    variants = [v for v in DEFAULT_VARIANTS if not only or any(o in v.name for o in only)]
    ckpt = resolve_checkpoint(s.encoder, s.cache_dir.expanduser()) if finetune else None
    rows = compare(cfg, encoder, test, cache, variants=variants, folds=folds, xed_path=xed, opener_path=opener,
                   proxy_paths=proxy, finetune_checkpoint=ckpt, finetune_epochs=finetune or 3)
    typer.echo(format_table(rows))


@app.command("summarize")
def summarize_cli(
    file: Annotated[str, typer.Argument(help="texts, one a line (or JSON Lines with 'text'); - for stdin")],
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Tag a file and print how the texts split over emotions, valence and journey phases."""
    from models.taxonomy import EMOTION_BY_ID, EMOTION_IDS, PHASE_BY_ID, PHASE_IDS, STDC_IDS, STDC_NL
    from pipelines.predict import tag_lines

    _setup_logging(verbose)
    src = _open_input(file)
    tagger = _load_tagger(get_settings())
    recs = list(tag_lines(src, tagger))  # type: ignore[arg-type]
    ok = [r for r in recs if "error" not in r]
    n = max(1, len(ok))
    emo, ph, st, val = (Counter(r[k] for r in ok) for k in ("emotion", "phase", "stdc", "valence_label"))
    typer.echo(f"{len(ok)} texts tagged, {len(recs) - len(ok)} unusable lines (model {tagger.model_version})\n")
    typer.echo(f"{'emotie':<36}{'n':>6}{'share':>8}")
    for e in EMOTION_IDS:
        typer.echo(f"{EMOTION_BY_ID[e].nl + ' (' + e + ')':<36}{emo[e]:>6}{emo[e] / n:>8.1%}")
    typer.echo(f"\n{'valence':<36}" + "  ".join(f"{k} {val[k] / n:.1%}" for k in ("negative", "neutral", "positive")))
    typer.echo(f"\n{'fase':<36}{'n':>6}{'share':>8}")
    for p in PHASE_IDS:
        typer.echo(f"{PHASE_BY_ID[p].nl + ' (' + p + ')':<36}{ph[p]:>6}{ph[p] / n:>8.1%}")
    typer.echo("\nSTDC: " + "  ".join(f"{STDC_NL[s]} {st[s] / n:.1%}" for s in STDC_IDS))
    neg = [r for r in ok if r["valence_label"] == "negative"]
    if neg:
        typer.echo("\nnegatiefste fasen: " + ", ".join(
            f"{PHASE_BY_ID[p].nl} ({c})" for p, c in Counter(r["phase"] for r in neg).most_common(3)
        ))


cli_pipeline.register(app)
cli_api.register(app)
cli_analytics.register(app)


def main() -> None:
    """The ``voc`` command. At exit, one collection frees what the command left behind (an engine held in a cycle:
    its connections close, SQLite folds its log back into the database file), then the rest is frozen out of the
    garbage collector: the interpreter's own last collections over SQLAlchemy's and Alembic's object graphs took
    0.2 s of every run, only to free memory that the operating system frees at once."""
    try:
        app()
    finally:
        gc.collect()
        gc.freeze()


if __name__ == "__main__":
    main()
