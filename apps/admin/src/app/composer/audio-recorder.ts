/** The recording formats the API accepts (POST /attachments), in order of preference. */
export const RECORDING_TYPES = ['audio/ogg;codecs=opus', 'audio/mp4', 'audio/mpeg', 'audio/wav'];

export function recordingType(
  isSupported: (t: string) => boolean = (t) => typeof MediaRecorder !== 'undefined' && MediaRecorder.isTypeSupported(t),
): string | null {
  return RECORDING_TYPES.find((t) => isSupported(t)) ?? null;
}

/** Records one voice message with MediaRecorder; `stop()` resolves with the file to upload. */
export class AudioRecorder {
  private recorder: MediaRecorder | null = null;
  private stream: MediaStream | null = null;
  private chunks: Blob[] = [];

  static available(): boolean {
    return typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia && typeof MediaRecorder !== 'undefined';
  }

  async start(): Promise<void> {
    const type = recordingType();
    if (!type) throw new Error('This browser cannot record audio in a format the server accepts (ogg, mp4, mp3 or wav).');
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
        const type = recorder.mimeType.split(';')[0] || 'audio/ogg';
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
