"""Tests for genrebook.fma.download, against a local HTTP server (127.0.0.1 only) serving tiny archives."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import stat
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from genrebook.fma import transfer, unpack
from genrebook.fma.download import ARCHIVES, FMA_URL, Archive, download_fma
from genrebook.fma.transfer import ChecksumError, DownloadError, download_archive, verify_archive
from genrebook.fma.unpack import UnsafeArchiveError, extract_archive

METADATA_MEMBERS = {
    "fma_metadata/tracks.csv": b",album\n,id\ntrack_id,\n2,1\n",
    "fma_metadata/genres.csv": b"genre_id,#tracks,parent,title,top_level\n21,1,0,Hip-Hop,21\n",
    "fma_metadata/features.csv": b"feature,mfcc\nstatistics,mean\nnumber,01\ntrack_id,\n2,0.5\n",
    "fma_metadata/echonest.csv": b",echonest\n,audio_features\n,acousticness\ntrack_id,\n2,0.4\n",
    "fma_metadata/raw_tracks.csv": b"track_id,track_title\n2,Food\n",
    "fma_metadata/README.txt": b"metadata readme\n",
}
AUDIO_MEMBERS = {
    "fma_small/000/000002.mp3": bytes(range(256)) * 40,
    "fma_small/000/000005.mp3": bytes(reversed(range(256))) * 40,
    "fma_small/checksums": b"abc  000/000002.mp3\ndef  000/000005.mp3\n",
    "fma_small/README.txt": b"small readme\n",
}


def write_zip(path: Path, members: dict[str, bytes], links: dict[str, str] | None = None) -> Path:
    """Write a zip holding ``members`` (name -> bytes) and symbolic ``links`` (name -> link target)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for name, link_target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, link_target)
    return path


def sha1_of(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


class Server:
    """A threaded HTTP server over a folder, honouring ``Range: bytes=N-`` and logging every request."""

    def __init__(self, root: Path):
        self.root = root
        self.requests: list[tuple[str, str | None]] = []  # (path, Range header)
        self.truncate_next: set[str] = set()  # paths whose next response stops halfway
        self.ignore_range = False
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):
                name = self.path.lstrip("/")
                server.requests.append((name, self.headers.get("Range")))
                file = server.root / name
                if not file.is_file():
                    self.send_error(404)
                    return
                data = file.read_bytes()
                start, status = 0, 200
                match = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range") or "")
                if match and not server.ignore_range:
                    start, status = int(match.group(1)), 206
                    if start >= len(data):
                        self.send_response(416)
                        self.send_header("Content-Range", f"bytes */{len(data)}")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                body = data[start:]
                self.send_response(status)
                if status == 206:
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if name in server.truncate_next:
                    server.truncate_next.discard(name)
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.01,), daemon=True)

    def names(self) -> list[str]:
        return [name for name, _ in self.requests]


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "server"
    root.mkdir()
    srv = Server(root)
    srv.thread.start()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


@pytest.fixture
def archives(server) -> dict[str, Archive]:
    """Build good archives on the server; return a table of their names and sha1."""
    metadata = write_zip(server.root / "fma_metadata.zip", METADATA_MEMBERS)
    small = write_zip(server.root / "fma_small.zip", AUDIO_MEMBERS)
    return {"metadata": Archive(metadata.name, sha1_of(metadata)),
            "small": Archive(small.name, sha1_of(small))}


@pytest.fixture(autouse=True)
def fast_small_reads(monkeypatch):
    """No wait between attempts; 64-byte reads so that half a tiny archive survives a dropped connection."""
    monkeypatch.setattr(transfer, "RETRY_DELAY", 0.0)
    monkeypatch.setattr(transfer, "CHUNK_SIZE", 64)


def leftovers(data_dir: Path) -> list[str]:
    """Hidden temporary folders or partial files left in the data home."""
    found = [p for p in data_dir.rglob("*") if p.name.startswith(".") or p.suffix == ".part"]
    return sorted(str(p.relative_to(data_dir)) for p in found)


