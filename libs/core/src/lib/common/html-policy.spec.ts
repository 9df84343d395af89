import { sanitizeHtml } from './html-policy';

describe('sanitizeHtml (the shared message HTML policy)', () => {
  it.each([
    [
      'formatting stays',
      '<p>Hi <strong>there</strong>, <em>see</em> <u>this</u><br>list:</p><ol start="2"><li>one</li></ol>',
      '<p>Hi <strong>there</strong>, <em>see</em> <u>this</u><br />list:</p><ol start="2"><li>one</li></ol>',
    ],
    [
      'tables and quotes stay',
      '<table><tr><td colspan="2">a</td></tr></table><blockquote>b</blockquote>',
      '<table><tr><td colspan="2">a</td></tr></table><blockquote>b</blockquote>',
    ],
    ['scripts go with their text', 'a<script>alert(1)</script>b', 'ab'],
    ['styles go (tags and attributes)', '<style>p{color:red}</style><p style="color:red">x</p>', '<p>x</p>'],
    ['event handlers go', '<p onclick="steal()" onmouseover="x()">x</p>', '<p>x</p>'],
    ['iframes, objects and svg go with their content', '<iframe src="https://e.test">i</iframe><object>o</object><svg><script>s</script></svg>x', 'x'],
    ['forms go, their text stays', '<form action="https://e.test"><input name="card"><button>Pay</button></form>', 'Pay'],
    [
      'https links get rel',
      '<a href="https://e.test/a" target="_blank">a</a>',
      '<a href="https://e.test/a" target="_blank" rel="noopener noreferrer nofollow">a</a>',
    ],
    ['mailto links stay', '<a href="mailto:a@e.test">m</a>', '<a href="mailto:a@e.test" rel="noopener noreferrer nofollow">m</a>'],
    ['javascript: links lose their href', '<a href=" JaVaScRiPt:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'],
    [
      'relative and protocol-relative links lose their href',
      '<a href="/x">r</a><a href="//e.test">p</a>',
      '<a rel="noopener noreferrer nofollow">r</a><a rel="noopener noreferrer nofollow">p</a>',
    ],
    ['a rel of the author is replaced', '<a href="https://e.test" rel="opener">x</a>', '<a href="https://e.test" rel="noopener noreferrer nofollow">x</a>'],
    ['a target other than _blank goes', '<a href="https://e.test" target="_top">x</a>', '<a href="https://e.test" rel="noopener noreferrer nofollow">x</a>'],
    [
      'https and cid images stay',
      '<img src="https://e.test/l.png" alt="l"><img src="cid:logo@x">',
      '<img src="https://e.test/l.png" alt="l" /><img src="cid:logo@x" />',
    ],
    [
      'http, data and relative images go',
      '<img src="http://t.test/p.gif"><img src="data:image/png;base64,AA"><img src="/p.png"><img src="//t.test/p.gif">x',
      'x',
    ],
  ])('%s', (_, input, expected) => {
    expect(sanitizeHtml(input)).toBe(expected);
  });
});
