"""The caller's answer to a number read back, spoken by voices that neither the answer matcher's
templates nor the spoken test set use, and weighed as the voice agent weighs it
(`engine/voice_phone.answer_read_back`): how often a yes confirms the number, how often a no or
another request wrongly does.

A no that confirms is the costly error (the caller is verified with a number they said was
wrong); a yes that does not confirm only asks again. What the rules of `heard_answer` are tuned
on, so that the spoken test set (tests/voice/speech_eval.py) still measures voices never heard.

Usage: nice .venv/bin/python benchmarks/answers_tuning.py [--record PATH] [--replay PATH]
       [--show]
--record PATH: also write every clip's transcript as JSON lines, so that other rules can be
weighed with --replay PATH without hearing the audio again.
"""

import argparse
import json
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "voice"))

from heard_examples import Rendering, speak
from speech_eval import read_back_answer

from helpline.config import get_settings
from helpline.engine.voice import hear
from helpline.engine.voice_phone import Answer, confirmation_judge
from helpline.language import get_understander
from helpline.providers.stt.base import Listen, Transcript
from helpline.providers.stt.whisper import from_settings

# No template speaker (providers/stt/digit_templates.py: variants none, m1, m3-m5, m7, m8, f1,
# f3) and no voice of the spoken test set (en-us, en-us+f2, hi+m2, hi+f4).
ROMAN = (
    Rendering("en-gb-scotland+m6", 150, False, False),
    Rendering("en-us-nyc+f5", 170, False, True),
    Rendering("en-gb+m6", 160, False, False, phone_band=True),
    Rendering("en-029+f4", 175, False, True, phone_band=True),
)
DEVANAGARI = (
    Rendering("hi+m6", 150, False, False),
    Rendering("hi+f5", 170, False, True, phone_band=True),
    Rendering("hi+m6", 165, False, True),
)
# (kind, line); Roman lines go to the ROMAN voices, Devanagari ones to the DEVANAGARI voices.
LINES = (
    ("yes", "haan ji, sahi hai"),
    ("yes", "haan"),
    ("yes", "ji haan, bilkul"),
    ("yes", "haan sahi number hai"),
    ("yes", "yes, correct"),
    ("yes", "yes"),
    ("yes", "theek hai"),
    ("yes", "haan ji"),
    ("yes", "हाँ जी, सही है"),
    ("yes", "हाँ"),
    ("yes", "जी हाँ, बिल्कुल"),
    ("yes", "हाँ सही नंबर है"),
    ("yes", "ठीक है"),
    ("yes", "हाँ जी"),
    ("no", "nahi"),
    ("no", "nahi ji, galat hai"),
    ("no", "no, wrong"),
    ("no", "galat number hai"),
    ("no", "nahi, yeh nahi hai"),
    ("no", "no"),
    ("no", "नहीं"),
    ("no", "नहीं जी, गलत है"),
    ("no", "गलत नंबर है"),
    ("no", "नहीं, यह नहीं है"),
    ("other", "balance batao"),
    ("other", "mujhe recharge karna hai"),
    ("other", "hello"),
    ("other", "kya bola aapne"),
    ("other", "ek minute"),
    ("other", "बैलेंस बताओ"),
    ("other", "मुझे रिचार्ज करना है"),
    ("other", "हेलो"),
    ("other", "क्या बोला आपने"),
)


def _devanagari(text: str) -> bool:
    return any("\u0900" <= ch <= "\u097f" for ch in text)


def heard_clips(record: Path | None) -> list[tuple[str, str, str, Transcript]]:
    stt = from_settings(settings=get_settings())
    judge = confirmation_judge(get_understander(spoken=True))
    rows: list[tuple[str, str, str, Transcript]] = []
    out = record.open("w", encoding="utf-8") if record else None
    for i, (kind, line) in enumerate(LINES):
        for how in DEVANAGARI if _devanagari(line) else ROMAN:
            transcript = hear(stt, speak(line, how, seed=i), Listen.ANSWER, judge)
            rows.append((kind, line, how.key, transcript))
            if out:
                row = {"kind": kind, "line": line, "how": how.key, **asdict(transcript)}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    if out:
        out.close()
    return rows


def replayed(path: Path) -> list[tuple[str, str, str, Transcript]]:
    rows = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(raw)
        kind, line, how = row.pop("kind"), row.pop("line"), row.pop("how")
        row["alternatives"] = tuple(row["alternatives"])
        rows.append((kind, line, how, Transcript(**row)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--record", type=Path)
    parser.add_argument("--replay", type=Path)
    parser.add_argument("--show", action="store_true", help="print every clip")
    args = parser.parse_args()
    rows = replayed(args.replay) if args.replay else heard_clips(args.record)
    understander = get_understander(spoken=True)
    table: dict[str, Counter[Answer]] = {}
    for kind, line, how, transcript in rows:
        answer = read_back_answer(understander, transcript)  # type: ignore[arg-type]
        table.setdefault(kind, Counter())[answer] += 1
        if args.show:
            u = understander.understand(transcript.text)
            print(
                f"{kind:<5} {line!r} [{how}] heard {transcript.text!r}"
                f" matcher={transcript.answer!r} {u.intent.value} {u.confidence:.2f}"
                f" -> {answer.value}"
            )
    print("said   confirmed  rejected  unclear  new number")
    for kind in ("yes", "no", "other"):
        c = table.get(kind, Counter())
        counts = [c[a] for a in (Answer.CONFIRMED, Answer.REJECTED, Answer.UNCLEAR)]
        print(f"{kind:<6} {counts[0]:>9} {counts[1]:>9} {counts[2]:>8} {c[Answer.NEW_NUMBER]:>11}")


if __name__ == "__main__":
    main()
