"""SHA-256 checks of the speech models that arrive as PyPI packages, before anything loads them.

The expected digests ship in model_digests.json (one entry per model, file name -> digest). A
file is hashed once; its size, mtime and verified digest are remembered in a small JSON memo, so
later starts re-hash only a file that has changed since (a 140 MB model takes about half a
second to hash, longer than the rest of a start).
"""

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from helpline.errors import ProviderUnavailable

log = logging.getLogger(__name__)

_CHUNK = 1 << 20


@cache
def expected_digests(model: str) -> Mapping[str, str]:
    """File name -> SHA-256 (hex) for a packaged model named in model_digests.json."""
    table = json.loads(
        resources.files("helpline.providers").joinpath("model_digests.json").read_text("utf-8")
    )
    return dict(table[model])


def sha256_file(path: Path) -> str:
    """SHA-256 (hex) of a file's bytes, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as src:
        while chunk := src.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def verify_files(
    folder: Path, expected: Mapping[str, str], *, what: str, memo: Path | None, fix: str
) -> None:
    """Check each file named in `expected` inside `folder`; ProviderUnavailable names the first
    file that is missing or differs, and `fix` says what to do about it.

    `memo` (a JSON file; None: no memo) remembers verified digests by size and mtime.
    """
    known = _read_memo(memo)
    changed = False
    for name, digest in expected.items():
        path = folder / name
        try:
            stat = path.stat()
        except OSError:
            raise ProviderUnavailable(f"{what}: {path} is missing; {fix}") from None
        stamp = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": digest}
        if known.get(name) == stamp:
            continue
        actual = sha256_file(path)
        if actual != digest:
            raise ProviderUnavailable(
                f"{what}: {path} does not match its SHA-256 (expected {digest[:16]}..., "
                f"found {actual[:16]}...): the file is damaged or was changed; {fix}"
            )
        known[name] = stamp
        changed = True
    if changed and memo is not None:
        _write_memo(memo, known)


def _read_memo(memo: Path | None) -> dict[str, Any]:
    if memo is None:
        return {}
    try:
        value = json.loads(memo.read_text("utf-8"))
    except (OSError, ValueError):
        return {}  # no memo yet, or a broken one: every file is hashed again
    return value if isinstance(value, dict) else {}


def _write_memo(memo: Path, known: Mapping[str, Any]) -> None:
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{memo.name}.", dir=memo.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(known, out, indent=1, sort_keys=True)
        os.replace(temporary, memo)
    except OSError as exc:
        # Only the memo is lost: the files were verified, the next start hashes them again.
        log.warning("cannot remember verified model digests in %s: %s", memo, exc)
