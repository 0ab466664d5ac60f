"""G.711 μ-law: the reference code values, the quantisation error bound, and 8 kHz phone audio
to and from the 16 kHz speech audio recognition uses, whole and frame by frame."""

import numpy as np
import pytest
from wav_kit import tone

from helpline.audio.clip import SPEECH_RATE, AudioClip
from helpline.audio.mulaw import (
    PHONE_RATE,
    MulawDecoder,
    MulawEncoder,
    clip_to_mulaw,
    decode_mulaw,
    encode_mulaw,
    mulaw_to_clip,
)

ALL_INT16 = np.arange(-32768, 32768, dtype=np.int32).astype(np.int16)


def pcm(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.int16)


@pytest.mark.parametrize(
    ("sample", "code"),
    [(0, 0xFF), (1, 0xFF), (-1, 0x7F), (32767, 0x80), (-32768, 0x00), (32124, 0x80)],
    ids=["zero", "one", "minus-one", "full-scale", "negative-full-scale", "top-code-value"],
)
def test_known_samples_encode_to_their_g711_codes(sample: int, code: int) -> None:
    assert encode_mulaw(pcm(sample)) == bytes([code])


def test_the_first_code_of_each_segment_decodes_to_the_g711_table_value() -> None:
    # Codes 0xFF, 0xEF, ... 0x8F: mantissa 0 of segments 0..7 (positive), as in G.711 table 2a.
    codes = bytes(0xFF - 16 * segment for segment in range(8))
    expected = [0, 132, 396, 924, 1980, 4092, 8316, 16764]
    assert decode_mulaw(codes).tolist() == expected
    assert decode_mulaw(bytes(c & 0x7F for c in codes)).tolist() == [-v for v in expected]


def test_every_sample_comes_back_within_half_a_quantisation_step() -> None:
    back = decode_mulaw(encode_mulaw(ALL_INT16)).astype(np.int32)
    value = ALL_INT16.astype(np.int32)
    inside = np.abs(value) <= 32635
    # Half a step of segment e is 4 << e, and a sample in segment e is at least (128 << e) - 132.
    bound = (np.abs(value[inside]) + 132) / 32
    assert np.all(np.abs(back[inside] - value[inside]) <= bound)
    # Louder samples clip to the loudest code.
    assert set(np.abs(back[~inside]).tolist()) == {32124}


def test_decoding_then_encoding_gives_every_code_back_but_negative_zero() -> None:
    codes = bytes(range(256))
    again = encode_mulaw(decode_mulaw(codes))
    differ = [c for c, a in zip(codes, again, strict=True) if c != a]
    assert differ == [0x7F]  # -0 and +0 are one sample: it encodes as 0xFF


def test_one_byte_per_sample_both_ways() -> None:
    samples = (tone(0.5, PHONE_RATE).samples * 32767).astype(np.int16)
    data = encode_mulaw(samples)
    assert len(data) == len(samples)
    assert decode_mulaw(data).dtype == np.int16 and len(decode_mulaw(data)) == len(data)


def dominant_hz(clip: AudioClip) -> float:
    spectrum = np.abs(np.fft.rfft(clip.samples))
    return float(np.argmax(spectrum) * clip.sample_rate / len(clip.samples))


def test_phone_audio_becomes_16k_speech_audio_of_the_same_sound() -> None:
    phone = clip_to_mulaw(tone(1.0, SPEECH_RATE, hz=1000))
    assert len(phone) == PHONE_RATE
    clip = mulaw_to_clip(phone)
    assert clip.sample_rate == SPEECH_RATE and len(clip.samples) == SPEECH_RATE
    assert dominant_hz(clip) == pytest.approx(1000, abs=2)
    assert float(np.sqrt(np.mean(clip.samples**2))) == pytest.approx(0.4 / np.sqrt(2), rel=0.05)


def test_sound_above_the_telephone_band_is_filtered_not_folded_back() -> None:
    # A 6 kHz tone cannot ride an 8 kHz channel; without the band limit it would alias to 2 kHz.
    clip = mulaw_to_clip(clip_to_mulaw(tone(1.0, SPEECH_RATE, hz=6000)))
    assert float(np.sqrt(np.mean(clip.samples**2))) < 0.01


def test_frame_by_frame_decoding_matches_the_whole_clip_without_clicks() -> None:
    phone = clip_to_mulaw(tone(1.0, SPEECH_RATE, hz=440))
    whole = mulaw_to_clip(phone).to_int16().astype(np.int32)
    decoder = MulawDecoder()
    frames = [decoder.decode(phone[i : i + 160]) for i in range(0, len(phone), 160)]
    streamed = np.concatenate([*frames, decoder.flush()]).astype(np.int32)
    assert len(streamed) == len(whole)
    # Within a few μ-law steps everywhere, frame edges included: a resampler restarted for
    # every frame is off by about 1400 there.
    assert np.max(np.abs(streamed[200:-200] - whole[200:-200])) < 300


def test_frame_by_frame_encoding_gives_8k_mulaw_of_the_same_length() -> None:
    clip = tone(1.0, SPEECH_RATE, hz=440)
    encoder = MulawEncoder()
    chunks = [
        encoder.encode(AudioClip(clip.samples[i : i + 320], SPEECH_RATE))
        for i in range(0, len(clip.samples), 320)
    ]
    data = b"".join([*chunks, encoder.flush()])
    assert len(data) == PHONE_RATE
    assert dominant_hz(mulaw_to_clip(data)) == pytest.approx(440, abs=2)


def test_the_encoder_refuses_audio_at_another_rate() -> None:
    with pytest.raises(ValueError, match="16000 Hz"):
        MulawEncoder().encode(tone(0.1, 22_050))
