import { HttpErrorResponse } from '@angular/common/http';
import { explainCreateError } from './new-conversation.dialog';

const http = (status: number, message: string) => new HttpErrorResponse({ status, error: { statusCode: status, message } });

describe('new conversation refusals', () => {
  it('explains the closed messaging window', () => {
    expect(explainCreateError(http(422, 'Outside the 24-hour messaging window: send an approved template (templateId)'), 24)).toMatch(
      /within 24 hours .* approved template/,
    );
  });
  it('words the other refusals', () => {
    expect(explainCreateError(http(422, 'Channel account "X" is inactive'))).toBe('The channel refused: Channel account "X" is inactive.');
    expect(explainCreateError(http(409, 'Contact opted out of sms messages; nothing was sent'))).toMatch(/asked not to be messaged/);
  });
});
