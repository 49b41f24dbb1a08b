"""Clips a reader can play beside the text: one per genre, or the predictions a chapter discusses.

Each clip is embedded once, as an MP3 inside the page (no server needed), in a reader table
with its genre, title, artist and licence. Pages embed only the few clips they discuss.

Used in: 01_data, 03_classical_models, 05_cnn.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from genrebook.book.formatting import MISSING, format_text

#: Largest clip embedded (bytes): a 30-s FMA clip is ~0.5 MB; longer files are not embedded.
MAX_CLIP_BYTES = 2_000_000


@dataclass(frozen=True)
class ListeningTable:
    """Clips with players, ready to display (``_repr_html_``).

    Attributes
    ----------
    rows : pd.DataFrame
        One row per clip: the columns shown, plus ``audio`` (a path).
    caption : str
    """

    rows: pd.DataFrame
    caption: str = ""

    def to_html(self) -> str:
        """The table, each clip in an ``<audio>`` player (MP3 embedded as a data URL); nothing without clips
        (the prose says why there is none)."""
        if self.rows.empty:
            return ""
        shown = [c for c in self.rows.columns if c != "audio"]
        head = "".join(f"<th>{html.escape(c)}</th>" for c in shown) + "<th>listen</th>"
        body = "".join(
            "<tr>" + "".join(f'<td class="text-left">{html.escape(format_text(row[c]))}</td>' for c in shown)
            + f"<td>{make_player(row['audio'])}</td></tr>"
            for _, row in self.rows.iterrows()
        )
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return (f'<div class="reader-table-box"><table class="reader-table">{caption}<thead><tr>{head}</tr>'
                f"</thead><tbody>{body}</tbody></table></div>")

    def _repr_html_(self) -> str:
        return self.to_html()

    def __len__(self) -> int:
        return len(self.rows)


#: Audio formats browsers play, by file extension.
PLAYABLE = {".mp3": "audio/mpeg", ".wav": "audio/wav", ".ogg": "audio/ogg", ".flac": "audio/flac"}


def make_player(path) -> str:
    """An ``<audio>`` element holding the file (MP3 or WAV), or a dash when it cannot be embedded."""
    if path is None or (isinstance(path, float) and pd.isna(path)):
        return MISSING
    path = Path(path)
    if not path.is_file() or path.stat().st_size > MAX_CLIP_BYTES:
        return MISSING
    kind = PLAYABLE.get(path.suffix.lower())
    if kind is None:  # a format browsers do not play (Sun .au)
        return MISSING
    data = base64.b64encode(path.read_bytes()).decode()
    return f'<audio controls preload="none" src="data:{kind};base64,{data}"></audio>'


def make_listening_table(dataset, track_ids, *, extra: pd.DataFrame | None = None, caption: str = ""
                         ) -> ListeningTable:
    """Clips of a dataset to play: genre, title, artist, licence (FMA's, where known), and player.

    Parameters
    ----------
    dataset : genrebook.fma.dataset.Dataset
    track_ids : list of int
        Tracks to show, in order; those without audio are left out.
    extra : pd.DataFrame, optional
        More columns, indexed by track id (e.g. the predicted genre), shown after the artist.
    caption : str

    Returns
    -------
    ListeningTable
    """
    tracks = dataset.tracks.loc[[t for t in track_ids if t in dataset.tracks.index]]
    tracks = tracks[tracks["audio"].notna()]
    licence = _read_licences(dataset, tracks.index)
    rows = pd.DataFrame({"genre": tracks["genre"], "title": tracks["title"], "artist": tracks["artist"]},
                        index=tracks.index)
    if extra is not None:
        rows = rows.join(extra)
    rows["licence"] = licence
    rows["audio"] = tracks["audio"]
    return ListeningTable(rows.reset_index(drop=True), caption=caption)


def _read_licences(dataset, track_ids) -> pd.Series:
    """FMA's licence title per track: tracks.csv's column, else the clip's own tag (FMA's MP3s carry it)."""
    columns = getattr(dataset, "fma_tracks", pd.DataFrame()).columns
    if dataset.synthetic:
        return pd.Series("synthetic, made by genrebook", index=track_ids)
    if ("track", "license") in columns:
        return dataset.fma_tracks.loc[track_ids, ("track", "license")].astype("object")
    return pd.Series([read_clip_licence(p) for p in dataset.tracks.loc[track_ids, "audio"]], index=track_ids,
                     dtype="object")


#: A Creative Commons licence URL inside an MP3's tags.
_CC_URL = re.compile(rb"creativecommons\.org/(?:licenses/([a-z-]+)/([0-9.]+)|publicdomain/(zero|mark)/([0-9.]+))")


def read_clip_licence(path) -> str:
    """The Creative Commons licence named in an audio file's tags (FMA writes it there), or ``'—'``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile(suffix=".mp3") as f:
    ...     _ = f.write(b"ID3...TCOP Attribution: http://creativecommons.org/licenses/by-nc-sa/3.0/"); f.flush()
    ...     read_clip_licence(f.name)
    'CC BY-NC-SA 3.0'
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(1 << 16)
    except (OSError, TypeError):
        return MISSING
    match = _CC_URL.search(head)
    if match is None:
        return MISSING
    if match.group(1):
        return f"CC {match.group(1).decode().upper()} {match.group(2).decode()}"
    return f"public domain (CC0 {match.group(4).decode()})" if match.group(3) == b"zero" else "public domain mark"
