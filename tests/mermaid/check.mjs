// Checks that Mermaid text is accepted by Mermaid's own parser.
//
// Usage: node tests/mermaid/check.mjs [--json] FILE_OR_DIR...
//   A directory stands for every *.mmd file directly in it.
// Prints `ok FILE` or `error FILE: <message>` per file; exits 1 if any file
// failed or none was given, 0 otherwise. With --json, prints one JSON object
// per file instead: what the parser read (nodes and edges with their decoded
// text), so a test can prove that no text turned into extra syntax.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';

// Mermaid sanitizes labels with DOMPurify, which needs a browser window
// (without one, parse fails with "DOMPurify.addHook is not a function"):
// give it a jsdom window and document before mermaid is loaded.
const { window } = new JSDOM('<!DOCTYPE html><html><body></body></html>');
globalThis.window = window;
globalThis.document = window.document;

// Dynamic import so the globals above exist when mermaid's modules initialise.
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

// Expand the arguments: files as given, directories to their *.mmd files.
const json = process.argv.includes('--json');
const files = process.argv.slice(2).filter((arg) => arg !== '--json').flatMap((arg) =>
  statSync(arg, { throwIfNoEntry: false })?.isDirectory()
    ? readdirSync(arg).filter((f) => f.endsWith('.mmd')).sort().map((f) => join(arg, f))
    : [arg],
);
if (files.length === 0) {
  console.error('usage: node check.mjs FILE_OR_DIR... (no .mmd file given)');
  process.exit(1);
}

// The parser keeps entity codes as placeholders (ﬂ°°35¶ß for #35;) until it
// draws; decode them, and line breaks, to the text a reader sees.
function decode(text = '') {
  return String(text)
    .replace(/ﬂ°°(\d+)¶ß/g, (_, code) => String.fromCodePoint(Number(code)))
    .replace(/ﬂ°(\w+)¶ß/g, (_, name) => ({ lt: '<', gt: '>', quot: '"', amp: '&' })[name] ?? `#${name};`)
    .replace(/<br\s*\/?>/g, '\n');
}

let failed = 0;
for (const file of files) {
  try {
    const text = readFileSync(file, 'utf8');
    // mermaid.render() (not parse) swaps a text longer than maxTextSize
    // (default 50,000 chars) for a "Maximum text size" error: catch it here.
    const max = mermaid.mermaidAPI.getConfig().maxTextSize;
    if (text.length > max) throw new Error(`${text.length} chars, over Mermaid's maxTextSize of ${max}`);
    // mermaid.parse rejects on a syntax error, an unknown diagram type or a
    // flowchart over maxEdges (500).
    await mermaid.parse(text);
    if (json) {
      const { db } = await mermaid.mermaidAPI.getDiagramFromText(text);
      const nodes = [...db.getVertices().values()].map((v) => ({ id: v.id, text: decode(v.text) }));
      const edges = db.getEdges().map((e) => ({ from: e.start, to: e.end, text: decode(e.text) }));
      console.log(JSON.stringify({ file, ok: true, nodes, edges }));
    } else {
      console.log(`ok ${file}`);
    }
  } catch (err) {
    failed++;
    // Parser messages span several lines (context + caret): keep them on one.
    const message = String(err?.message ?? err).replace(/\s*\n\s*/g, ' | ');
    console.log(json ? JSON.stringify({ file, ok: false, error: message }) : `error ${file}: ${message}`);
  }
}
process.exit(failed ? 1 : 0);
