"""`helpline nlu`: one JSON object per input line with what the language layer understood.

This output is the interface evaluations use: keep its keys and their meaning stable.
"""

import io
import os
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Annotated, BinaryIO, TextIO

import typer

if TYPE_CHECKING:
    from helpline.app.language import Language

# Bytes read from stdin at a time: about a thousand typical lines per batch.
_READ_SIZE = 1 << 16


def _decode(raw: bytes) -> str:
    # Bad UTF-8 becomes U+FFFD instead of an error; Windows line ends lose their \r.
    return raw.rstrip(b"\r").decode("utf-8", errors="replace")


def _batches(stream: BinaryIO) -> Iterator[list[str]]:
    """Lines of a byte stream, in batches of whatever has arrived.

    A file or a fast pipe gives big batches (the classifier then runs once per batch); a
    program writing one line and waiting for the answer gets it at once.
    """
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, io.UnsupportedOperation):
        for raw in stream:  # in-memory streams (tests): one batch per line is fine
            yield [_decode(raw.rstrip(b"\n"))]
        return
    pending = b""
    while chunk := os.read(fd, _READ_SIZE):
        lines = (pending + chunk).split(b"\n")
        pending = lines.pop()
        if lines:
            yield [_decode(line) for line in lines]
    if pending:
        yield [_decode(pending)]


def _clean(text: str) -> str:
    # Arguments can carry lone surrogates (undecodable bytes); JSON output must stay UTF-8.
    return text.encode("utf-8", errors="replace").decode("utf-8")


def run(
    language: "Language", batches: Iterable[list[str]], plan_names: tuple[str, ...], out: TextIO
) -> int:
    """Understand each batch of texts and write their JSON lines to `out`; returns the count."""
    count = 0
    for batch in batches:
        understood = language.understand_many([_clean(t) for t in batch], plan_names=plan_names)
        out.write("".join(u.model_dump_json() + "\n" for u in understood))
        out.flush()
        count += len(understood)
    return count


def nlu(
    texts: Annotated[
        list[str] | None, typer.Argument(help="Utterances; read one per line from stdin if none.")
    ] = None,
    plan: Annotated[
        list[str] | None,
        typer.Option("--plan", help="A plan name to recognise (repeat for several)."),
    ] = None,
) -> None:
    """Print what each utterance means, one JSON object per line."""
    from helpline.cli.application import open_app

    plan_names = tuple(plan or ())
    batches: Iterable[list[str]] = [texts] if texts else _batches(sys.stdin.buffer)
    language = open_app().language
    language.ready()  # the model loads before the first line is read, not while it waits
    run(language, batches, plan_names, sys.stdout)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `helpline` app."""
    app.command("nlu")(nlu)
