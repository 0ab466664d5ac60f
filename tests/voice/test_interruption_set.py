"""The interruption judge on spoken clips: the labelled barge-in set replayed as a live call (voice
activity, Whisper partials, the judge after every frame). benchmarks/backchannel_eval.py runs the
whole held-out half; this runs one rendering of every other held-out line (about a minute)."""

import pytest
from barge_in_eval import evaluate, rates, recogniser, report
from barge_in_set import CHANNELS, HALVES, Line, Rendering, clips, load_lines, renderings

from helpline.config import get_settings

pytestmark = [pytest.mark.voice, pytest.mark.xdist_group("voice")]

# Guards at the level measured on this subset of 11 + 11 clips with keyword spotting (no
# backchannel taken as an interruption, 2 interruptions missed; without spotting 0 and 3, and 2
# and 3 as first measured; the whole held-out half in docs/benchmarks.md, "Backchannels and
# interruptions"), with one clip to spare each: Whisper's int8 kernels differ by CPU. The goal
# is 5 % each. The clips are read as the live call reads speech over a reply: whole utterances,
# no partial readings (its streaming recogniser takes none while the caller talks over a reply).
# Later measured on an AMD EPYC host with the code before and after the word count (2026-12-03):
# 2 and 1 both times ("you are" for "जी हाँ" and "time time time" for "हम्म हम्म" taken as
# interruptions, "ah" for "arre" missed); the misses' guard is tightened to that plus one. The
# guard of one false interruption fails on that host with either code, and is left as it is: a
# guard loosened to one host's readings would no longer hold the level measured. The tests now
# pin Whisper's kernels (tests/conftest.py), so every host reads these clips alike: an Intel host
# with its own kernels (MKL) gave 0 and 3 here, with the pinned ones 0 and 2. Judged as a call
# hears it (a detector of its own for each clip, the line's noise around the words; 2026-12-04,
# evening, AMD EPYC): 0 and 1, so each guard is still that plus one.
FALSE_INTERRUPTS = 1
MISSES = 2


def test_the_set_has_enough_clips_of_each_kind_and_its_parts_share_no_line() -> None:
    pairs = clips()
    for label in ("backchannel", "interruption"):
        assert sum(line.label == label for line, _ in pairs) >= 120
    parts = [{line.text for line in load_lines(half)} for half in HALVES]
    for i, part in enumerate(parts):
        assert part and not any(part & other for other in parts[i + 1 :])
    assert {r.channel for _, r in pairs} == set(CHANNELS)
    assert any(line.devanagari for line, _ in pairs)


def subset() -> list[tuple[Line, Rendering]]:
    """One rendering of every other held-out line: each kind of audio, both scripts."""
    lines = [line for line in load_lines("held_out") if line.index % 2 == 0]
    return [(line, renderings(line)[line.index // 2 % len(CHANNELS)]) for line in lines]


def test_backchannels_resume_and_interruptions_stop_the_reply(speech_tools: None) -> None:
    outcomes = evaluate(subset(), recogniser(get_settings()), partials=False)
    measured = rates(outcomes)
    assert measured.backchannels == measured.interruptions == 11
    assert measured.false_interrupts <= FALSE_INTERRUPTS, report(outcomes)
    assert measured.misses <= MISSES, report(outcomes)