def test_archives_table_holds_published_hashes():
    assert FMA_URL == "https://os.unil.cloud.switch.ch/fma/"
    assert set(ARCHIVES) == {"metadata", "small", "medium", "large", "full"}
    assert ARCHIVES["metadata"] == ("fma_metadata.zip", "f0df49ffe5f2a6008d7dc83c6915b31835dfe733")
    assert ARCHIVES["small"] == ("fma_small.zip", "ade154f733639d52e35e32f5593efe5be76c6d70")
    for name, (filename, sha1) in ARCHIVES.items():
        assert filename == f"fma_{name}.zip" and re.fullmatch(r"[0-9a-f]{40}", sha1)
    assert ARCHIVES["full"].sha1 == "0f0ace23fbe9ba30ecb7e95f763e435ea802b8ab"


def test_download_fma_builds_ready_folder_then_skips_network(tmp_path, server, archives):
    data_dir = tmp_path / "data"
    folder = download_fma("small", data_dir, base_url=server.url, progress=False, archives=archives)

    assert folder == data_dir / "fma_small"
    for name in ("tracks.csv", "genres.csv", "features.csv", "echonest.csv"):
        assert (folder / name).read_bytes() == METADATA_MEMBERS[f"fma_metadata/{name}"]
    assert (folder / "metadata" / "raw_tracks.csv").is_file()
    assert (folder / "metadata" / "README.txt").is_file()
    for member, data in AUDIO_MEMBERS.items():
        assert (folder / "audio" / member.removeprefix("fma_small/")).read_bytes() == data
    assert json.loads((folder / "dataset.json").read_text()) == {
        "name": "fma_small", "subset": "small", "synthetic": False, "source": server.url}
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["audio", "metadata", "dataset.json", "tracks.csv", "genres.csv", "features.csv", "echonest.csv"])
    assert sorted(p.name for p in (data_dir / "downloads").iterdir()) == ["fma_metadata.zip", "fma_small.zip"]
    assert sorted(p.name for p in data_dir.iterdir()) == ["downloads", "fma_small"]
    assert server.names() == ["fma_metadata.zip", "fma_small.zip"]

    # Complete folder: no request at all, even with an unreachable URL.
    assert download_fma("small", data_dir, base_url="http://127.0.0.1:9/", progress=False,
                        archives=archives) == folder
    assert len(server.requests) == 2


def test_rerun_reuses_good_zips_and_replaces_bad_ones(tmp_path, server, archives):
    data_dir = tmp_path / "data"
    folder = download_fma("small", data_dir, base_url=server.url, progress=False, archives=archives)
    shutil.rmtree(folder)
    (data_dir / "downloads" / "fma_metadata.zip").write_bytes(b"not the archive")

    download_fma("small", data_dir, base_url=server.url, progress=False, archives=archives)
    assert (folder / "dataset.json").is_file()
    assert server.names() == ["fma_metadata.zip", "fma_small.zip", "fma_metadata.zip"]


def test_base_url_and_data_home_come_from_environment(tmp_path, server, archives, monkeypatch):
    monkeypatch.setenv("GENREBOOK_FMA_URL", server.url.rstrip("/"))
    monkeypatch.setenv("GENREBOOK_DATA", str(tmp_path / "env-data"))
    folder = download_fma(progress=False, archives=archives)
    assert folder == tmp_path / "env-data" / "fma_small"
    assert json.loads((folder / "dataset.json").read_text())["source"] == server.url


