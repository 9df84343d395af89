import { emailCsp, emailSrcdoc, inlineContentIds } from './email-html';

const body = (srcdoc: string) => srcdoc.slice(srcdoc.indexOf('<body>'));

describe('emailSrcdoc', () => {
  const html = `
    <p onclick="steal()">Hello <a href="javascript:alert(1)">x</a> <a href="https://acme.test">site</a></p>
    <script>alert(1)</script><iframe src="https://evil.test"></iframe>
    <img data-remote-src="https://tracker.test/pixel.gif"><img data-remote-src="https://cdn.test/logo.png" alt="Acme logo">
    <img data-remote-src="http://plain.test/x.png" alt="plain">
    <img src="cid:logo" alt="logo">
    <div style="background:url(https://tracker.test/bg.png)">bg</div>
    <meta http-equiv="refresh" content="0;url=https://evil.test">`;

  it('removes scripts, frames, refreshes, event handlers and javascript: links', () => {
    const b = body(emailSrcdoc(html, { allowImages: false }).srcdoc);
    expect(b).not.toMatch(/<script/i);
    expect(b).not.toMatch(/<iframe/i);
    expect(b).not.toMatch(/onclick/i);
    expect(b).not.toMatch(/javascript:/i);
    expect(b).not.toMatch(/http-equiv="refresh"/i);
    expect(b).toContain('Hello');
  });

  it('forbids scripts always, and remote images until allowed, through the CSP (blob: and data: images only)', () => {
    const { srcdoc } = emailSrcdoc(html, { allowImages: false });
    expect(srcdoc).toContain(`content="${emailCsp(false)}"`);
    expect(emailCsp(false)).toContain("script-src 'none'");
    expect(emailCsp(false)).toContain("default-src 'none'");
    expect(emailCsp(false)).toMatch(/img-src data: blob:$/);
    expect(emailCsp(false)).not.toContain('https:');
    expect(emailCsp(true)).toContain('img-src data: blob: https:');
    expect(emailCsp(true)).not.toContain('http:');
    expect(emailCsp(true)).toContain("script-src 'none'");
    expect(emailCsp(true)).toContain("default-src 'none'");
  });

  it('shows each remote image placeholder as a small box with its alt text or "Remote image"', () => {
    const blocked = emailSrcdoc(html, { allowImages: false });
    expect(blocked.blockedImages).toBe(4); // three placeholders and the background
    const doc = new DOMParser().parseFromString(blocked.srcdoc, 'text/html');
    const boxes = Array.from(doc.querySelectorAll('.email-img-box')).map((b) => b.textContent);
    expect(boxes).toEqual(['Remote image', 'Acme logo', 'plain', 'logo']);
    expect(doc.querySelector('[data-remote-src]')).toBeNull();
    expect(blocked.srcdoc).not.toContain('tracker.test');
    expect(blocked.srcdoc).not.toContain('cdn.test');
  });

  it('"Load images" moves https placeholders into src and keeps anything else a box', () => {
    const allowed = emailSrcdoc(html, { allowImages: true });
    expect(allowed.blockedImages).toBe(0);
    const doc = new DOMParser().parseFromString(allowed.srcdoc, 'text/html');
    const srcs = Array.from(doc.body.querySelectorAll('img')).map((i) => i.getAttribute('src'));
    expect(srcs).toEqual(['https://tracker.test/pixel.gif', 'https://cdn.test/logo.png']);
    expect(doc.body.querySelector('img[data-remote-src]')).toBeNull();
    // http is not loaded even then
    expect(allowed.srcdoc).not.toContain('http://plain.test');
    expect(Array.from(doc.querySelectorAll('.email-img-box')).map((b) => b.textContent)).toContain('plain');
    expect(allowed.srcdoc).not.toMatch(/<script/i);
  });

  it('holds back a remote src that came without the server placeholder too', () => {
    const { srcdoc, blockedImages } = emailSrcdoc('<img src="https://old.test/a.png" alt="old">', { allowImages: false });
    expect(blockedImages).toBe(1);
    expect(srcdoc).not.toContain('old.test');
    expect(srcdoc).toContain('>old</span>');
  });

  it('replaces cid: images by their blob URL, any case, and keeps a box while one is missing', () => {
    const mail = '<p><img src="cid:P1" alt="photo"><img src="cid:missing"></p>';
    const out = emailSrcdoc(mail, { allowImages: false, inline: { p1: 'blob:http://localhost/abc' } });
    const doc = new DOMParser().parseFromString(out.srcdoc, 'text/html');
    expect(doc.body.querySelector('img')?.getAttribute('src')).toBe('blob:http://localhost/abc');
    expect(doc.querySelector('.email-img-box')?.textContent).toBe('Inline image');
    expect(out.inlineIds).toEqual(['p1', 'missing']);
    expect(out.blockedImages).toBe(0);
    // only blob: URLs are put in place
    const evil = emailSrcdoc(mail, { allowImages: false, inline: { p1: 'https://evil.test/x' } });
    expect(evil.srcdoc).not.toContain('evil.test');
  });

  it('opens links in a new tab without an opener', () => {
    const { srcdoc } = emailSrcdoc('<a href="https://acme.test">site</a>', { allowImages: false });
    expect(srcdoc).toContain('target="_blank"');
    expect(srcdoc).toContain('rel="noopener noreferrer nofollow"');
  });
});

describe('inlineContentIds', () => {
  it('lists the contentIds an HTML shows inline, lower-cased and once', () => {
    expect(inlineContentIds(`<img src="cid:P1"><img src='cid:p1'><img src=cid:logo@acme><img src="https://x.test/cid:no">`)).toEqual(['p1', 'logo@acme']);
    expect(inlineContentIds(null)).toEqual([]);
  });
});
