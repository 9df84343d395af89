import EmailReplyParser from 'email-reply-parser';

/**
 * What the customer wrote in this mail: the text without the quoted history ("On … wrote:", Outlook's
 * "From: … Sent: …" block, `>` lines) and without the signature. When nothing would be left (a mail that is
 * all quote, a forward), the whole text is kept.
 */
export function visibleText(text: string): string {
  const normalized = text.replace(/\r\n/g, '\n').trim();
  if (!normalized) return '';
  let visible: string;
  try {
    visible = new EmailReplyParser().read(normalized).getVisibleText().trim();
  } catch {
    return normalized;
  }
  return visible || normalized;
}
