"""Backchannels and interruptions: the interruption judge on the labelled barge-in set, each clip
played as a live call plays it (voice activity, Whisper partials every 300 ms, the judge after
every 30 ms frame). Prints the share of backchannels taken as interruptions, the share of
interruptions missed, the confusions, errors by kind of audio and how soon the judge decided.

Usage: nice .venv/bin/python benchmarks/backchannel_eval.py
       [--half held_out|tune|fresh|blind|sealed|all]
       [--errors] [--turn-prompt] [--no-spotting] [--no-partials]
       [--record PATH | --replay PATH [--match-again]] [--verdicts PATH]
Default: the held-out half (lines never looked at while the thresholds and word lists were set);
fresh: lines written after both halves had been looked at; blind: lines written after all three
had; sealed: lines written after all four had (tests/data/speech/barge_in.yaml).
--turn-prompt: partials decoded with Whisper's ordinary turn prompt instead of the barge-in one.
--no-spotting: the judge without keyword spotting (the words and the length alone).
--no-partials: only the whole utterance is read, as the live call does over a reply.
--record PATH: read every clip once (every partial, unless --no-partials, and the final reading
  with every phrase spotted) into a JSON recording (added to PATH if it exists), then judge
  from it. --replay PATH: judge from a recording, in seconds (tests/voice/barge_in_replay.py);
  with --match-again the templates' lead is matched anew from each clip (a change to
  providers/stt/backchannel_reader.py replayed without Whisper).
--verdicts PATH: each clip's verdict as JSON lines, to compare two runs clip for clip.
Audio comes from tests/voice/barge_in_set.py's cache (made with espeak-ng, Piper and sox on
first use).
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "voice"))

import json
import time

from barge_in_eval import Outcome, by_channel, recogniser, report, timed
from barge_in_replay import ReplayRecogniser, clip_key, load, record, replay, save
from barge_in_set import clips

from helpline.config import get_settings
from helpline.engine.interruption import BARGE_IN_PROMPT
from helpline.providers.stt.backchannel_reader import BackchannelReader
from helpline.providers.stt.whisper import INITIAL_PROMPT


def main() -> None:
    parser = argparse.ArgumentParser()
    parts = ("held_out", "tune", "fresh", "blind", "sealed", "all")
    parser.add_argument("--half", choices=parts, default="held_out")
    parser.add_argument("--errors", action="store_true", help="list every wrong verdict")
    parser.add_argument("--turn-prompt", action="store_true", help="Whisper's turn prompt")
    parser.add_argument("--no-spotting", action="store_true", help="no keyword spotting")
    parser.add_argument("--no-partials", action="store_true", help="whole utterances only")
    parser.add_argument("--record", type=Path, help="record every reading into this JSON file")
    parser.add_argument("--replay", type=Path, help="judge from a recording instead of Whisper")
    parser.add_argument("--verdicts", type=Path, help="write each clip's verdict here (JSON lines)")
    parser.add_argument(
        "--match-again", action="store_true", help="with --replay: the templates' lead anew"
    )
    args = parser.parse_args()
    pairs = clips(None if args.half == "all" else args.half)
    spotting, partials = not args.no_spotting, not args.no_partials
    if args.replay:
        started = time.perf_counter()
        recording = load(args.replay)
        leads = BackchannelReader(get_settings().cache_dir) if args.match_again else None
        stt = ReplayRecogniser(recording, leads)
        outcomes = replay(pairs, recording, spotting=spotting, partials=partials, stt=stt)
        seconds = time.perf_counter() - started
    else:
        prompt = INITIAL_PROMPT if args.turn_prompt else BARGE_IN_PROMPT
        stt = recogniser(get_settings(), prompt=prompt)
        if args.record:
            into = load(args.record) if args.record.is_file() else None
            started = time.perf_counter()
            save(record(pairs, stt, partials=partials, into=into), args.record)
            print(f"recorded {len(pairs)} clips in {time.perf_counter() - started:.0f} s")
            outcomes = replay(pairs, load(args.record), spotting=spotting, partials=partials)
            seconds = 0.0
        else:
            outcomes, seconds = timed(pairs, stt, spotting=spotting, partials=partials)
    if args.verdicts:
        args.verdicts.write_text("".join(_verdict_line(o) for o in outcomes), encoding="utf-8")
    print(
        f"half: {args.half}, {len(pairs)} clips, "
        f"prompt: {'turn' if args.turn_prompt else 'barge-in'}, "
        f"keyword spotting: {'on' if spotting else 'off'}, partials: {'on' if partials else 'off'}"
    )
    print(report(outcomes, errors=args.errors))
    print("by kind of audio:")
    print(by_channel(outcomes))
    calls = sum(o.whisper_calls for o in outcomes)
    print(f"{calls} Whisper passes in {seconds:.0f} s ({seconds / max(calls, 1):.2f} s each)")


def _verdict_line(o: Outcome) -> str:
    heard = {"text": o.heard.text, "speech_ms": o.heard.speech_ms, "margin": o.heard.ack_margin}
    row = {"clip": clip_key(o.line, o.rendering), "verdict": o.verdict.value, **heard}
    return json.dumps({**row, "decided_ms": o.decided_ms}, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    main()
