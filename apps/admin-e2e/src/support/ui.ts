import type { Locator, Page } from 'playwright-core';
import { DEMO } from './stack';

/** Signs in through the sign-in page and waits for the conversations screen. */
export async function signIn(page: Page, email = DEMO.email, password = DEMO.password): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/conversations/);
}

/**
 * A control by its accessible name, whichever role the UI gives it (button, tab, radio of a toggle
 * group, link, checkbox, switch, menu item): the tests hold the UI to names, not to widgets.
 */
export function control(scope: Page | Locator, name: string | RegExp): Locator {
  const roles = ['button', 'tab', 'radio', 'link', 'checkbox', 'switch', 'menuitem', 'menuitemcheckbox', 'option'] as const;
  return roles
    .map((role) => scope.getByRole(role, { name, exact: typeof name === 'string' }))
    .reduce((all, next) => all.or(next))
    .first();
}
