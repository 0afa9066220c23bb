// The canonical text of each part of an article a reader can report, computed over the
// DOM exactly as newsroom/text.py computes it (its docstring is the spec; keep the lists
// the same), plus a map from each canonical character back to the DOM so a selection can
// be turned into code-point offsets the server agrees with. Every function here takes the
// part's element ([data-correctable][data-part]) as its root: the body's blocks follow
// the block rules (canonical_text in newsroom/text.py); the headline, standfirst, caption
// and credit elements hold only their text, so the same rules give their one block
// (normalise_block), which the parity test checks on every demo article.

const BLOCKS = new Set(
  ("ADDRESS ARTICLE ASIDE BLOCKQUOTE DD DETAILS DIV DL DT FIGCAPTION FIGURE FOOTER H1 H2 H3 " +
    "H4 H5 H6 HEADER HR LI MAIN NAV OL P PRE SECTION SUMMARY TABLE TBODY TD TFOOT TH THEAD " +
    "TR UL").split(" "),
);
const SKIPPED = new Set(["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT"]);
const IGNORED = /[\u00ad\u200b\u200c\u200d\u2060\ufeff]/;
const SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const MARK = /\p{M}/u;

// Raw characters of each block, each with its position in a stream of all the body's text
// (UTF-16 units, as DOM offsets count), and the text nodes and <br>s that make the stream.
function scan(root) {
  const blocks = [];
  const items = [];
  let block = [];
  let pos = 0;
  const close = () => {
    if (block.length) blocks.push(block);
    block = [];
  };
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        items.push([child, pos]);
        for (const ch of child.data) {
          if (!IGNORED.test(ch)) block.push([ch, pos]);
          pos += ch.length;
        }
      } else if (child.nodeType === Node.ELEMENT_NODE && !SKIPPED.has(child.tagName)) {
        if (child.tagName === "BR") {
          items.push([child, pos]);
          block.push([" ", pos++]);
        } else if (BLOCKS.has(child.tagName)) {
          close();
          walk(child);
          close();
        } else walk(child);
      }
    }
  };
  walk(root);
  close();
  return { blocks, items, length: pos };
}

// NFC per run of a character and the marks that follow it, so every output code point
// keeps the stream position of the run it came from.
function normalise(block) {
  const out = [];
  let run = [];
  const flush = () => {
    if (!run.length) return;
    for (const ch of run.map((c) => c[0]).join("").normalize("NFC")) out.push([ch, run[0][1]]);
    run = [];
  };
  for (const c of block) {
    const last = run.length && run[run.length - 1][0];
    if (last && (MARK.test(c[0]) || (last + c[0]).normalize() !== last.normalize() + c[0].normalize())) {
      run.push(c);
    } else {
      flush();
      run.push(c);
    }
  }
  flush();
  const chars = [];
  for (const [ch, pos] of out) {
    if (!SPACE.test(ch)) chars.push([ch, pos]);
    else if (chars.length && chars[chars.length - 1][0] !== " ") chars.push([" ", pos]);
  }
  if (chars.length && chars[chars.length - 1][0] === " ") chars.pop();
  return chars;
}

// [[codePoint, streamPosition], ...] for the whole canonical text, blocks joined by "\n".
export function canonicalChars(root) {
  const { blocks, items, length } = scan(root);
  const chars = [];
  for (const block of blocks) {
    const text = normalise(block);
    if (!text.length) continue;
    if (chars.length) {
      const [ch, pos] = chars[chars.length - 1];
      chars.push(["\n", pos + ch.length]);
    }
    chars.push(...text);
  }
  return { chars, items, length };
}

export function canonicalText(root) {
  return canonicalChars(root).chars.map((c) => c[0]).join("");
}

// Stream position of a DOM boundary point (container, offset).
function streamPosition(map, container, offset) {
  if (container.nodeType === Node.TEXT_NODE) {
    const item = map.items.find((i) => i[0] === container);
    if (item) return item[1] + offset;
  }
  const point = document.createRange();
  point.setStart(container, offset);
  const next = map.items.find((i) => point.comparePoint(i[0], 0) >= 0);
  return next ? next[1] : map.length;
}

// The canonical offset of a stream position: how many characters start before it.
function offset(chars, pos) {
  let n = 0;
  while (n < chars.length && chars[n][1] < pos) n++;
  return n;
}

// The passage a range selects inside root, clamped to root; null when nothing is selected
// there. Offsets are code points into canonicalText(root), whose length is `length`;
// leading and trailing spaces and line breaks are left out.
export function passage(root, range, width = 48) {
  const body = document.createRange();
  body.selectNodeContents(root);
  const startSide = body.comparePoint(range.startContainer, range.startOffset);
  const endSide = body.comparePoint(range.endContainer, range.endOffset);
  if (startSide > 0 || endSide < 0) return null;
  const map = canonicalChars(root);
  const { chars } = map;
  let start = startSide < 0 ? 0 : offset(chars, streamPosition(map, range.startContainer, range.startOffset));
  let end = endSide > 0 ? chars.length : offset(chars, streamPosition(map, range.endContainer, range.endOffset));
  while (start < end && /\s/.test(chars[start][0])) start++;
  while (end > start && /\s/.test(chars[end - 1][0])) end--;
  if (start >= end) return null;
  const text = (a, b) => chars.slice(Math.max(0, a), b).map((c) => c[0]).join("");
  return {
    quote: text(start, end),
    prefix: text(start - width, start),
    suffix: text(end, end + width),
    start,
    end,
    length: chars.length,
  };
}
