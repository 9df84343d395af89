import { emailCsp, emailSrcdoc } from './email-html';

describe('emailSrcdoc', () => {
  const html = `
    <p onclick="steal()">Hello <a href="javascript:alert(1)">x</a> <a href="https://acme.test">site</a></p>
    <script>alert(1)</script><iframe src="https://evil.test"></iframe>
    <img src="https://tracker.test/pixel.gif"><img src="cid:logo" alt="logo">
    <div style="background:url(https://tracker.test/bg.png)">bg</div>
    <meta http-equiv="refresh" content="0;url=https://evil.test">`;

  it('removes scripts, frames, refreshes, event handlers and javascript: links', () => {
    const { srcdoc } = emailSrcdoc(html, { allowImages: false });
    const body = srcdoc.slice(srcdoc.indexOf('<body>'));
    expect(body).not.toMatch(/<script/i);
    expect(body).not.toMatch(/<iframe/i);
    expect(body).not.toMatch(/onclick/i);
    expect(body).not.toMatch(/javascript:/i);
    expect(body).not.toMatch(/http-equiv="refresh"/i);
    expect(body).toContain('Hello');
  });

  it('forbids scripts and, until allowed, remote images through the CSP', () => {
    const { srcdoc } = emailSrcdoc(html, { allowImages: false });
    expect(srcdoc).toContain(`content="${emailCsp(false)}"`);
    expect(emailCsp(false)).toContain("script-src 'none'");
    expect(emailCsp(false)).toContain("default-src 'none'");
    expect(emailCsp(false)).not.toContain('https:');
    expect(emailCsp(true)).toContain('img-src data: cid: https:');
  });

  it('holds remote images back until "Load images"', () => {
    const blocked = emailSrcdoc(html, { allowImages: false });
    expect(blocked.blockedImages).toBe(2); // the pixel and the background
    expect(blocked.srcdoc).not.toMatch(/ src="https:\/\/tracker/);
    expect(blocked.srcdoc).toContain('data-blocked-src="https://tracker.test/pixel.gif"');
    expect(blocked.srcdoc).not.toContain('https://tracker.test/bg.png');
    expect(blocked.srcdoc).toContain('src="cid:logo"');

    const allowed = emailSrcdoc(html, { allowImages: true });
    expect(allowed.blockedImages).toBe(0);
    expect(allowed.srcdoc).toContain(' src="https://tracker.test/pixel.gif"');
    expect(allowed.srcdoc).not.toMatch(/<script/i);
  });

  it('opens links in a new tab without an opener', () => {
    const { srcdoc } = emailSrcdoc('<a href="https://acme.test">site</a>', { allowImages: false });
    expect(srcdoc).toContain('target="_blank"');
    expect(srcdoc).toContain('rel="noopener noreferrer nofollow"');
  });
});
