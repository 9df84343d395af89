import { seriousA11yViolations } from './support/a11y';
import { DEMO, startStack, type Stack } from './support/stack';
import { signIn } from './support/ui';
import { twilioReceived } from './support/dashboard';

describe('sign-in', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack('signin');
  }, 120_000);
  afterAll(() => stack?.close());
  afterEach(() => expect(stack?.takeBrowserErrors() ?? []).toEqual([]));

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
    await page.getByRole('region', { name: 'Conversations', exact: true }).waitFor();
    await stack.screenshot('signed-in');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  // The harness itself, so a red dashboard test is about the dashboard: the demo's SMS line takes
  // Twilio-signed webhooks and sends through the local Twilio API double.
  it('(harness) takes a signed SMS webhook on the demo line and sends the reply through the Twilio double', async () => {
    expect((await stack.inboundSms('+15557770999', 'Harness check: hello?')).status).toBe(200);
    const list = await stack.api('GET', '/api/v1/conversations?q=7770999');
    expect(list.body.items).toHaveLength(1);
    const reply = await stack.api('POST', `/api/v1/conversations/${list.body.items[0].id}/messages`, { body: 'Harness check: hi!' });
    expect(reply.status).toBe(201);
    expect(await twilioReceived(stack, 'Harness check: hi!')).toMatchObject({ To: '+15557770999', From: DEMO.smsFrom });
  });
});
