// Runs on the audio thread: the microphone (at the device's rate, often 48 kHz) becomes
// 16 kHz 16-bit PCM frames of `frameMs`, posted to the page as ArrayBuffers.
class CaptureProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const { targetRate, frameMs } = options.processorOptions;
    this.step = sampleRate / targetRate;   // input samples per output sample
    this.position = 0;
    this.sum = 0;
    this.count = 0;
    this.frame = new Int16Array(Math.round((targetRate * frameMs) / 1000));
    this.filled = 0;
    this.energy = 0;
  }

  push(value) {
    const clipped = Math.max(-1, Math.min(1, value));
    this.frame[this.filled++] = clipped < 0 ? clipped * 0x8000 : clipped * 0x7fff;
    this.energy += clipped * clipped;
    if (this.filled === this.frame.length) {
      const level = Math.sqrt(this.energy / this.filled);
      this.port.postMessage({ pcm: this.frame.buffer.slice(0), level });
      this.filled = 0;
      this.energy = 0;
    }
  }

  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (!channel) return true;
    for (let i = 0; i < channel.length; i++) {
      // Averaging the samples of each output period is a cheap low-pass before decimating:
      // enough for speech recognition, which listens below 8 kHz.
      this.sum += channel[i];
      this.count += 1;
      this.position += 1;
      if (this.position >= this.step) {
        this.position -= this.step;
        this.push(this.sum / this.count);
        this.sum = 0;
        this.count = 0;
      }
    }
    return true;
  }
}

registerProcessor("helpline-capture", CaptureProcessor);
