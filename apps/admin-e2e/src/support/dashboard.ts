import type { Locator, Page } from 'playwright-core';
import { waitFor } from '@parley/testing';
import type { Stack } from './stack';

/** The conversation list (or board): the region the page names "Conversations". */
export const listRegion = (page: Page): Locator => page.getByRole('region', { name: 'Conversations', exact: true });

/**
 * The card (list row, board card, grouped row) showing `text`: the innermost list item, option, row,
 * link or button around it.
 */
export function card(scope: Page | Locator, text: string): Locator {
  return scope.locator('[role=option], [role=listitem], [role=row], [role=article], li, article, a, button').filter({ hasText: text }).last();
}

/** The contact panel (the complementary region "Contact"). */
export const contactPanel = (page: Page): Locator => page.getByRole('complementary', { name: 'Contact', exact: true });

/** The search box of the list. */
export const searchBox = (page: Page): Locator =>
  page
    .getByRole('searchbox', { name: /search/i })
    .or(page.getByRole('textbox', { name: /search/i }))
    .first();

/** The composer's text area (reply or note). */
export const composer = (page: Page): Locator =>
  page
    .getByRole('textbox', { name: /reply|message|note|write/i })
    .and(page.locator('textarea, [contenteditable=true], input'))
    .first();

/** A board column by its title (a region, list or group whose accessible name starts with it). */
export function column(page: Page, title: string): Locator {
  const name = new RegExp(`^${title}`, 'i');
  return page
    .getByRole('region', { name })
    .or(page.getByRole('list', { name }))
    .or(page.getByRole('group', { name }))
    .or(page.getByRole('listbox', { name }))
    .first();
}

/** Drags `from` onto `to` with real mouse moves in small steps (the CDK starts a drag after a few pixels). */
export async function drag(page: Page, from: Locator, to: Locator): Promise<void> {
  await from.scrollIntoViewIfNeeded();
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('drag: source or target is not visible');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + Math.min(b.height / 2, 120), { steps: 20 });
  await page.mouse.move(b.x + b.width / 2 + 2, b.y + Math.min(b.height / 2, 120) + 2, { steps: 2 });
  await page.mouse.up();
}

/** The demo conversation of the contact named `name`, as the API lists it. */
export async function conversationOf(stack: Stack, name: string, archived = false): Promise<{ id: string; status: string } | undefined> {
  const res = await stack.api('GET', `/api/v1/conversations?limit=200${archived ? '&archived=true' : ''}`);
  return res.body.items.find((c: { contact: { name: string } }) => c.contact.name === name);
}

/** Waits until the Twilio double has received a send with this body; returns it. */
export async function twilioReceived(stack: Stack, body: string, ms = 15_000): Promise<Record<string, unknown> | undefined> {
  const sent = await waitFor(
    async () => stack.twilio.sent.find((s) => s['Body'] === body),
    (s) => s !== undefined,
    ms,
  );
  return sent;
}
