import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutboundRequestRefused } from '@parley/plugin-sdk';
import { addressRange, GuardedHttpClient, parseAllowedHosts } from './outbound-guard';

describe('addressRange', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['169.254.169.254', 'linkLocal'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd00:ec2::254', 'uniqueLocal'],
    // IPv6 forms that carry an IPv4 address are judged by that address.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'linkLocal'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:7f00:1::', 'loopback'],
  ])('%s is %s', (address, range) => {
    expect(addressRange(address)).toBe(range);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('%s is public', (address) => {
    expect(addressRange(address)).toBe('unicast');
  });

  it('treats what is not an address as refused', () => {
    expect(addressRange('not-an-ip')).toBe('invalid');
  });
});

describe('parseAllowedHosts', () => {
  it('takes exact host names and addresses, lower-cased, brackets and blanks dropped', () => {
    expect(parseAllowedHosts(' 127.0.0.1, LocalHost ,[::1],llm.internal,')).toEqual({ hosts: ['127.0.0.1', 'localhost', '::1', 'llm.internal'], problems: [] });
  });

  it('names each entry that is not a host name or address', () => {
    expect(parseAllowedHosts('http://x.test,10.0.0.0/8,*.internal,host:8080,ok.test').problems).toEqual([
      '"http://x.test" is not a host name or IP address',
      '"10.0.0.0/8" is not a host name or IP address',
      '"*.internal" is not a host name or IP address',
      '"host:8080" is not a host name or IP address',
    ]);
  });
});

describe('GuardedHttpClient', () => {
  let server: Server;
  let port: number;
  const seen: { url: string; authorization?: string }[] = [];
  const clients: GuardedHttpClient[] = [];
  const client = (allowed: string[]) => {
    const c = new GuardedHttpClient(allowed);
    clients.push(c);
    return c;
  };
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (err: unknown) => err,
    );

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
      const to = /^\/to\/(.+)$/.exec(req.url ?? '');
      if (to) {
        res.writeHead(302, { location: decodeURIComponent(to[1]) });
        return void res.end();
      }
      if (req.url === '/loop') {
        res.writeHead(302, { location: '/loop' });
        return void res.end();
      }
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.onModuleDestroy()));
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it('refuses loopback by address, and by a name only after resolving it (at connect time)', async () => {
    const http = client([]);
    for (const url of [
      `http://127.0.0.1:${port}/`,
      `http://localhost:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://2130706433:${port}/`,
      `http://0177.0.0.1:${port}/`,
    ]) {
      const err = await refusal(http.fetch(url));
      expect({ url, err }).toEqual({ url, err: expect.any(OutboundRequestRefused) });
    }
    expect(seen).toEqual([]);
  });

  it('lets through what OUTBOUND_ALLOWED_HOSTS lists, by name or by resolved address', async () => {
    expect((await client(['localhost']).fetch(`http://localhost:${port}/a`)).status).toBe(200);
    expect((await client(['127.0.0.1']).fetch(`http://localhost:${port}/b`)).status).toBe(200);
    expect(await refusal(client(['localhost']).fetch(`http://127.0.0.1:${port}/c`))).toBeInstanceOf(OutboundRequestRefused);
    expect(seen.map((s) => s.url)).toEqual(['/a', '/b']);
  });

  it('refuses other schemes', async () => {
    const http = client(['localhost', '127.0.0.1']);
    for (const url of ['data:text/plain,hello', 'file:///etc/passwd', 'ftp://localhost/x'])
      expect(await refusal(http.fetch(url))).toBeInstanceOf(OutboundRequestRefused);
  });

  it('checks every redirect, drops credentials when the origin changes, and stops after a few hops', async () => {
    const http = client(['localhost']);
    const refused = await refusal(
      http.fetch(`http://localhost:${port}/to/${encodeURIComponent(`http://127.0.0.1:${port}/secret`)}`, { headers: { authorization: 'Basic c2VjcmV0' } }),
    );
    expect(refused).toBeInstanceOf(OutboundRequestRefused);
    expect(seen.map((s) => s.url)).toEqual([`/to/${encodeURIComponent(`http://127.0.0.1:${port}/secret`)}`]);

    seen.length = 0;
    const same = await http.fetch(`http://localhost:${port}/to/${encodeURIComponent('/same')}`, { headers: { authorization: 'Basic c2VjcmV0' } });
    expect(same.status).toBe(200);
    expect(seen.map((s) => s.authorization)).toEqual(['Basic c2VjcmV0', 'Basic c2VjcmV0']);

    seen.length = 0;
    const crossed = client(['localhost', '127.0.0.1']);
    await crossed.fetch(`http://localhost:${port}/to/${encodeURIComponent(`http://127.0.0.1:${port}/other`)}`, {
      headers: { authorization: 'Basic c2VjcmV0', cookie: 'a=b' },
    });
    expect(seen).toEqual([
      { url: expect.stringMatching(/^\/to\//), authorization: 'Basic c2VjcmV0' },
      { url: '/other', authorization: undefined },
    ]);

    seen.length = 0;
    expect(await refusal(http.fetch(`http://localhost:${port}/loop`))).toBeInstanceOf(Error);
    expect(seen.length).toBeLessThanOrEqual(6);
  });

  it('keeps a request and its redirects on the hosts given as onlyHosts', async () => {
    const http = client(['localhost', '127.0.0.1']);
    expect((await http.fetch(`http://localhost:${port}/x`, { onlyHosts: ['localhost'] })).status).toBe(200);
    expect(await refusal(http.fetch(`http://127.0.0.1:${port}/x`, { onlyHosts: ['localhost'] }))).toBeInstanceOf(OutboundRequestRefused);
    expect(
      await refusal(http.fetch(`http://localhost:${port}/to/${encodeURIComponent(`http://127.0.0.1:${port}/y`)}`, { onlyHosts: ['localhost'] })),
    ).toBeInstanceOf(OutboundRequestRefused);
    // onlyHostsIfAllowed: honoured only for hosts OUTBOUND_ALLOWED_HOSTS lists.
    expect((await http.fetch(`http://127.0.0.1:${port}/z`, { onlyHosts: ['api.example.com'], onlyHostsIfAllowed: ['127.0.0.1'] })).status).toBe(200);
    expect(
      await refusal(client(['localhost']).fetch(`https://public.example/z`, { onlyHosts: ['api.example.com'], onlyHostsIfAllowed: ['public.example'] })),
    ).toBeInstanceOf(OutboundRequestRefused);
    expect(seen.map((s) => s.url)).toEqual(['/x', expect.stringMatching(/^\/to\//), '/z']);
  });
});
