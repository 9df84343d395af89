/** A file as an operator would attach it. */
export interface SampleFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

const bytes = (...parts: (string | number[] | Buffer)[]): Buffer =>
  Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

/**
 * The smallest files whose bytes are what their type says (the host checks a file's content against its
 * declared type), for the attachment check of the conformance kit. A plugin declaring a type not listed
 * here passes its own through `sampleFile`.
 */
export const SAMPLE_FILES: Readonly<Record<string, SampleFile>> = {
  'image/jpeg': {
    filename: 'sample.jpg',
    contentType: 'image/jpeg',
    data: bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF', [0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]),
  },
  'image/png': {
    filename: 'sample.png',
    contentType: 'image/png',
    data: bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13], 'IHDR', [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]),
  },
  'image/gif': { filename: 'sample.gif', contentType: 'image/gif', data: bytes('GIF89a', [1, 0, 1, 0, 0, 0, 0, 0x3b]) },
  'image/webp': { filename: 'sample.webp', contentType: 'image/webp', data: bytes('RIFF', [0x1a, 0, 0, 0], 'WEBPVP8 ', Buffer.alloc(14)) },
  'audio/ogg': { filename: 'sample.ogg', contentType: 'audio/ogg', data: bytes('OggS', [0, 2], Buffer.alloc(22), [1, 0x1e], [1], 'vorbis') },
  'audio/mpeg': { filename: 'sample.mp3', contentType: 'audio/mpeg', data: bytes('ID3', [3, 0, 0, 0, 0, 0, 0], [0xff, 0xfb, 0x90, 0x64], Buffer.alloc(16)) },
  'video/mp4': { filename: 'sample.mp4', contentType: 'video/mp4', data: bytes([0, 0, 0, 0x18], 'ftypisom', [0, 0, 2, 0], 'isomiso2', [0, 0, 0, 8], 'free') },
  'application/pdf': {
    filename: 'sample.pdf',
    contentType: 'application/pdf',
    data: bytes('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
  },
  'text/plain': { filename: 'sample.txt', contentType: 'text/plain', data: bytes('A sample attachment.\n') },
};
