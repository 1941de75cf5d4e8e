// The hostile corpus (tests/fixtures/hostile/) through the real app: each file, given after a good
// one, gets a clear message naming it (and its line where there is one) or a correct rendering; no
// panic, no script runs, what was loaded stays, and the page keeps answering.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { startServer, launch, open, paste, FIXTURES, assertPagesClean, count } from './harness.mjs';

const HOSTILE = path.join(FIXTURES, 'hostile');
let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.server.close(); });
afterEach(assertPagesClean);

// file → what the message must say (refused) or how many sessions it adds (loaded).
const REFUSED = {
  'truncated.json': /truncated\.json, line 54, column \d+: the JSON ends too early/,
  'invalid-syntax.json': /invalid-syntax\.json, line 3, column 30: invalid JSON/,
  'deep-nesting.json': /deep-nesting\.json, line 1, column \d+: the JSON is nested more than 128 levels/,
  'deep-nesting-object.json': /deep-nesting-object\.json, line 1, column \d+: the JSON is nested more than 128/,
  'control-char.json': /control-char\.json, line 1, column \d+: a raw control character/,
  'empty.json': /empty\.json: the file is empty/,
  'whitespace-only.json': /whitespace-only\.json: the file is empty/,
  'binary.png': /binary\.png: this is a PNG image, not JSON text/,
  'gzip.json.gz': /gzip\.json\.gz: this is a gzip-compressed file/,
};
const LOADED = {
  'bom-utf8.json': 0, 'utf16le-bom.json': 0, 'utf16be-bom.json': 0, 'utf16le-no-bom.json': 0, // the seed again
  'big-integers.json': 1, 'duplicate-keys.json': 1, 'wrong-type-every-field.json': 0, 'markup-everywhere.json': 1,
  'wrong-shapes.ndjson': 3, 'ndjson-mixed.ndjson': 2,
  // One bad value costs that value (invalid-utf8.json is the seed again).
  'invalid-utf8.json': 0, 'lone-surrogate.json': 1, 'huge-number.json': 1,
};

// What the notice of a loaded file says, where it is not "Loaded NAME: session".
const LOADED_SAYS = {
  'wrong-shapes.ndjson': /^wrong-shapes\.ndjson: not recognised as an SPS audit document; kept as raw JSON under Files/,
  'ndjson-mixed.ndjson': /^Loaded ndjson-mixed\.ndjson \(2 sessions\), but 2 parts could not be read/,
};

test('the corpus lists every hostile file', () => {
  const onDisk = fs.readdirSync(HOSTILE).filter((f) => f !== 'README.md').sort();
  assert.deepEqual(onDisk, [...Object.keys(REFUSED), ...Object.keys(LOADED)].sort());
});


