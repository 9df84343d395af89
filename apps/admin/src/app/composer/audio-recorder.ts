/**
 * The recording formats the API accepts (POST /attachments), in order of preference: WebM first, what
 * Chrome's MediaRecorder produces (Opus in WebM), then what other browsers record.
 */
export const RECORDING_TYPES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/mp4', 'audio/mpeg', 'audio/wav'];

const browserSupports = (t: string) => typeof MediaRecorder !== 'undefined' && MediaRecorder.isTypeSupported(t);

/**
 * The format to record in: the first this browser records that the channel carries (`accepted`, its
 * plugin's attachment types; SMS and WhatsApp take no WebM), else the first it records at all (the
 * API's 422 then says the channel refuses it).
 */
export function recordingType(isSupported: (t: string) => boolean = browserSupports, accepted?: readonly string[]): string | null {
  const recordable = RECORDING_TYPES.filter((t) => isSupported(t));
  return recordable.find((t) => accepted?.includes(t.split(';')[0])) ?? recordable[0] ?? null;
}

/** Records one voice message with MediaRecorder; `stop()` resolves with the file to upload. */
export class AudioRecorder {
  private recorder: MediaRecorder | null = null;
  private stream: MediaStream | null = null;
  private chunks: Blob[] = [];

  static available(): boolean {
    return typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia && typeof MediaRecorder !== 'undefined';
  }

  /** `accepted`: the channel's attachment types, to record in one it carries when the browser can. */
  async start(accepted?: readonly string[]): Promise<void> {
    const type = recordingType(browserSupports, accepted);
    if (!type) throw new Error('This browser cannot record audio in a format the server accepts (webm, ogg, mp4, mp3 or wav).');
    this.stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    this.chunks = [];
    this.recorder = new MediaRecorder(this.stream, { mimeType: type });
    this.recorder.ondataavailable = (e) => e.data.size && this.chunks.push(e.data);
    this.recorder.start();
  }

  stop(): Promise<File> {
    const recorder = this.recorder;
    if (!recorder) return Promise.reject(new Error('Not recording'));
    return new Promise((resolve) => {
      recorder.onstop = () => {
        const type = recorder.mimeType.split(';')[0] || 'audio/webm';
        const ext = type.split('/')[1] === 'mpeg' ? 'mp3' : type.split('/')[1];
        resolve(new File(this.chunks, `voice-message-${new Date().toISOString().replace(/[:.]/g, '-')}.${ext}`, { type }));
        this.release();
      };
      recorder.stop();
    });
  }

  cancel(): void {
    if (this.recorder && this.recorder.state !== 'inactive') {
      this.recorder.onstop = null;
      this.recorder.stop();
    }
    this.release();
  }

  private release(): void {
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    this.recorder = null;
  }
}
