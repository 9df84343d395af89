import { recordingType } from './audio-recorder';

describe('voice message format', () => {
  const chrome = (t: string) => t.startsWith('audio/webm');
  const firefox = (t: string) => t.startsWith('audio/webm') || t.startsWith('audio/ogg');

  it('records WebM first (what Chrome records, accepted by the API)', () => {
    expect(recordingType(chrome)).toBe('audio/webm;codecs=opus');
    expect(recordingType(firefox)).toBe('audio/webm;codecs=opus');
    expect(recordingType(() => false)).toBeNull();
  });

  it('prefers a format the channel carries when the browser records one', () => {
    const whatsapp = ['image/jpeg', 'audio/ogg', 'audio/mpeg'];
    expect(recordingType(firefox, whatsapp)).toBe('audio/ogg;codecs=opus');
    // Chrome records only WebM: record it anyway, the API's 422 then says the channel refuses it.
    expect(recordingType(chrome, whatsapp)).toBe('audio/webm;codecs=opus');
    expect(recordingType(chrome, ['image/jpeg'])).toBe('audio/webm;codecs=opus');
  });
});
