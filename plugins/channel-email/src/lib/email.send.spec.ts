import { PermanentSendError, RetryableSendError } from '@parley/plugin-sdk';
import { classifySmtpError, ourMessageId, replyAddress, replySubject, textToHtml } from './email.send';

describe('replySubject', () => {
  it.each([
    ['Where is my order?', 'K7QX2M', false, 'Where is my order? [#K7QX2M]'],
    ['Where is my order?', 'K7QX2M', true, 'Re: Where is my order? [#K7QX2M]'],
    ['Re: Where is my order?', 'K7QX2M', true, 'Re: Where is my order? [#K7QX2M]'],
    ['RE: re: AW: Where is my order?', 'K7QX2M', true, 'Re: Where is my order? [#K7QX2M]'],
    ['Re: [#K7QX2M] Where is my order? [#K7QX2M]', 'K7QX2M', true, 'Re: Where is my order? [#K7QX2M]'],
    ['Re[2]: Where', undefined, true, 'Re: Where'],
    [undefined, 'K7QX2M', true, '[#K7QX2M]'],
    ['Hello', undefined, false, 'Hello'],
  ])('%p (tag %p, reply %p) → %p', (subject, reference, isReply, expected) => {
    expect(replySubject(subject, reference, isReply)).toBe(expected);
  });
});

describe('addresses and ids', () => {
  it('puts the token into the local part, once', () => {
    expect(replyAddress('support@acme.test', 'K7QX2M')).toBe('support+K7QX2M@acme.test');
    expect(replyAddress('support+old@acme.test', 'K7QX2M')).toBe('support+K7QX2M@acme.test');
  });

  it("derives our Message-ID from Parley's message id, the same on every retry", () => {
    expect(ourMessageId('01J0ABC', 'Support@Acme.TEST')).toBe('parley.01J0ABC@acme.test');
  });

  it('turns text into escaped paragraphs', () => {
    expect(textToHtml('a < b\nc\n\nd')).toBe('<p>a &lt; b<br>c</p>\n<p>d</p>');
  });
});

describe('classifySmtpError', () => {
  it.each([
    [{ responseCode: 421, response: '421 4.7.0 Try later' }, RetryableSendError, '421'],
    [{ responseCode: 452, response: '452 4.2.2 Mailbox full' }, RetryableSendError, '452'],
    [{ responseCode: 550, response: '550 5.1.1 No such user' }, PermanentSendError, '550'],
    [{ responseCode: 535, code: 'EAUTH', response: '535 Authentication failed' }, PermanentSendError, '535'],
    [{ code: 'ETIMEDOUT' }, RetryableSendError, 'ETIMEDOUT'],
    [{ code: 'ECONNECTION' }, RetryableSendError, 'ECONNECTION'],
    [{ code: 'EDNS' }, RetryableSendError, 'EDNS'],
    [{ code: 'EENVELOPE', message: 'No recipients defined' }, PermanentSendError, 'EENVELOPE'],
    [new Error('???'), RetryableSendError, 'network_error'],
  ])('%p → %p %p', (error, kind, code) => {
    const classified = classifySmtpError(error);
    expect(classified).toBeInstanceOf(kind);
    expect(classified.code).toBe(code);
  });
});
