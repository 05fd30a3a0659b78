#!/usr/bin/env node
// Checks that yaml-language-server, the engine behind VS Code's YAML extension
// and other editors, gets diagnostics, hover docs and completion for an SOP from
// schemas/sop.schema.json, found through the file's own
// `# yaml-language-server: $schema=../../schemas/sop.schema.json` modeline.
//
// It drives the language service API directly (no LSP client, no network).
// Usage, from anywhere: node tests/editor/check.mjs
// Prints `ok NAME` or `FAIL NAME: details` per check; exits 1 if any failed,
// 2 if it could not run (e.g. `npm ci --prefix tests/editor` not done).

import { createRequire } from 'node:module';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const schemaPath = path.join(root, 'schemas', 'sop.schema.json');
const schemaUri = pathToFileURL(schemaPath).href;
const samplePath = path.join(root, 'sops', 'customer-service', 'CS-010-complaint-handling.yaml');
const sampleUri = pathToFileURL(samplePath).href;

const require = createRequire(import.meta.url);
let getLanguageService, TextDocument, ylsVersion;
try {
  ({ getLanguageService } = require('yaml-language-server/lib/umd/languageservice/yamlLanguageService.js'));
  ({ TextDocument } = require('vscode-languageserver-textdocument'));
  ylsVersion = require('yaml-language-server/package.json').version;
} catch (e) {
  console.error(`cannot load yaml-language-server (${e.message.split('\n')[0]})`);
  console.error('install it first: npm ci --prefix tests/editor --no-audit --no-fund');
  process.exit(2);
}

// What a client does for a `file://` schema: read it from disk. Anything else
// (http, SchemaStore...) is refused, so the check never uses the network.
const requested = [];
const schemaRequestService = async (uri) => {
  requested.push(uri);
  if (!uri.startsWith('file:')) throw new Error(`refused non-file schema URI ${uri}`);
  return readFile(fileURLToPath(uri), 'utf8');
};
const workspaceContext = {
  resolveRelativePath: (relativePath, resource) => new URL(relativePath, resource).href,
};

const ls = getLanguageService({ schemaRequestService, workspaceContext });
// No `schemas` association and no SchemaStore: the modeline is the only link
// between a document and its schema.
ls.configure({ validate: true, hover: true, completion: true, schemas: [] });

const schema = JSON.parse(await readFile(schemaPath, 'utf8'));
const text = await readFile(samplePath, 'utf8');
const lines = text.split('\n');
const lineOf = (re, src = lines) => {
  const i = src.findIndex((l) => re.test(l));
  if (i < 0) throw new Error(`no line matches ${re}`);
  return i;
};

