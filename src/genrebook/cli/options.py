"""What the sub-commands share: argument types, parameter values from ``-p`` and YAML, cluster specs.

Used in: :mod:`genrebook.cli`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from genrebook import runtime
from genrebook.scale import parse_cluster


def emit(text: str) -> None:
    """Write a command's result to standard output (logging carries progress and warnings)."""
    sys.stdout.write(text.rstrip("\n") + "\n")


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be an integer >= 1; got {value}")
    return number


def jobs(value: str) -> int:
    number = int(value)
    if number == 0 or number < -1:
        raise argparse.ArgumentTypeError(f"jobs must be -1 (all cores) or an integer >= 1; got {value}")
    return number


def parse_value(text: str):
    """Read a ``-p`` value as YAML (``7`` -> int, ``0.5`` -> float, ``true`` -> bool, else str)."""
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return text if value is None or isinstance(value, (list, dict)) else value


def read_yaml(path: Path):
    """Read a ``--params`` file; a malformed one is a clear error naming the file."""
    try:
        return yaml.safe_load(Path(path).read_text())
    except yaml.YAMLError as error:
        raise ValueError(f"{path} is not valid YAML: {error}") from error


def collect_overrides(args: argparse.Namespace) -> dict:
    """Merge ``--params FILE.yaml`` and ``-p NAME VALUE`` (the latter wins)."""
    overrides = {}
    if args.params:
        loaded = read_yaml(args.params) or {}
        if not isinstance(loaded, dict):
            raise ValueError(f"{args.params} must hold a mapping of parameter names to values; got {type(loaded).__name__}")
        overrides.update(loaded)
    overrides.update({name: parse_value(value) for name, value in args.parameter or []})
    return overrides


def check_cluster(spec: str | None) -> None:
    """Refuse a bad ``--cluster`` spec before any work (None: this machine)."""
    if spec is not None:
        parse_cluster(spec)


def hand_cluster(spec: str | None) -> None:
    """Check a ``--cluster`` spec and hand it to the chapter kernels through the environment."""
    check_cluster(spec)
    runtime.set_cluster(spec)


def collect_grid(args: argparse.Namespace) -> dict[str, list]:
    """Merge ``--params FILE.yaml`` (lists or single values) and ``-p NAME V1,V2,...`` (the latter wins)."""
    values: dict[str, list] = {}
    if args.params:
        loaded = read_yaml(args.params) or {}
        if not isinstance(loaded, dict):
            raise ValueError(f"{args.params} must hold a mapping of parameter names to lists of values")
        values.update({k: v if isinstance(v, list) else [v] for k, v in loaded.items()})
    for name, text in args.parameter or []:
        values[name] = [parse_value(part.strip()) for part in text.split(",")]
    return values