def test_corrupted_archive_raises_and_leaves_nothing(tmp_path, server, archives):
    served = server.root / "fma_small.zip"
    data = bytearray(served.read_bytes())
    data[len(data) // 2] ^= 0xFF
    served.write_bytes(bytes(data))
    data_dir = tmp_path / "data"

    with pytest.raises(ChecksumError) as excinfo:
        download_fma("small", data_dir, base_url=server.url, progress=False, archives=archives)
    message = str(excinfo.value)
    assert "fma_small.zip" in message
    assert archives["small"].sha1 in message
    assert hashlib.sha1(bytes(data)).hexdigest() in message
    assert isinstance(excinfo.value, ValueError)
    assert not (data_dir / "fma_small").exists()
    assert sorted(p.name for p in (data_dir / "downloads").iterdir()) == ["fma_metadata.zip"]
    assert sorted(p.name for p in data_dir.iterdir()) == ["downloads"]


def test_verify_archive_deletes_bad_file(tmp_path):
    path = tmp_path / "x.zip"
    path.write_bytes(b"hello")
    assert verify_archive(path, hashlib.sha1(b"hello").hexdigest()) == path
    with pytest.raises(ChecksumError, match="x.zip: sha1 mismatch, expected 0{40}, got "):
        verify_archive(path, "0" * 40)
    assert not path.exists()


@pytest.mark.parametrize("kind", ["dotdot", "nested-dotdot", "absolute", "symlink"])
def test_unsafe_archive_is_refused(tmp_path, server, archives, kind):
    outside = tmp_path / "evil.txt"
    members = dict(AUDIO_MEMBERS)  # good members first: none of them may be written either
    links = {}
    if kind == "dotdot":
        members["../evil.txt"] = b"evil"
    elif kind == "nested-dotdot":
        members["fma_small/../../../evil.txt"] = b"evil"
    elif kind == "absolute":
        members[str(outside)] = b"evil"
    else:
        links["fma_small/link"] = str(outside)
    bad = write_zip(server.root / "fma_small.zip", members, links)
    with zipfile.ZipFile(bad) as archive:  # zipfile stored the names as given
        assert set(archive.namelist()) == set(members) | set(links)
    table = dict(archives, small=Archive(bad.name, sha1_of(bad)))
    data_dir = tmp_path / "data"

    with pytest.raises(UnsafeArchiveError, match=r"refusing to extract fma_small\.zip: member .* is unsafe"):
        download_fma("small", data_dir, base_url=server.url, progress=False, archives=table)
    assert not outside.exists()
    assert not (tmp_path / "data" / "evil.txt").exists()
    assert sorted(p.name for p in data_dir.iterdir()) == ["downloads"]
    assert leftovers(data_dir) == []

    dest = tmp_path / "direct"
    with pytest.raises(UnsafeArchiveError):
        extract_archive(bad, dest)
    assert not dest.exists()
    assert not outside.exists()


def test_resume_from_seeded_part_file(tmp_path, server, archives):
    data_dir = tmp_path / "data"
    full = (server.root / "fma_small.zip").read_bytes()
    half = len(full) // 2
    (data_dir / "downloads").mkdir(parents=True)
    (data_dir / "downloads" / "fma_small.zip.part").write_bytes(full[:half])

    folder = download_fma("small", data_dir, base_url=server.url, progress=False, archives=archives)
    assert ("fma_small.zip", f"bytes={half}-") in server.requests
    assert (data_dir / "downloads" / "fma_small.zip").read_bytes() == full
    assert (folder / "dataset.json").is_file()
    assert leftovers(data_dir) == []


def test_interrupted_transfer_resumes_on_next_call(tmp_path, server, archives):
    full = (server.root / "fma_small.zip").read_bytes()
    dest = tmp_path / "dl" / "fma_small.zip"
    server.truncate_next.add("fma_small.zip")

    with pytest.raises(DownloadError, match=r"after 1 attempts .*bytes kept in .*fma_small\.zip\.part, the next run resumes"):
        download_archive(server.url + "fma_small.zip", dest, progress=False, attempts=1)
    part = dest.with_name("fma_small.zip.part")
    assert not dest.exists()
    kept = part.stat().st_size  # whole 64-byte chunks of the first half
    assert len(full) // 2 - 64 < kept <= len(full) // 2

    download_archive(server.url + "fma_small.zip", dest, progress=False, attempts=1)
    assert server.requests[-1] == ("fma_small.zip", f"bytes={kept}-")
    assert dest.read_bytes() == full
    assert not part.exists()
    verify_archive(dest, archives["small"].sha1)


def test_download_fma_retries_after_dropped_connection(tmp_path, server, archives):
    server.truncate_next.add("fma_small.zip")
    data_dir = tmp_path / "data"
    download_fma("small", data_dir, base_url=server.url, progress=True, archives=archives)
    (first, first_range), (second, second_range) = server.requests[-2:]
    assert (first, first_range, second) == ("fma_small.zip", None, "fma_small.zip")
    assert re.fullmatch(r"bytes=[1-9]\d*-", second_range)
    assert (data_dir / "fma_small" / "dataset.json").is_file()


def test_server_ignoring_range_restarts_cleanly(tmp_path, server):
    full = (write_zip(server.root / "a.zip", AUDIO_MEMBERS)).read_bytes()
    dest = tmp_path / "a.zip"
    stale = b"stale bytes that must not stay in front"
    dest.with_name("a.zip.part").write_bytes(stale)
    server.ignore_range = True
    download_archive(server.url + "a.zip", dest, progress=False)
    assert server.requests == [("a.zip", f"bytes={len(stale)}-")]
    assert dest.read_bytes() == full


def test_complete_part_file_answered_416_is_kept(tmp_path, server):
    full = (write_zip(server.root / "a.zip", AUDIO_MEMBERS)).read_bytes()
    dest = tmp_path / "a.zip"
    dest.with_name("a.zip.part").write_bytes(full)
    download_archive(server.url + "a.zip", dest, progress=False)
    assert server.requests == [("a.zip", f"bytes={len(full)}-")]
    assert dest.read_bytes() == full


def test_oversized_part_file_is_downloaded_again(tmp_path, server):
    full = (write_zip(server.root / "a.zip", AUDIO_MEMBERS)).read_bytes()
    dest = tmp_path / "a.zip"
    dest.with_name("a.zip.part").write_bytes(full + b"junk")
    download_archive(server.url + "a.zip", dest, progress=False)
    assert server.requests == [("a.zip", f"bytes={len(full) + 4}-"), ("a.zip", None)]
    assert dest.read_bytes() == full


def test_missing_archive_raises_http_error(tmp_path, server):
    with pytest.raises(requests.HTTPError, match="404"):
        download_archive(server.url + "nope.zip", tmp_path / "nope.zip", progress=False)
    assert list(tmp_path.iterdir()) == [server.root]


@pytest.mark.parametrize("subset", ["tiny", "SMALL", "metadata", ""])
def test_unknown_subset_lists_allowed_ones(tmp_path, subset):
    with pytest.raises(ValueError) as excinfo:
        download_fma(subset, tmp_path, base_url="http://127.0.0.1:9/", progress=False)
    assert str(excinfo.value) == f"subset must be one of 'small', 'medium', 'large', 'full'; got {subset!r}"
    assert list(tmp_path.iterdir()) == []


def test_bad_base_url_and_incomplete_folder_are_refused(tmp_path, archives):
    with pytest.raises(ValueError, match="base_url must start with 'http://' or 'https://'; got 'ftp://x/'"):
        download_fma("small", tmp_path, base_url="ftp://x/", progress=False, archives=archives)
    (tmp_path / "fma_small").mkdir()
    with pytest.raises(FileExistsError, match="holds no dataset.json"):
        download_fma("small", tmp_path, base_url="http://127.0.0.1:9/", progress=False, archives=archives)


def test_interruption_while_unpacking_leaves_no_folder(tmp_path, server, archives, monkeypatch):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(unpack, "write_dataset_json", interrupt)
    data_dir = tmp_path / "data"
    with pytest.raises(KeyboardInterrupt):
        download_fma("small", data_dir, base_url=server.url, progress=False, archives=archives)
    assert sorted(p.name for p in data_dir.iterdir()) == ["downloads"]
    assert leftovers(data_dir) == []


def test_metadata_archive_without_tracks_csv_is_refused(tmp_path, server, archives):
    members = {k: v for k, v in METADATA_MEMBERS.items() if not k.endswith("tracks.csv")}
    bad = write_zip(server.root / "fma_metadata.zip", members)
    table = dict(archives, metadata=Archive(bad.name, sha1_of(bad)))
    data_dir = tmp_path / "data"
    with pytest.raises(ValueError, match=r"fma_metadata\.zip lacks fma_metadata/tracks\.csv"):
        download_fma("small", data_dir, base_url=server.url, progress=False, archives=table)
    assert sorted(p.name for p in data_dir.iterdir()) == ["downloads"]
    assert leftovers(data_dir) == []