let version = 0;
const docOf = (t, uri = sampleUri) => TextDocument.create(uri, 'yaml', ++version, t);
const validate = (t, uri) => ls.doValidation(docOf(t, uri), false);
const show = (d) => `L${d.range.start.line + 1}:${d.range.start.character + 1} [${sev(d.severity)}] ${d.message}`;
const sev = (s) => ({ 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' })[s] ?? `severity ${s}`;
const SCHEMA_SOURCE = `yaml-schema: ${schema.title}`;
// yaml-language-server reports schema violations as warnings (only YAML syntax
// errors are errors), so "gives an error" means a diagnostic from the schema.
const fromSchema = (d) => d.source === SCHEMA_SOURCE;
// Hover text is Markdown with the description's own Markdown characters escaped.
const unescapeMd = (s) => s.replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1');
const labels = (list) => list.items.map((i) => i.label);
const edit = (from, to) => {
  if (!text.includes(from)) throw new Error(`sample no longer contains ${JSON.stringify(from)}`);
  return text.replace(from, to);
};

let failed = 0;
const results = [];
async function check(name, fn) {
  try {
    const detail = await fn();
    console.log(`ok ${name}${detail ? ` -- ${detail}` : ''}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message}`);
  }
  results.push(name);
}
const expect = (cond, msg) => {
  if (!cond) throw new Error(msg);
};
const quote = (list) => list.map((x) => JSON.stringify(x)).join(', ');

console.log(`# yaml-language-server ${ylsVersion}, node ${process.version}`);
console.log(`# document ${sampleUri}`);

// a. The sample is valid: no diagnostics at all (errors or warnings).
await check('valid-sample', async () => {
  const diags = await validate(text);
  expect(diags.length === 0, `expected no diagnostics, got: ${diags.map(show).join(' | ')}`);
  return 'no diagnostics';
});

// The schema came from the modeline, resolved against the document's file URI.
await check('modeline-schema', async () => {
  expect(lines[0].startsWith('# yaml-language-server: $schema=../../schemas/sop.schema.json'),
    `first line is ${JSON.stringify(lines[0])}`);
  expect(requested.length > 0, 'the schema request service was never called');
  expect(requested.every((u) => u === schemaUri), `requested ${quote(requested)}, expected only ${schemaUri}`);
  // Control: without the modeline nothing associates a schema, so a typo passes.
  const bare = edit(lines[0] + '\n', '').replace('purpose:', 'purpsoe:');
  const diags = await validate(bare);
  expect(diags.length === 0, `without the modeline a schema still applied: ${diags.map(show).join(' | ')}`);
  return `requested ${schemaUri}; without the modeline no schema applies`;
});

// b. Unknown property.
await check('unknown-property', async () => {
  const diags = (await validate(edit('\npurpose:', '\npurpsoe:'))).filter(fromSchema);
  const line = lineOf(/^purpsoe:/, edit('\npurpose:', '\npurpsoe:').split('\n'));
  const hit = diags.find((d) => d.range.start.line === line && /purpsoe/.test(d.message));
  expect(hit, `no diagnostic about purpsoe on line ${line + 1}; got: ${diags.map(show).join(' | ') || 'none'}`);
  return diags.map(show).join(' | ');
});

// c. Wrong type: an unquoted 4.0 is a number.
await check('version-type', async () => {
  const changed = edit('\nversion: "4.0"', '\nversion: 4.0');
  const line = lineOf(/^version: 4\.0$/, changed.split('\n'));
  const diags = (await validate(changed)).filter(fromSchema);
  const hit = diags.find((d) => d.range.start.line === line && /type/i.test(d.message) && /string/.test(d.message));
  expect(hit, `no type diagnostic on line ${line + 1}; got: ${diags.map(show).join(' | ') || 'none'}`);
  return diags.map(show).join(' | ');
});

// d. Hover docs, including through `$ref` to `$defs`.
async function hoverCheck(line, character, description) {
  expect(typeof description === 'string' && description, 'the schema has no description here');
  const hover = await ls.doHover(docOf(text), { line, character });
  expect(hover, `no hover at L${line + 1}:${character + 1}`);
  const value = typeof hover.contents === 'string' ? hover.contents : hover.contents.value;
  expect(unescapeMd(value).includes(description),
    `hover at L${line + 1}:${character + 1} is ${JSON.stringify(value)}, expected it to contain ${JSON.stringify(description)}`);
  return JSON.stringify(value);
}
await check('hover-review_by', async () => {
  const description = schema.properties.review_by.description;
  expect(description.includes('review-overdue'), 'schema description of review_by no longer mentions review-overdue');
  return hoverCheck(lineOf(/^review_by:/), 3, description);
});
await check('hover-step-ask', async () => {
  const description = schema.$defs.step.properties.ask.description;
  return hoverCheck(lineOf(/^ {4}ask:/), 5, description);
});
await check('hover-ref-sibling-description', async () => {
  // `id` is `{ description, $ref: "#/$defs/identifier" }`: the property's own
  // description (a draft 2020-12 `$ref` sibling) is what the hover should show.
  return hoverCheck(lineOf(/^id:/), 1, schema.properties.id.description);
});

// e. Completion of field names.
await check('complete-top-level', async () => {
  // CS-010 uses every top-level field, so drop some to have something to offer.
  const dropped = ['scope', 'owner', 'tags'];
  const reduced = text
    .replace(/^scope: >\n(?: {2}.*\n)+/m, '')
    .replace(/^owner: .*\n/m, '')
    .replace(/^tags:\n(?: {2}- .*\n)+/m, '');
  const src = reduced.split('\n');
  const line = lineOf(/^review_by:/, src) + 1;
  src.splice(line, 0, ''); // a new empty top-level line
  const got = labels(await ls.doComplete(docOf(src.join('\n')), { line, character: 0 }, false));
  const missing = dropped.filter((k) => !got.includes(k));
  const used = Object.keys(schema.properties).filter((k) => !dropped.includes(k));
  const offeredUsed = got.filter((k) => used.includes(k));
  expect(missing.length === 0, `missing ${quote(missing)}; got ${quote(got)}`);
  expect(offeredUsed.length === 0, `offered fields already used: ${quote(offeredUsed)}`);
  return `labels ${quote(got)}`;
});
await check('complete-step', async () => {
  const expected = ['do', 'ask', 'branches', 'role', 'details', 'call', 'next', 'end'];
  const changed = edit('  - id: investigate\n', '  - id: new-step\n    \n  - id: investigate\n');
  const line = lineOf(/^ {2}- id: new-step$/, changed.split('\n')) + 1;
  const list = await ls.doComplete(docOf(changed), { line, character: 4 }, false);
  const got = labels(list);
  const missing = expected.filter((k) => !got.includes(k));
  expect(missing.length === 0, `missing ${quote(missing)}; got ${quote(got)}`);
  expect(!got.includes('id'), `offered "id", already used; got ${quote(got)}`);
  const ask = list.items.find((i) => i.label === 'ask');
  const doc = typeof ask.documentation === 'string' ? ask.documentation : ask.documentation?.value;
  expect(doc === schema.$defs.step.properties.ask.description, `"ask" item documentation is ${JSON.stringify(doc)}`);
  return `labels ${quote(got)}`;
});

// The draft 2020-12 keywords of `$defs/step` and `format: date` are enforced.
async function expectDiag(name, changed, lineRe, messageRe) {
  await check(name, async () => {
    const line = lineOf(lineRe, changed.split('\n'));
    const diags = (await validate(changed)).filter(fromSchema);
    const hit = diags.find((d) => d.range.start.line === line && messageRe.test(d.message));
    expect(hit, `expected ${messageRe} on line ${line + 1}; got: ${diags.map(show).join(' | ') || 'none'}`);
    return diags.map(show).join(' | ');
  });
}
const investigateDo = lines.find((l) => l.startsWith('    do: Check the account history'));
await expectDiag('oneOf-do-and-ask', edit(investigateDo, `${investigateDo}\n    ask: Is it?`),
  /^ {2}- id: investigate$/, /multiple schemas/i);
await expectDiag('oneOf-neither', edit(`${investigateDo}\n`, ''),
  /^ {2}- id: investigate$/, /Missing property "do"/);
await expectDiag('dependentRequired', edit(`${investigateDo}\n`, `${investigateDo}\n    branches: []\n`),
  /^ {2}- id: investigate$/, /missing property ask required by property branches/i);
await expectDiag('not-next-with-end', edit('    next: close\n', '    next: close\n    end: true\n'),
  /^ {2}- id: escalate$/, /not allowed/i);
await expectDiag('format-date', edit('review_by: 2028-01-11', 'review_by: 2028-13-45'),
  /^review_by:/, /date/i);

// Every sample SOP with the modeline is clean too.
await check('all-samples-valid', async () => {
  const files = (await readdir(path.join(root, 'sops'), { recursive: true }))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => path.join(root, 'sops', f))
    .sort();
  const bad = [];
  let n = 0;
  for (const f of files) {
    const t = await readFile(f, 'utf8');
    if (!/^# yaml-language-server: \$schema=/.test(t)) continue;
    n++;
    const diags = await validate(t, pathToFileURL(f).href);
    if (diags.length) bad.push(`${path.relative(root, f)}: ${diags.map(show).join(' | ')}`);
  }
  expect(n > 0, 'no sample SOP has the modeline');
  expect(bad.length === 0, bad.join('; '));
  return `${n} files, no diagnostics`;
});

console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
