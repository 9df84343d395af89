/** What `POST /api/v1/attachments` accepts; each channel narrows it further (checked when sending). */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

export const ALLOWED_ATTACHMENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'audio/mpeg',
  'audio/ogg',
  'audio/aac',
  'audio/mp4',
  'audio/wav',
  // What browsers record (MediaRecorder: Opus in WebM).
  'audio/webm',
  'video/mp4',
  'video/3gpp',
  'application/pdf',
  'text/plain',
  'text/csv',
  'text/calendar',
  'application/zip',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
];
