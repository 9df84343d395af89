import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DOVECOT = '/usr/sbin/dovecot';

/**
 * Debian's Dovecot, installed when missing (`apt-get install -y dovecot-imapd`, as root), or the reason it
 * cannot be had. CI installs it up front (.ci/run), so the install here only helps a fresh machine.
 */
export function ensureDovecot(): { ok: true } | { ok: false; reason: string } {
  if (existsSync(DOVECOT)) return { ok: true };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'dovecot-imapd is not installed and the tests do not run as root' };
  try {
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'dovecot-imapd'], {
      stdio: 'ignore',
      timeout: 180_000,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch (err) {
    return { ok: false, reason: `apt-get install dovecot-imapd failed: ${String(err)}` };
  }
  return existsSync(DOVECOT) ? { ok: true } : { ok: false, reason: 'dovecot-imapd installed but /usr/sbin/dovecot is missing' };
}

/** Every process below `pid` (from /proc), children first level first. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited meanwhile
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift() as number;
    for (const [child, ppid] of parents) {
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** Who owns the test mailbox: this process's user, or `dovecot` when the tests run as root. */
function mailOwner(): { uid: number; gid: number } {
  const uid = process.getuid?.() ?? 0;
  if (uid !== 0) return { uid, gid: process.getgid?.() ?? uid };
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('dovecot:'));
  const [, , u, g] = (line ?? '').split(':');
  if (!u) throw new Error('no dovecot user in /etc/passwd to own the test mailbox');
  return { uid: Number(u), gid: Number(g) };
}

/**
 * A private Dovecot (IMAP only, plain text on loopback) on a port of its own, with a temporary config,
 * maildirs and a passwd-file user: nothing of the system's Dovecot is used or touched.
 */
export class DovecotServer {
  readonly dir = mkdtempSync(join(tmpdir(), 'parley-dovecot-'));
  private process?: ChildProcess;

  constructor(
    readonly port: number,
    readonly user = 'support',
    readonly password = 'imap-test-password',
  ) {
    mkdirSync(join(this.dir, 'run'));
    mkdirSync(join(this.dir, 'mail'));
    // Dovecot refuses to run mail as root: as root, the mail belongs to the package's `dovecot` user.
    const { uid, gid } = mailOwner();
    if (process.getuid?.() === 0) {
      chmodSync(this.dir, 0o755);
      chownSync(join(this.dir, 'mail'), uid, gid);
    }
    writeFileSync(join(this.dir, 'passwd'), `${user}:{PLAIN}${password}:${uid}:${gid}::${join(this.dir, 'mail', user)}::\n`);
    writeFileSync(
      join(this.dir, 'dovecot.conf'),
      [
        `base_dir = ${join(this.dir, 'run')}`,
        `state_dir = ${join(this.dir, 'run')}`,
        `log_path = ${join(this.dir, 'dovecot.log')}`,
        'protocols = imap',
        'listen = 127.0.0.1',
        'ssl = no',
        'disable_plaintext_auth = no',
        'auth_mechanisms = plain login',
        'first_valid_uid = 1',
        'auth_failure_delay = 0',
        'first_valid_gid = 1',
        `mail_location = maildir:${join(this.dir, 'mail', '%u')}`,
        `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${join(this.dir, 'passwd')}\n}`,
        `userdb {\n  driver = passwd-file\n  args = username_format=%u ${join(this.dir, 'passwd')}\n}`,
        `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${this.port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
        '',
      ].join('\n'),
    );
  }

  async start(): Promise<void> {
    const child = spawn(DOVECOT, ['-F', '-c', join(this.dir, 'dovecot.conf')], { stdio: 'ignore' });
    this.process = child;
    const deadline = Date.now() + 10_000;
    while (!(await this.accepting())) {
      if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}; see ${join(this.dir, 'dovecot.log')}`);
      if (Date.now() > deadline) throw new Error(`dovecot did not listen on ${this.port} in 10 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Stops this instance (only the process this object started). */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null || child.pid === undefined) return;
    // Dovecot's IMAP sessions (and its log process) outlive the master: they are this instance's too, ended by pid.
    const family = descendants(child.pid);
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    });
    for (const pid of [...family, ...family.flatMap(descendants)]) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    // Its child processes go with it; wait until the port is free again.
    const deadline = Date.now() + 5_000;
    while ((await this.accepting()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private accepting(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port: this.port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  }
}