test('every hostile file gets a clear message or loads, and nothing before it is lost', async () => {
  const page = await open(browser, srv.base, '?src=fixtures/seed-session.json');
  await page.waitForSelector('.sbody .srow');
  let sessions = await count(page);
  for (const [name, re] of Object.entries(REFUSED)) {
    await page.locator('#open-files').setInputFiles(path.join(HOSTILE, name));
    await page.waitForSelector(`.notice.error:has-text("Could not load ${name}")`);
    assert.match(await page.locator('.notice.error', { hasText: `Could not load ${name}` }).last().textContent(), re);
    assert.equal(await count(page), sessions, `${name}: earlier sessions kept`);
  }
  for (const [name, added] of Object.entries(LOADED)) {
    await page.locator('#open-files').setInputFiles(path.join(HOSTILE, name));
    // Its own notice, and not a refusal: what it says it loaded is checked, not merely that it was named.
    const said = LOADED_SAYS[name] ?? new RegExp(`^Loaded ${name.replace(/\./g, '\\.')}: (session|array of sessions)`);
    await page.waitForFunction(([name, re]) => [...document.querySelectorAll('.notice .notice-text')]
      .some((n) => n.textContent.includes(name) && new RegExp(re).test(n.textContent)), [name, said.source]);
    assert.equal(await page.locator('.notice.error', { hasText: `Could not load ${name}` }).count(), 0, `${name} was refused`);
    sessions += added;
    assert.equal(await count(page), sessions, `${name}: sessions`);
  }
  // The page still answers: search and open a session.
  await page.locator('input.search').fill('mallory');
  await page.waitForFunction(() => document.querySelector('.count').textContent.startsWith('1 of'));
  await page.locator('.sbody .srow .c-start a').first().click();
  await page.waitForSelector('.session-head');
  assert.equal(await page.locator('#panic').isHidden(), true);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('bytes that are not UTF-8 cost only their value: shown as U+FFFD, with their hex, line and column', async () => {
  const page = await open(browser, srv.base, '?src=fixtures/hostile/invalid-utf8.json', '#/sessions/rUhhQZ3jYsY1NDWYp9DEpq/connection');
  await page.waitForSelector('.field[data-path="body.protocol"]');
  assert.match(await page.locator('.field[data-path="body.protocol"] dd').textContent(), /\ufffd\(\ufffdSSH/);
  // Beside the session's values: its own warnings name the bytes that were there.
  assert.match(await page.locator('.session-page details.issues').textContent(), /bytes C3 are not valid UTF-8[\s\S]*line 35, column 18/);
  await page.evaluate(() => { location.hash = '#/sessions'; });
  await page.locator('details.issues summary').click();
  const issues = await page.locator('details.issues').textContent();
  assert.match(issues, /bytes C3 are not valid UTF-8; shown as U\+FFFD[\s\S]*invalid-utf8\.json, line 35, column 18/);
  assert.match(issues, /bytes FF are not valid UTF-8[\s\S]*line 35, column 20/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a number a double cannot hold is shown as its digits, with a warning at its line and column', async () => {
  const page = await open(browser, srv.base, '?src=fixtures/hostile/huge-number.json', '#/sessions/n1/connection');
  await page.waitForSelector('.field[data-path="body.duration"]');
  assert.equal((await page.locator('.field[data-path="body.duration"] dd').textContent()).trim(), '1e+400');
  await page.evaluate(() => { location.hash = '#/sessions'; });
  await page.locator('details.issues summary').click();
  assert.match(await page.locator('details.issues').textContent(), /the number 1e400 is beyond the range of a double[\s\S]*huge-number\.json, line 1, column 36/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a repeated key is warned about at its line, and the last value is shown', async () => {
  const page = await open(browser, srv.base, '?src=fixtures/hostile/duplicate-keys.json', '#/sessions/dup-1/connection');
  await page.waitForSelector('.field[data-path="body.protocol"]');
  assert.equal(await page.locator('.field[data-path="body.protocol"] dd').textContent(), 'RDP');
  await page.evaluate(() => { location.hash = '#/sessions'; });
  await page.locator('details.issues summary').click();
  assert.match(await page.locator('details.issues').textContent(), /"protocol" appears more than once in body[\s\S]*line 6, column 5/);
  await page.close();
});

test('markup and javascript: in every string and href stay inert on every view', async () => {
  const page = await open(browser, srv.base, '?src=fixtures/hostile/markup-everywhere.json');
  await page.waitForSelector('.sbody .srow');
  const key = JSON.parse(fs.readFileSync(path.join(HOSTILE, 'markup-everywhere.json'), 'utf8')).key;
  for (const tab of ['connection', 'recording', 'channels', 'analytics', 'alerts', 'events', 'raw']) {
    await page.evaluate((h) => { location.hash = h; }, `#/sessions/${encodeURIComponent(key)}/${tab}`);
    await page.waitForSelector(`.tab-body[data-tab="${tab}"]`);
    assert.match(await page.locator('.session-head').textContent(), /hostile-<img src=x onerror=/, tab);
    assert.equal(await page.locator('img, script:not([id]):not([type]), a[href^="javascript:"], iframe, object').count(), 0, tab);
  }
  await page.evaluate(() => { location.hash = '#/files/0'; });
  await page.waitForSelector('.json-tree .jt-leaf');
  // Two frames: anything the document managed to inject would have run by now.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('every field with the wrong type: each tab of the session renders and names the fields', async () => {
  const page = await open(browser, srv.base, '?src=fixtures/hostile/wrong-type-every-field.json', '#/sessions/rUhhQZ3jYsY1NDWYp9DEpq/connection');
  await page.waitForSelector('.session-head');
  for (const tab of ['connection', 'recording', 'channels', 'analytics', 'alerts', 'events', 'raw']) {
    await page.evaluate((h) => { location.hash = h; }, `#/sessions/rUhhQZ3jYsY1NDWYp9DEpq/${tab}`);
    await page.waitForSelector(`.tab-body[data-tab="${tab}"]`);
  }
  await page.evaluate(() => { location.hash = '#/sessions/rUhhQZ3jYsY1NDWYp9DEpq/connection'; });
  await page.waitForSelector('.tab-body[data-tab="connection"]');
  assert.match(await page.locator('main').textContent(), /body\.protocol: expected string, found array/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a 0-byte paste and an empty file say what is wrong and load nothing', async () => {
  const page = await open(browser, srv.base, '?src=fixtures/seed-session.json');
  await page.waitForSelector('.sbody .srow');
  await paste(page, '');
  await page.waitForSelector('text=the paste box is empty');
  assert.equal(await page.locator('#paste-box').isVisible(), true, 'the box stays open');
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File([], 'zero.json'));
    document.querySelector('main').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForSelector('text=zero.json: the file is empty');
  assert.equal(await count(page), 1);
  await page.close();
});
