import { seriousA11yViolations } from './support/a11y';
import { DEMO, startStack, type Stack } from './support/stack';
import { signIn } from './support/ui';

describe('sign-in', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack('signin');
  }, 120_000);
  afterAll(() => stack?.close());
  afterEach(() => expect(stack.takeBrowserErrors()).toEqual([]));

  it('sends a signed-out visitor to the sign-in page, which offers the demo login and passes axe', async () => {
    const { page } = stack;
    await page.goto('/');
    await page.waitForURL(/\/login/);
    await page.getByRole('heading', { name: 'Sign in to your workspace' }).waitFor();
    await page.getByText(`Demo: ${DEMO.email} / ${DEMO.password}`).waitFor();
    await stack.screenshot('login');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('refuses a wrong password in words', async () => {
    const { page } = stack;
    await page.goto('/login');
    await page.getByLabel('Email').fill(DEMO.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(page.url()).toMatch(/\/login/);
  });

  it('signs the demo admin in to the conversations screen of the demo workspace', async () => {
    const { page } = stack;
    await signIn(page);
    await page.getByText(DEMO.workspace).first().waitFor();
    await page.getByRole('heading', { name: 'Conversations' }).first().waitFor();
    await stack.screenshot('signed-in');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
