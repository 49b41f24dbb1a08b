"""Results builders of the execution page: every chapter's run, parameters and time, and the machine.

Nothing here shows a path: the dataset is named, the run folder is left out.

Used in: 99_execution.
"""

from __future__ import annotations

import pandas as pd

from genrebook.book.formatting import ReaderTable, format_seconds
from genrebook.book.section import Section, builds
from genrebook.book.verdicts import join_words
from genrebook.config import find_project_root


def format_parameters(parameters: dict) -> str:
    """A run's parameters as one line, without the dataset (named in its own column) or the run folder.

    Examples
    --------
    >>> format_parameters({"dataset": "/x", "search": "quick", "seed": 0, "retrain": False, "run_dir": "/y"})
    'search quick, seed 0, retrain no'
    """
    shown = []
    for name, value in parameters.items():
        if name in ("dataset", "run_dir"):
            continue
        value = ("yes" if value else "no") if isinstance(value, bool) else value
        shown.append(f"{name} {value}")
    return ", ".join(shown) or "—"


def read_chapter_title(chapter: str) -> str:
    """A chapter's title as its page shows it (``'3. Classical models'``), from its source; else its name.

    Examples
    --------
    >>> read_chapter_title("03_classical_models"), read_chapter_title("00_intro"), read_chapter_title("77_none")
    ('3. Classical models', 'Predicting the genre of a song from its audio', '77_none')
    """
    source = find_project_root() / "chapters" / f"{chapter}.py"
    if not source.is_file():
        return chapter
    title = next((line[4:].strip() for line in source.read_text().splitlines() if line.startswith("# # ")), chapter)
    number = int(chapter[:2]) if chapter[:2].isdigit() else 0
    return f"{number}. {title}" if 0 < number < 99 else title


def name_dataset(name: str, synthetic: bool) -> str:
    """A run's dataset as the table names it, saying once that it is synthetic.

    Examples
    --------
    >>> name_dataset("tiny", True), name_dataset("genrebook-demo (synthetic)", True), name_dataset("fma", False)
    ('tiny (synthetic)', 'genrebook-demo (synthetic)', 'fma')
    """
    return name + (" (synthetic)" if synthetic and "synthetic" not in name.lower() else "")


def describe_explained(chapters: list[str]) -> str:
    """Say which chapters were explained rather than run (their dataset lacked what they need).

    Examples
    --------
    >>> describe_explained([])
    'Every chapter ran.'
    >>> describe_explained(["05_cnn"])
    'One chapter was explained rather than run, because this dataset lacks what it needs: 5. Convolutional networks. Its page says what it needs and how to get it.'
    """
    if not chapters:
        return "Every chapter ran."
    titles = join_words([read_chapter_title(c) for c in chapters])
    if len(chapters) == 1:
        return (f"One chapter was explained rather than run, because this dataset lacks what it needs: {titles}. "
                "Its page says what it needs and how to get it.")
    return (f"{len(chapters)} chapters were explained rather than run, because this dataset lacks what they need: "
            f"{titles}. Each page says what its chapter needs and how to get it.")


@builds("total_seconds", "total_text", "n_chapters", "n_explained", "explained_note", "dataset_name", "version",
        "commit", "python", "cores", "gpu", tables=("runs", "packages"))
def summarize_execution(runs: dict[str, dict], *, dataset_name: str, version: str) -> Section:
    """One row per chapter run (or explained), the build's software versions, and the machine it ran on."""
    records = [(chapter, record) for chapter, record in sorted(runs.items()) if chapter != "99_execution"]
    explained = [chapter for chapter, record in records if record.get("explained")]
    frame = pd.DataFrame({
        "chapter": [read_chapter_title(c) for c, _ in records],
        "dataset": [name_dataset(r["dataset_name"], r["synthetic"]) for _, r in records],
        "outcome": ["explained, not run" if r.get("explained") else "ran" for _, r in records],
        "run time": [format_seconds(r["seconds"]) for _, r in records],
        "finished": [r["finished"] for _, r in records],
        "parameters": [format_parameters(r["parameters"]) for _, r in records],
    })
    runs_table = ReaderTable(frame, caption="Every chapter of this build: its dataset, run time and parameters",
                             align=("left", "left", "left", "right", "left", "left"),
                             links=())
    environment = next((r.get("environment") for _, r in reversed(records) if r.get("environment")), {}) or {}
    packages = environment.get("packages", {})
    package_table = ReaderTable(pd.DataFrame({"package": list(packages), "version": list(packages.values())}),
                                caption="Key packages of the last chapter run", align=("left", "left"))
    total = round(sum(float(r["seconds"]) for _, r in records), 1)
    return Section(numbers={
        "total_seconds": total, "total_text": format_seconds(total), "n_chapters": len(records),
        "n_explained": len(explained), "explained_note": describe_explained(explained),
        "dataset_name": dataset_name, "version": version, "commit": environment.get("commit", "unknown"),
        "python": environment.get("python", "unknown"), "cores": int(environment.get("cores", 0)),
        "gpu": "a GPU" if environment.get("gpu") else "no GPU",
    }, tables={"runs": runs_table, "packages": package_table})



