// Voice mode of the customer page: streams the microphone to the live-call WebSocket as 16 kHz
// 16-bit PCM frames of 20 ms, shows what was heard and the agent's reply, and plays the reply's
// audio without gaps. It obeys the server: "pause" silences the reply at once, "resume"
// continues it, "barge_in" drops the rest of it (the caller interrupted).
(function () {
  "use strict";

  const RATE = 16000;
  const FRAME_MS = 20;
  const args = { url: null, token: null };
  let call = null; // the call in progress, or null
  // Every exchange of this panel, sent to the page so its chat history keeps them; the ids
  // tell the page which it has already shown.
  const exchanges = [];
  const panelId = Math.random().toString(36).slice(2, 10);
  let lastHeard = "";

  const $ = (id) => document.getElementById(id);
  const toggle = $("toggle");
  const statusLine = $("status");
  const log = $("log");
  const partialLine = $("partial");
  const levelBar = $("level").firstElementChild;

  // --- the Streamlit component protocol (a handful of postMessage calls) ---
  function tellStreamlit(type, data) {
    window.parent.postMessage({ isStreamlitMessage: true, type, ...data }, "*");
  }
  function fitHeight() {
    tellStreamlit("streamlit:setFrameHeight", { height: document.body.scrollHeight + 8 });
  }
  window.addEventListener("message", (event) => {
    if (!event.data || event.data.type !== "streamlit:render") return;
    const given = event.data.args || {};
    args.url = socketUrl(given);
    args.token = given.token;
    fitHeight();
  });

  function socketUrl(given) {
    if (given.base_url) return given.base_url + given.path;
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    return `${scheme}//${window.location.hostname}:${given.port}${given.path}`;
  }

  // --- what the customer sees ---
  function say(text, problem) {
    statusLine.textContent = text;
    statusLine.className = problem ? "problem" : "";
    fitHeight();
  }
  function addLine(who, text) {
    const line = document.createElement("div");
    line.className = `line ${who}`;
    line.dataset.role = who;
    line.textContent = (who === "you" ? "You: " : "Agent: ") + text;
    log.appendChild(line);
    fitHeight();
  }
  function remember(heard, reply) {
    exchanges.push({ id: `${panelId}-${exchanges.length + 1}`, heard, reply });
    tellStreamlit("streamlit:setComponentValue", { value: { exchanges }, dataType: "json" });
  }
  function showPartial(text) {
    partialLine.textContent = text ? `… ${text}` : "";
    fitHeight();
  }

  // --- the reply's audio: one AudioContext of its own, so pause/resume is one call ---
  class Speaker {
    constructor() {
      this.context = new AudioContext({ sampleRate: RATE });
      this.sources = new Set();
      this.until = 0; // when the last queued chunk ends, on the context's clock
      this.replyDone = false;
      this.onFinished = () => {};
    }
    play(base64) {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const pcm = new Int16Array(bytes.buffer, 0, bytes.byteLength >> 1);
      if (!pcm.length) return;
      const buffer = this.context.createBuffer(1, pcm.length, RATE);
      const channel = buffer.getChannelData(0);
      for (let i = 0; i < pcm.length; i++) channel[i] = pcm[i] / 0x8000;
      const source = this.context.createBufferSource();
      source.buffer = buffer;
      source.connect(this.context.destination);
      // Each chunk starts where the previous one ends: gap-free, however they arrive.
      const start = Math.max(this.context.currentTime + 0.02, this.until);
      source.start(start);
      this.until = start + buffer.duration;
      this.sources.add(source);
      source.onended = () => {
        this.sources.delete(source);
        this.checkFinished();
      };
    }
    checkFinished() {
      if (this.replyDone && this.sources.size === 0) {
        this.replyDone = false;
        this.onFinished();
      }
    }
    pause() { this.context.suspend(); }
    resume() { this.context.resume(); }
    drop() {
      for (const source of this.sources) {
        source.onended = null;
        try { source.stop(); } catch (e) { /* already stopped */ }
      }
      this.sources.clear();
      this.until = 0;
      this.replyDone = false;
      this.context.resume();
    }
    get playing() { return this.sources.size > 0 && this.context.state === "running"; }
    close() { this.drop(); this.context.close(); }
  }

  // --- one call: microphone -> socket -> events ---
  async function start() {
    if (!args.url || !args.token) { say("Voice mode is not ready yet; try again.", true); return; }
    toggle.disabled = true;
    say("Starting the microphone…");
    const current = { socket: null, stream: null, mic: null, speaker: new Speaker() };
    call = current;
    try {
      current.stream = await navigator.mediaDevices.getUserMedia({
        audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      });
    } catch (error) {
      stop(`The microphone could not be opened (${error.name}). You can still record or type below.`);
      return;
    }
    try {
      await connect(current);
    } catch (error) {
      stop(`Voice mode could not start (${error.message || error}). You can still record or type below.`);
    }
  }

  async function connect(current) {
    current.mic = new AudioContext();
    await current.mic.audioWorklet.addModule("capture.js");
    const source = current.mic.createMediaStreamSource(current.stream);
    const capture = new AudioWorkletNode(current.mic, "helpline-capture", {
      processorOptions: { targetRate: RATE, frameMs: FRAME_MS },
    });
    // Connected to a silent gain so the audio graph pulls the capture node.
    const mute = current.mic.createGain();
    mute.gain.value = 0;
    source.connect(capture).connect(mute).connect(current.mic.destination);

    const query = new URLSearchParams({ token: args.token, encoding: "pcm16", rate: String(RATE) });
    const socket = new WebSocket(`${args.url}?${query}`);
    socket.binaryType = "arraybuffer";
    current.socket = socket;
    capture.port.onmessage = (event) => {
      levelBar.style.width = `${Math.min(100, event.data.level * 400)}%`;
      noteVoiceOverReply(current, event.data.level);
      if (socket.readyState === WebSocket.OPEN) socket.send(event.data.pcm);
    };
    current.speaker.onFinished = () => {
      document.body.dataset.played = "yes";
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "playback_ended" }));
    };
    socket.onopen = () => {
      toggle.disabled = false;
      toggle.textContent = "⏹️ Stop";
      toggle.className = "stop";
      say("Listening… ask your question.");
    };
    socket.onmessage = (event) => handle(current, JSON.parse(event.data));
    socket.onclose = (event) => {
      if (call === current) stop(closeReason(event));
    };
  }

  function closeReason(event) {
    if (event.code === 4401) return "Your session has ended: log in again to talk.";
    if (event.code === 4403) return "This voice link belongs to another session.";
    if (event.code === 1000 || event.code === 1005) return "Voice mode stopped.";
    return `The voice connection closed (${event.code}${event.reason ? ": " + event.reason : ""}).`;
  }

  function handle(current, event) {
    const speaker = current.speaker;
    switch (event.type) {
      case "speech_start": say("Listening…"); break;
      case "speech_end": say("Thinking…"); break;
      case "partial": showPartial(event.text || ""); break;
      case "final":
        showPartial("");
        lastHeard = event.text || "";
        log.replaceChildren(); // the panel shows the exchange in progress; the chat keeps the rest
        addLine("you", lastHeard);
        break;
      case "not_understood": showPartial(""); say("Sorry, that was not clear: please say it again.", true); break;
      case "reply":
        addLine("agent", event.text || "");
        remember(lastHeard, event.text || "");
        current.talkedOver = undefined;
        say("Speaking…");
        break;
      case "audio": if (event.audio) speaker.play(event.audio); break;
      case "reply_end": speaker.replyDone = true; speaker.checkFinished(); say("Listening…"); break;
      case "pause": speaker.pause(); noteStopped(current); say("Listening…"); break;
      case "resume": speaker.resume(); break;
      case "barge_in": speaker.drop(); noteStopped(current); say("Listening…"); break;
      case "error": say(event.text || "Something went wrong.", true); break;
      default: break; // backchannel and other notes need no action here
    }
    document.body.dataset.lastEvent = event.type;
  }

  // How soon the reply goes quiet once the caller talks over it, as this page sees it: from the
  // first microphone frame with sound in it during playback to the server's "pause" (kept on
  // the page for tests and for anyone checking barge-in by hand).
  const LOUD = 0.003; // RMS of a 20 ms frame, about -50 dBFS: the first sound above a quiet room
  function noteVoiceOverReply(current, level) {
    if (level >= LOUD && current.speaker.playing && current.talkedOver === undefined) {
      current.talkedOver = performance.now();
    }
  }
  function noteStopped(current) {
    if (current.talkedOver !== undefined) {
      document.body.dataset.stopMs = String(Math.round(performance.now() - current.talkedOver));
      current.talkedOver = undefined;
    }
  }

  function stop(message) {
    const current = call;
    call = null;
    if (current) {
      if (current.socket && current.socket.readyState <= WebSocket.OPEN) current.socket.close(1000);
      if (current.stream) current.stream.getTracks().forEach((track) => track.stop());
      if (current.mic) current.mic.close();
      current.speaker.close();
    }
    levelBar.style.width = "0";
    toggle.disabled = false;
    toggle.textContent = "🎙️ Start talking";
    toggle.className = "";
    say(message || "Voice mode stopped.", Boolean(message) && !message.startsWith("Voice mode stopped"));
  }

  toggle.addEventListener("click", () => (call ? stop() : start()));
  tellStreamlit("streamlit:componentReady", { apiVersion: 1 });
  fitHeight();
})();
