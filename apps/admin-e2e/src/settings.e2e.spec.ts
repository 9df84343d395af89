// The admin pages (issue 15, point 11) in Chromium against the real stack: the demo workspace, its SMS
// line pointed at the Twilio API double. Each page's main path, held to accessible names; every settings
// page and the reports page is checked with axe-core and saved under apps/admin-e2e/screenshots/.
import { seriousA11yViolations } from './support/a11y';
import { twilioReceived } from './support/dashboard';
import { startStack, type Stack } from './support/stack';
import { control, signIn } from './support/ui';

describe('admin pages', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack('settings');
    await signIn(stack.page);
  }, 120_000);
  afterAll(() => stack?.close());
  afterEach(() => expect(stack?.takeBrowserErrors() ?? []).toEqual([]));

  const open = async (path: string, heading: string) => {
    await stack.page.goto(path);
    await stack.page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  };

  it('sets autonomy to Full, previews it from the server and saves it', async () => {
    const { page } = stack;
    await open('/settings/autonomy', 'Autonomy');
    // Controlled (the demo): a pricing question is held.
    await page.getByText('A pricing message on Acme SMS (medium risk) → held as a draft').waitFor();
    await control(page, 'Full').check();
    await page.getByText('A pricing message on Acme SMS (medium risk) → sent on its own').waitFor();
    await control(page, 'Save autonomy').click();
    await page.getByText('Autonomy saved').waitFor();
    expect((await stack.api('GET', '/api/v1/autonomy')).body.level).toBe('full');
    await page.reload();
    expect(await control(page, 'Full').isChecked()).toBe(true);
    await stack.screenshot('settings-autonomy');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('adds an SMS account from its schema form and copies its webhook URL', async () => {
    const { page } = stack;
    await open('/settings/channels', 'Channels');
    await control(page, 'Add channel').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Channel type' }).click();
    await page.getByRole('option', { name: 'Twilio SMS' }).click();
    await dialog.getByLabel('Name').fill('Second SMS line');
    await dialog.getByLabel('Account SID').fill('AC' + '1'.repeat(32));
    await dialog.getByLabel('Auth token').fill('a-secret-token');
    await dialog.getByLabel('From number').fill('+15550100999');
    await dialog.getByText('Not set. Write-only: never shown again.').waitFor();
    await control(dialog, 'Add channel').click();
    await dialog.waitFor({ state: 'detached' });

    const accounts = (await stack.api('GET', '/api/v1/channel-accounts')).body.items as any[];
    const added = accounts.find((a) => a.name === 'Second SMS line');
    expect(added).toMatchObject({ plugin: 'twilio-sms', config: { fromNumber: '+15550100999', authToken: null, authTokenSet: true } });
    const section = page.getByRole('region', { name: 'Second SMS line' });
    await section.getByText(added.webhookUrl).waitFor();
    await control(section, 'Copy webhook URL of Second SMS line').click();
    await page.getByText('Copied').waitFor();
    await stack.screenshot('settings-channels');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('writes a knowledge article and finds it', async () => {
    const { page } = stack;
    await open('/settings/knowledge', 'Knowledge base');
    await page.getByRole('heading', { name: 'Knowledge gaps' }).waitFor();
    await control(page, 'New article').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Title').fill('Pool heater repairs');
    await dialog.getByLabel('Answer').fill('We repair gas and electric pool heaters from April to October; a visit costs $95.');
    await dialog.getByLabel('Tags').fill('pools, pricing');
    await control(dialog, 'Save article').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByLabel('Search articles').fill('pool heaters');
    await page.getByRole('heading', { name: 'Pool heater repairs' }).waitFor();
    await page.getByText('1 of 7 articles').waitFor();
    const articles = (await stack.api('GET', '/api/v1/knowledge')).body.items as any[];
    expect(articles.find((a) => a.title === 'Pool heater repairs')).toMatchObject({ tags: ['pools', 'pricing'], published: true });
    await stack.screenshot('settings-knowledge');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('creates an API key, shown once, that works', async () => {
    const { page } = stack;
    await open('/settings/team', 'Team & API keys');
    await page.getByLabel('Key name').fill('CRM sync');
    await control(page, 'Create key').click();
    const key = (await page.getByTestId('new-api-key').textContent())?.trim() ?? '';
    expect(key.length).toBeGreaterThan(20);
    await page.getByRole('cell', { name: 'CRM sync', exact: true }).waitFor();
    expect((await stack.api('GET', '/api/v1/autonomy', undefined, key)).status).toBe(200);
    await page.reload();
    await page.getByRole('cell', { name: 'CRM sync', exact: true }).waitFor();
    expect(await page.getByText(key).count()).toBe(0);
  });

  it('launches a campaign from a template and watches it complete', async () => {
    const { page } = stack;
    await open('/settings/campaigns', 'Templates & campaigns');
    // An SMS template first.
    await page.getByRole('combobox', { name: 'Template channel' }).click({ force: true });
    await page.getByRole('option', { name: 'Acme SMS' }).click();
    await page.getByLabel('Template name').fill('tune_up_offer');
    await page.getByLabel('Template body').fill('Hi {{1}}, our spring tune-up is {{2}} this month.');
    await control(page, 'Add template').click();
    await page.getByText('Template tune_up_offer added').waitFor();

    await page.getByLabel('Campaign name').fill('Spring offer');
    await page.getByRole('combobox', { name: 'Channel', exact: true }).click({ force: true });
    await page.getByRole('option', { name: 'Acme SMS' }).click();
    await page.getByLabel('Parameter {{1}}').fill('there');
    await page.getByLabel('Parameter {{2}}').fill('$99');
    await page.getByLabel('Recipients').fill('Dana Cole, +15557771001\nEli Park, +15557771002');
    await control(page, 'Launch campaign').click();
    const progress = page.getByRole('region', { name: 'Campaign progress' });
    await progress.getByText('Complete').waitFor({ timeout: 30_000 });
    await progress.getByText('Dana Cole').waitFor();
    await progress.getByText('Eli Park').waitFor();
    expect(await twilioReceived(stack, 'Hi there, our spring tune-up is $99 this month.')).toMatchObject({ From: '+15550100200' });
    await stack.screenshot('settings-campaigns');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('reads the reports of the demo workspace', async () => {
    const { page } = stack;
    await open('/reports', 'Reports');
    const figures = page.getByRole('region', { name: 'Key figures' });
    await figures.getByText('AI resolution rate').waitFor();
    const volume = (await stack.api('GET', '/api/v1/reports/conversations')).body;
    await figures.getByText(String(volume.totals.total), { exact: true }).waitFor();
    await page.getByRole('table', { name: 'Escalations by reason' }).getByText('Customer asked for a human').first().waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('region', { name: 'Escalations by reason' }).getByRole('button', { name: 'CSV' }).click();
    expect((await download).suggestedFilename()).toMatch(/^parley-escalation-reasons-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    await stack.screenshot('reports');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('passes axe on the other settings pages', async () => {
    const { page } = stack;
    for (const [path, heading] of [
      ['/settings/start', 'Get started'],
      ['/settings/assistant', 'Assistant'],
      ['/settings/team', 'Team & API keys'],
      ['/settings/dead-letters', 'Failed sends'],
    ]) {
      await open(path, heading);
      await page.waitForLoadState('networkidle');
      expect({ path, violations: await seriousA11yViolations(page) }).toEqual({ path, violations: [] });
    }
    await open('/settings/assistant', 'Assistant');
    await control(page, 'Ask the assistant').click();
    await page.getByRole('region', { name: 'Assistant report' }).getByText('Intent', { exact: true }).waitFor();
    await stack.screenshot('settings-assistant');
  });

  it('invites an operator, who signs in and sees only what operators may use', async () => {
    const { page } = stack;
    await open('/settings/team', 'Team & API keys');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Nora Quinn');
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill('nora@acme.test');
    const password = await page.getByLabel('First password').inputValue();
    await control(page, 'Invite').click();
    await page.getByText(`nora@acme.test / ${password}`).waitFor();
    await page.getByRole('cell', { name: 'Nora Quinn', exact: true }).waitFor();

    await control(page, 'Sign out').click();
    await signIn(page, 'nora@acme.test', password);
    await page.goto('/settings/autonomy');
    await page.waitForURL(/\/settings\/knowledge/);
    const nav = page.getByRole('navigation', { name: 'Settings' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([expect.stringContaining('Knowledge base')]);
    expect(await control(page, 'New article').count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
