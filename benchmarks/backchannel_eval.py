"""Backchannels and interruptions: the interruption judge on the labelled barge-in set, each clip
played as a live call plays it (voice activity, Whisper partials every 300 ms, the judge after
every 30 ms frame). Prints the share of backchannels taken as interruptions, the share of
interruptions missed, the confusions, errors by kind of audio and how soon the judge decided.

Usage: nice .venv/bin/python benchmarks/backchannel_eval.py [--half held_out|tune|all]
       [--errors] [--turn-prompt] [--no-spotting] [--no-partials]
Default: the held-out half (lines never looked at while the thresholds and word lists were set).
--turn-prompt: partials decoded with Whisper's ordinary turn prompt instead of the barge-in one.
--no-spotting: the judge without keyword spotting (the words and the length alone).
--no-partials: only the whole utterance is read, as the live call does over a reply.
Audio comes from tests/voice/barge_in_set.py's cache (made with espeak-ng, Piper and sox on
first use).
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "voice"))

from barge_in_eval import by_channel, recogniser, report, timed
from barge_in_set import clips

from helpline.config import get_settings
from helpline.engine.interruption import BARGE_IN_PROMPT
from helpline.providers.stt.whisper import INITIAL_PROMPT


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--half", choices=("held_out", "tune", "all"), default="held_out")
    parser.add_argument("--errors", action="store_true", help="list every wrong verdict")
    parser.add_argument("--turn-prompt", action="store_true", help="Whisper's turn prompt")
    parser.add_argument("--no-spotting", action="store_true", help="no keyword spotting")
    parser.add_argument("--no-partials", action="store_true", help="whole utterances only")
    args = parser.parse_args()
    stt = recogniser(get_settings(), prompt=INITIAL_PROMPT if args.turn_prompt else BARGE_IN_PROMPT)
    pairs = clips(None if args.half == "all" else args.half)
    outcomes, seconds = timed(
        pairs, stt, spotting=not args.no_spotting, partials=not args.no_partials
    )
    prompt = "turn" if args.turn_prompt else "barge-in"
    spotting = "off" if args.no_spotting else "on"
    partials = "off" if args.no_partials else "on"
    print(
        f"half: {args.half}, {len(pairs)} clips, prompt: {prompt}, keyword spotting: {spotting}, "
        f"partials: {partials}"
    )
    print(report(outcomes, errors=args.errors))
    print("by kind of audio:")
    print(by_channel(outcomes))
    calls = sum(o.whisper_calls for o in outcomes)
    print(f"{calls} Whisper passes in {seconds:.0f} s ({seconds / max(calls, 1):.2f} s each)")


if __name__ == "__main__":
    main()
