"""The customer page: log in with a phone number (and the one-time code when it is on), then chat
by typing, recording or uploading a question; replies come as text and as audio that plays."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import streamlit as st

from helpline.app.errors import HelplineError
from helpline.web.backend import Backend, backend
from helpline.web.errors import VOICE_FALLBACK, attempt, voice_problem
from helpline.web.state import Chat, ChatEntry, Ticket, chat, reset_chat
from helpline.web.voice_mode import voice_mode

if TYPE_CHECKING:
    from helpline.app.models import TurnPublic, VoiceTurnPublic

# Tickets are due by the operator's clock: customers read times in Indian Standard Time.
IST = ZoneInfo("Asia/Kolkata")
AUDIO_TYPES = ["wav", "mp3", "ogg", "oga", "webm", "m4a", "flac"]
MIC_HELP = (
    "Press the microphone, speak, and press it again to send. If your browser blocks the "
    "microphone, upload a recording or type instead."
)
VOICE_LABEL = "🎧 (voice mode)"
LIVE_HELP = (
    "Speak and hear the answer as in a phone call; you can interrupt the agent. Needs a "
    "microphone; the recorder below still works without one."
)


def due_text(moment: datetime | None) -> str:
    if moment is None:
        return "no due time"
    local = moment.astimezone(IST)
    return f"{local.day} {local:%b %Y, %H:%M} IST"


def ticket_of(api: Backend, complaint_id: int | None) -> Ticket | None:
    """The ticket a turn filed, with its due time, for the card under the reply."""
    if complaint_id is None:
        return None
    detail = attempt(lambda: api.ticket(complaint_id), doing="read the new ticket")
    if detail is None:
        return Ticket(complaint_id, "see the reply", "", "")
    c = detail.complaint
    return Ticket(c.complaint_id, due_text(c.due_at), c.priority, c.department)


def login(api: Backend, state: Chat) -> None:
    """The phone number form, then the code form when one-time codes are on."""
    st.write("Log in with the mobile number registered with us.")
    with st.form("phone_form", border=False):
        phone = st.text_input("Mobile number", placeholder="98765 43210", max_chars=16)
        sent = st.form_submit_button("Continue", type="primary")
    if sent:
        with st.spinner("Checking your number…"):
            turn = attempt(lambda: api.start(phone.strip()), doing="start the chat")
        if turn is not None:
            accept_login(api, state, turn)
    if state.awaiting_code and not state.verified:
        code_form(api, state)


def accept_login(api: Backend, state: Chat, turn: TurnPublic) -> None:
    asked_for_code = any(e.kind == "phone" for e in turn.entities) and api.otp_required()
    if turn.verified:
        begin_chat(state, turn)
    elif asked_for_code:
        state.session_id, state.awaiting_code = turn.session_id, True
        state.entries = [ChatEntry("assistant", turn.reply)]
    else:
        st.error(turn.reply, icon="📵")


def code_form(api: Backend, state: Chat) -> None:
    st.info(state.entries[-1].text if state.entries else "Enter the code we sent.", icon="✉️")
    with st.form("code_form", border=False):
        code = st.text_input("One-time code", max_chars=6, placeholder="6 digits")
        sent = st.form_submit_button("Verify", type="primary")
    if not sent or state.session_id is None:
        return
    session_id = state.session_id
    turn = attempt(lambda: api.text_turn(session_id, code.strip()), doing="check the code")
    if turn is None:
        return
    if turn.verified:
        begin_chat(state, turn)
        st.rerun()
    else:
        st.error(turn.reply, icon="🔒")


def begin_chat(state: Chat, turn: TurnPublic) -> None:
    state.session_id, state.verified, state.awaiting_code = turn.session_id, True, False
    state.entries = [ChatEntry("assistant", turn.reply)]


def typed_turn(api: Backend, state: Chat, text: str) -> None:
    session_id = state.session_id or ""
    state.entries.append(ChatEntry("user", text))
    turn = attempt(lambda: api.text_turn(session_id, text), doing="answer")
    if turn is None:
        return
    state.session_id = turn.session_id
    answer = ChatEntry("assistant", turn.reply, ticket=ticket_of(api, turn.complaint_id))
    state.entries.append(answer)


def spoken_turn(api: Backend, state: Chat, audio: bytes, label: str) -> None:
    """A recording answered: what was heard, the reply as text and audio, or why it failed."""
    session_id = state.session_id or ""
    try:
        # The first recording also loads the speech model: seconds, so say what is happening.
        with st.spinner("Listening to your recording…"):
            turn: VoiceTurnPublic = api.audio_turn(session_id, audio)
    except HelplineError as exc:
        state.entries.append(ChatEntry("user", label, notice=voice_problem(exc)))
        return
    heard = turn.transcript or ""
    notice = None
    if turn.outcome != "answered":
        why = f" ({turn.problem})" if turn.problem else ""
        notice = f"We could not make out that recording{why}. {VOICE_FALLBACK}"
    state.entries.append(ChatEntry("user", label, heard=heard or None, notice=notice))
    ticket = ticket_of(api, turn.complaint_id)
    state.entries.append(ChatEntry("assistant", turn.reply, audio=turn.audio_wav, ticket=ticket))
    state.autoplay_index = len(state.entries) - 1


def draw_entry(entry: ChatEntry, *, autoplay: bool) -> None:
    with st.chat_message(entry.role, avatar="🙂" if entry.role == "user" else "🎧"):
        st.markdown(entry.text)
        if entry.heard is not None:
            st.caption(f"Heard: “{entry.heard}”")
        if entry.notice:
            st.warning(entry.notice, icon="🎙️")
        if entry.audio:
            st.audio(entry.audio, format="audio/wav", autoplay=autoplay)
        if entry.ticket is not None:
            t = entry.ticket
            detail = f" · {t.priority} · {t.department}" if t.priority else ""
            st.success(f"Ticket **#{t.complaint_id}** · due {t.due}{detail}", icon="🎫")


def new_recording(state: Chat, recording: Any) -> bool:
    """True once per recording: reruns hand the same file back until it is replaced."""
    if recording is None:
        return False
    key = f"{recording.file_id}:{recording.size}"
    if key == state.last_recording:
        return False
    state.last_recording = key
    return True


def live_voice(api: Backend, state: Chat) -> None:
    """Voice mode: the browser streams the microphone and plays the replies as they come."""
    session_id = state.session_id
    if session_id is None:
        return
    # The first voice mode of the server loads the speech model: seconds.
    with st.spinner("Preparing voice mode…"):
        link = attempt(lambda: api.voice_link(session_id), doing="start voice mode")
    if link is None:
        return
    for exchange in voice_mode(link, session_id):
        if exchange.id not in state.voice_shown:
            state.voice_shown.add(exchange.id)
            state.entries.append(ChatEntry("user", VOICE_LABEL, heard=exchange.heard or None))
            state.entries.append(ChatEntry("assistant", exchange.reply))


def conversation(api: Backend, state: Chat) -> None:
    history = st.container()
    if st.toggle("🎧 Voice mode: talk in real time", key="voice_mode", help=LIVE_HELP):
        live_voice(api, state)
    recorded = st.audio_input("🎙️ Speak your question", help=MIC_HELP, key="voice_recording")
    with st.expander("📎 Upload a recording instead"):
        uploaded = st.file_uploader("Recording", type=AUDIO_TYPES, key="voice_file")
    typed = st.chat_input("Type your question (Hinglish, English or हिंदी)…")
    if typed and typed.strip():
        typed_turn(api, state, typed.strip())
    elif recorded is not None and new_recording(state, recorded):
        spoken_turn(api, state, recorded.getvalue(), "🎤 (voice message)")
    elif uploaded is not None and new_recording(state, uploaded):
        spoken_turn(api, state, uploaded.getvalue(), f"📎 {uploaded.name}")
    with history:
        for index, entry in enumerate(state.entries):
            draw_entry(entry, autoplay=index == state.autoplay_index)
    state.autoplay_index = None


def sidebar(api: Backend, state: Chat) -> None:
    with st.sidebar:
        if state.verified:
            st.caption("Logged in")
            if st.button("Log out", width="stretch"):
                if state.session_id:
                    attempt(lambda: api.end(state.session_id or ""), doing="end the chat")
                reset_chat()
                st.rerun()
        st.caption("Demo customer: Rahul Sharma, 9876543210")


def main() -> None:
    st.title("📞 Customer support")
    api = attempt(backend, doing="open the helpline")
    if api is None:
        return
    state = chat()
    sidebar(api, state)
    if state.verified:
        conversation(api, state)
    else:
        login(api, state)
        if state.verified:
            st.rerun()


main()
