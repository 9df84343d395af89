import type { INestApplicationContext } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { APP_CONFIG } from '../config/config.module';
import { ConfigError, type AppConfig } from '../config/app-config';
import { DemoSeeder } from '../demo/demo-seeder';
import { SetupDoneError, SetupService } from '../auth/setup.service';

type Print = (line: string) => void;

const CREATE_ADMIN = 'node dist/apps/api/main.js create-admin --email you@example.com';

/**
 * What a start prints about signing in. With `--seed-demo` (development only: `npm start`), the demo
 * workspace and its public login. Without it, on a database with no user, a one-time link to create
 * the first admin; nothing once someone can sign in.
 */
export async function firstRun(app: INestApplicationContext, options: { seedDemo: boolean; print?: Print }): Promise<void> {
  const print = options.print ?? ((line: string) => console.log(line));
  const config = app.get<AppConfig>(APP_CONFIG);
  if (options.seedDemo) {
    if (config.env === 'production') {
      throw new ConfigError([
        '--seed-demo is for development only (NODE_ENV=production here): the demo logins and channel secrets are public. Start without it: the server prints a one-time link to create the first admin (or run create-admin).',
      ]);
    }
    const result = await app.get(DemoSeeder).seed((step, done, total) => print(`  seeding demo [${done}/${total}] ${step}`));
    print(result.created ? 'Demo workspace "Acme Home Services" created.' : 'Demo workspace already present.');
    print(`  Demo login ${result.login.email} / ${result.login.password} (operators: maya@acme.test, leo@acme.test)`);
    return;
  }
  const link = await app.get(SetupService).issueLink();
  if (!link) return;
  print('');
  print('No one can sign in yet. Create the first admin with this one-time link (valid 24 hours):');
  print(`  ${link.url}`);
  print(`  or on the server: ${CREATE_ADMIN}`);
}

const USAGE = `Usage: ${CREATE_ADMIN.replace('you@example.com', '<email>')} [--name <name>] [--workspace <workspace name>] [--password-stdin]
  Creates the first workspace and its admin on a server that has no user yet. Without --password-stdin
  a password is generated and printed once.`;

/**
 * `main.js create-admin`: the first admin from the command line (the same rule as the setup link: only
 * while no user exists). Returns the exit code: 0 created, 1 refused, 2 usage.
 */
export async function createAdminCommand(
  app: INestApplicationContext,
  argv: string[],
  print: Print = (line) => console.log(line),
  readStdin: () => string = () => readFileSync(0, 'utf8'),
): Promise<number> {
  let values: { email?: string; name?: string; workspace?: string; 'password-stdin'?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { email: { type: 'string' }, name: { type: 'string' }, workspace: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
      allowPositionals: true,
    }));
  } catch (err) {
    print(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const email = values.email?.trim().toLowerCase() ?? '';
  if (!isEmail(email)) {
    print(`${email ? `Not an email address: ${values.email}` : '--email is required'}\n${USAGE}`);
    return 2;
  }
  const generated = !values['password-stdin'];
  const password = generated ? randomBytes(18).toString('base64url') : readStdin().replace(/\r?\n$/, '');
  if (password.length < 8) {
    print('The password must have at least 8 characters.');
    return 2;
  }
  const name = values.name?.trim() || email.split('@')[0];
  const workspaceName = values.workspace?.trim() || 'My workspace';
  try {
    await app.get(SetupService).createFirstAdmin({ email, name, workspaceName, password });
  } catch (err) {
    if (err instanceof SetupDoneError) {
      print('This server already has users: create-admin only makes the first one. An admin adds others in the dashboard (or POST /api/v1/users).');
      return 1;
    }
    throw err;
  }
  print(`Created workspace "${workspaceName}" and its admin ${email}.`);
  if (generated) print(`  password: ${password}   (shown once: sign in and change it)`);
  return 0;
}
