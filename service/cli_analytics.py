"""``voc train-causes / evaluate-causes / evaluate-moves``: thin wrappers over models.causes and models.agent_moves.

Registered in service/cli.py with ``cli_analytics.register(app)``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from service.settings import get_settings


def causes_train_cli(
    out: Annotated[Path | None, typer.Option(help="output folder (default: the configured model_dir)")] = None,
    seed: Annotated[int, typer.Option(help="training seed")] = 13,
    train: Annotated[list[Path], typer.Option(help="labelled cause files")] = [Path("data/causes/train.jsonl")],  # noqa: B006
    lexical_weight: Annotated[float, typer.Option(min=0.0, max=1.0, help="share of the TF-IDF head")] = 0.5,
    max_examples: Annotated[int, typer.Option(help="train on a small sample (smoke run)")] = 0,
    cv: Annotated[bool, typer.Option("--cv", help="print 5-fold CV macro-F1 per blend weight first")] = False,
) -> None:
    """Train the cause classifier (frozen encoder + MLP and TF-IDF heads), reproducibly (seeded)."""
    import logging

    from models.causes import CauseTrainConfig, cross_validate, train_causes
    from models.encoder import Encoder

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    s = get_settings()
    cfg = CauseTrainConfig(seed=seed, train=tuple(map(str, train)), lexical_weight=lexical_weight,
                           max_examples=max_examples)
    encoder = Encoder.load(**s.encoder_kwargs(), layers=cfg.encoder_layers)
    cache = s.cache_dir.expanduser() / "embeddings"
    if cv:
        typer.echo(f"5-fold CV macro-F1 by lexical weight: {cross_validate(cfg, encoder, cache_dir=cache)}")
    clf = train_causes(cfg, encoder, cache_dir=cache)
    path = clf.save_pretrained(out or s.model_dir)
    typer.echo(f"saved {clf.model_version} to {path}")


def causes_evaluate_cli(
    files: Annotated[list[Path], typer.Argument(help="labelled cause files (JSON Lines: text, cause)")],
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
) -> None:
    """Per-cause precision / recall / F1, macro-F1 and the key-phrase hit rate of the committed classifier."""
    from models.causes import CauseClassifier, evaluate_causes, key_term_hit_rate, read_causes

    s = get_settings()
    clf = CauseClassifier.from_pretrained(s.model_dir, **s.encoder_kwargs())
    examples = read_causes(files)
    report = evaluate_causes(clf, examples)
    hit = key_term_hit_rate(clf, examples)
    if as_json:
        typer.echo(json.dumps({**report.to_dict(), "model_version": clf.model_version,
                               "key_term_hit_rate": round(hit, 4)}, indent=2))
        return
    typer.echo(f"model {clf.model_version} on {len(examples)} records\n{report.format()}")
    typer.echo(f"key-phrase hit rate (a key term among the top-3 phrases): {hit:.3f}")


def moves_evaluate_cli(
    files: Annotated[list[Path], typer.Argument(help="labelled agent turns (JSON Lines: text, moves)")],
    as_json: Annotated[bool, typer.Option("--json", help="print the scores as JSON")] = False,
) -> None:
    """Precision / recall per agent move of the rules in models/agent_moves.py."""
    from models.agent_moves import evaluate, format_scores, read_moves

    examples = [e for f in files for e in read_moves(f)]
    scores = evaluate(examples)
    if as_json:
        typer.echo(json.dumps({k: v.as_dict() for k, v in scores.items()}, indent=2))
    else:
        typer.echo(f"{len(examples)} agent turns\n{format_scores(scores)}")


def register(app: typer.Typer) -> None:
    app.command("train-causes")(causes_train_cli)
    app.command("evaluate-causes")(causes_evaluate_cli)
    app.command("evaluate-moves")(moves_evaluate_cli)
