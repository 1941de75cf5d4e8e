// README promises that had no test of their own: each one here fails when its feature is removed.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { startServer, launch, open, paste, fixture, FIXTURES, ROOT, SINGLE, assertPagesClean, watch, count, total, search } from './harness.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.server.close(); });
afterEach(assertPagesClean);

const SEED_KEY = 'rUhhQZ3jYsY1NDWYp9DEpq';
const BIG = path.join(ROOT, 'target/e2e/big.ndjson');
const waitCount = (page, n) => page.waitForFunction((n) => document.querySelector('.count')?.textContent.startsWith(`${n} of ${n} `), n);

/// The session documents of the 5,000-session export, as a JSON array and as a `fields=*` list.
function bigShapes() {
  const sessions = fs.readFileSync(BIG, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((d) => d.body && d.key);
  const array = path.join(ROOT, 'target/e2e/big-array.json');
  const list = path.join(ROOT, 'target/e2e/big-list.json');
  fs.writeFileSync(array, JSON.stringify(sessions));
  fs.writeFileSync(list, JSON.stringify({ items: sessions, meta: { href: '/api/audit/sessions', fields: ['*'], next: null, match_count: sessions.length } }));
  return { n: sessions.length, array, list };
}

test('JSON arrays and fields=* lists are read in slices: progress shows, the page answers, every session arrives', async () => {
  const { n, array, list } = bigShapes();
  assert.ok(fs.statSync(array).size > 5e6, 'large enough to be sliced');
  for (const file of [array, list]) {
    const page = await open(browser, srv.base);
    await page.waitForSelector('.demo-banner');
    const name = path.basename(file);
    await page.locator('#open-files').setInputFiles([file, file]);
    const bar = page.locator('.load-progress');
    await bar.waitFor();
    assert.match(await bar.textContent(), new RegExp(`Reading ${name.replace('.', '\\.')} \\(file \\d of 2\\): [\\d.]+ MB of [\\d.]+ MB, \\d+ sessions? so far`));
    await page.getByRole('button', { name: 'UTC', exact: true }).click();
    assert.equal(await page.getByRole('button', { name: 'UTC', exact: true }).getAttribute('aria-pressed'), 'true', 'the page answers mid-load');
    await bar.waitFor({ state: 'detached', timeout: 120000 });
    await waitCount(page, n);
    await page.close();
  }
});

/// Two terms that read the session documents (paths, not the list's columns).
const QUERY = 'recording.verdict:accept analytics.interesting_events:sudo';

// The memory hook is reached through Trunk's loader (`window.wasmBindings`), which the single file does
// not have; the code under test is the same in both.
test('a file whose text does not fit is read in windows: every session loads, and one read early opens from the file', { skip: SINGLE && 'the single file has no window.wasmBindings' }, async () => {
  const { array } = bigShapes();
  const first = JSON.parse(fs.readFileSync(BIG, 'utf8').split('\n')[0]);
  // (The NDJSON export holds a list naming one session more than it holds.) As if this tab had 40 MB left
  // for the 21 MB NDJSON and 20 MB for the 10 MB array: each fits without its text (1.25 times its size), not
  // with it (2.5).
  for (const [file, n, room] of [[BIG, 5001, 40e6], [array, 5000, 20e6]]) {
    const page = await open(browser, srv.base);
    await page.waitForSelector('.demo-banner');
    await page.evaluate((r) => window.wasmBindings.trailview_selftest_memory_room(r), room);
    await page.locator('#open-files').setInputFiles(file);
    await waitCount(page, n);
    assert.equal(await page.locator('.notice.error').count(), 0, 'read whole, nothing cut');
    // The first session's window was let go of long ago: its document is read back from the file.
    await page.evaluate((key) => { location.hash = `#/sessions/${key}/connection`; }, first.key);
    await page.waitForSelector('.field[data-path="body.protocol"]');
    assert.equal(await page.locator('.field[data-path="body.protocol"] dd').first().textContent(), String(first.body.protocol));
    await page.evaluate((key) => { location.hash = `#/sessions/${key}/raw`; }, first.key);
    await page.waitForSelector('.json-tree');
    assert.match(await page.locator('.json-tree').first().textContent(), new RegExp(first.key));
    // The Files page says how the file is held.
    await page.evaluate(() => { location.hash = '#/files'; });
    await page.waitForSelector('h1:has-text("Loaded files")');
    assert.match(await page.locator('article.file').first().textContent(), /Read in parts, as it is large: its documents stay in the file on disk/);
    // A query of document paths reads the documents back from the file first, then answers (and
    // exports) exactly as the same file read whole does.
    const whole = await open(browser, srv.base);
    await whole.waitForSelector('.demo-banner');
    await whole.locator('#open-files').setInputFiles(file);
    await waitCount(whole, n);
    const answers = [];
    for (const p of [whole, page]) {
      await p.evaluate(() => { location.hash = '#/'; });
      await search(p, QUERY);
      // Answered once nothing is being read and the count is a number again.
      await p.waitForFunction(() => !document.querySelector('.notice.ahead') && /^\d/.test(document.querySelector('.count')?.textContent ?? ''));
      await p.locator('.export summary').click();
      const shown = await count(p);
      const [dl] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: /^JSON of \d+ documents?$/ }).click()]);
      answers.push({ shown, text: fs.readFileSync(await dl.path(), 'utf8') });
    }
    assert.ok(answers[0].shown > 0 && answers[0].shown < n, `${QUERY} selects some sessions: ${answers[0].shown}`);
    assert.equal(answers[1].shown, answers[0].shown, 'the same sessions, read back from the file');
    assert.equal(JSON.parse(answers[1].text).length, answers[1].shown);
    assert.ok(answers[1].text === answers[0].text, 'the same documents, byte for byte');
    // The Insights page asks the same query over what the list read: nothing is read again.
    await page.getByRole('link', { name: 'Insights', exact: true }).click();
    await page.waitForSelector('h1:has-text("Insights")');
    assert.equal(await page.locator('.notice.ahead').count(), 0, 'answered from the answers kept');
    assert.match(await page.locator('.insights > p.muted').first().textContent(), new RegExp(`Over the ${answers[1].shown} sessions? the query`));
    await whole.close();
    await page.close();
  }
  // A byte that is not UTF-8 past the first parts: from that part on the rest is read at once and
  // mended, and the warning names the same line and column as when the file is read whole.
  const bytes = fs.readFileSync(BIG);
  const quote = bytes.indexOf(0x22, Math.floor(bytes.length * 0.6)) + 1;
  const mended = path.join(ROOT, 'target/e2e/big-to-mend.ndjson');
  fs.writeFileSync(mended, Buffer.concat([bytes.subarray(0, quote), Buffer.from([0xff]), bytes.subarray(quote)]));
  const warnings = [];
  for (const room of [40e6, 1e12]) {
    const page = await open(browser, srv.base);
    await page.waitForSelector('.demo-banner');
    await page.evaluate((r) => window.wasmBindings.trailview_selftest_memory_room(r), room);
    await page.locator('#open-files').setInputFiles(mended);
    await waitCount(page, 5001);
    await page.locator('details.issues summary').click();
    warnings.push((await page.locator('details.issues').textContent()).match(/bytes FF are not valid UTF-8[^]*?line \d+, column \d+/)?.[0]);
    await page.close();
  }
  assert.ok(warnings[0], 'the mended byte is named');
  assert.equal(warnings[0], warnings[1], 'in windows as when read whole');
  // On a tab with less room: read in windows as far as it fits, and said so.
  const page = await open(browser, srv.base);
  await page.waitForSelector('.demo-banner');
  await page.evaluate(() => window.wasmBindings.trailview_selftest_memory_room(24e6));
  await page.locator('#open-files').setInputFiles(BIG);
  const notice = page.locator('.notice.error', { hasText: 'Loaded big.ndjson' });
  await notice.waitFor();
  assert.match(await notice.textContent(), /only the first 19\.\d MB of 2\d\.\d MB were read \(memory: this browser tab had room for about 24 MB more, and loading this file takes about 1\.25 times its size/);
  // The sessions of the part read are in (and the rest are known by the export's list of them).
  assert.ok(await count(page) > 3000);
  await page.close();
});

test('a file read in windows that changes on disk afterwards: its documents cannot be read back, and the page says so and keeps working', { skip: SINGLE && 'the single file has no window.wasmBindings' }, async () => {
  const copy = path.join(ROOT, 'target/e2e/big-changing.ndjson');
  fs.copyFileSync(BIG, copy);
  const first = JSON.parse(fs.readFileSync(BIG, 'utf8').split('\n')[0]);
  const page = await open(browser, srv.base);
  await page.waitForSelector('.demo-banner');
  await page.evaluate(() => window.wasmBindings.trailview_selftest_memory_room(40e6));
  await page.locator('#open-files').setInputFiles(copy);
  await waitCount(page, 5001);
  // The auditor's file is rewritten while it is open here.
  fs.writeFileSync(copy, '{}\n');
  await page.evaluate((key) => { location.hash = `#/sessions/${key}/connection`; }, first.key);
  const failed = page.locator('.tab-body .notice.error');
  await failed.waitFor();
  assert.match(await failed.textContent(), /could not be read back from their file: big-changing\.ndjson: /);
  // What the list holds still answers.
  await page.evaluate(() => { location.hash = '#/'; });
  await search(page, `user:${first.body.user.name}`);
  assert.ok(await count(page) > 0);
  await search(page, 'recording.verdict:accept');
  const note = page.locator('.notice.ahead.error');
  await note.waitFor();
  assert.match(await note.textContent(), /could not be read back/);
  await page.close();
  fs.rmSync(copy);
});

test('loads queue: a file given during a load is added after it', async () => {
  const page = await open(browser, srv.base);
  await page.waitForSelector('.demo-banner');
  await page.locator('#open-files').setInputFiles([BIG]);
  await page.locator('.load-progress').waitFor();
  await page.locator('#open-files').setInputFiles(path.join(FIXTURES, 'session-6x.json'));
  await waitCount(page, 5002);
  await page.evaluate(() => { location.hash = '#/files'; });
  await page.waitForSelector('h1:has-text("Loaded files")');
  assert.deepEqual(await page.locator('article.file h2').allTextContents(), ['big.ndjson', 'session-6x.json']);
  // 16,000 documents are not 16,000 rows: the first are listed, and the rest counted.
  assert.equal(await page.locator('article.file').first().locator('tbody tr').count(), 500);
  assert.match(await page.locator('article.file').first().textContent(), /The first 500 are listed; \d{4,} more are not \(a session's Raw tab shows its documents\)/);
  await page.close();
});

test('arrow keys move the list cursor like j and k', async () => {
  const page = await open(browser, srv.base);
  await page.waitForSelector('.sbody .srow');
  await page.locator('main').click({ position: { x: 5, y: 5 } });
  for (const key of ['ArrowDown', 'ArrowDown', 'ArrowUp']) await page.keyboard.press(key);
  assert.equal(await page.locator('.srow.cursor').getAttribute('aria-rowindex'), '2', 'on the first session');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.locator('.srow.cursor').getAttribute('aria-rowindex'), '3');
  await page.close();
});

test('the ⊘ button excludes a facet value', async () => {
  const page = await open(browser, srv.base);
  await page.waitForSelector('.facets');
  const all = await total(page);
  const facet = page.locator('.facet', { hasText: 'Protocol' });
  const name = await facet.locator('.facet-value .fv').first().textContent();
  const n = Number(await facet.locator('.facet-value .fc').first().textContent());
  await facet.getByRole('button', { name: `Exclude Protocol ${name}` }).click();
  await page.waitForFunction((want) => document.querySelector('.count').textContent.startsWith(`${want} of`), all - n);
  assert.equal(await page.locator('#search').inputValue(), `-protocol:"${name}"`);
  await page.close();
});

test('review marks: Mark reviewed filters, and marks follow the file\'s SHA-256, not the session key', async () => {
  const context = await browser.newContext();
  const page = await open(context, srv.base, '?src=fixtures/seed-session.json', `#/sessions/${SEED_KEY}/connection`);
  await page.getByRole('button', { name: '✓ Mark reviewed' }).click();
  await page.getByRole('button', { name: '✓ Reviewed' }).waitFor();
  await page.getByRole('button', { name: '⚑ Flag' }).click();
  await page.getByRole('button', { name: '⚑ Flagged' }).waitFor();
  await page.evaluate(() => { location.hash = '#/sessions'; });
  await search(page, 'review:reviewed');
  assert.equal(await count(page), 1);
  assert.match(await page.locator('.sbody .srow .c-flags').textContent(), /✓/);
  await search(page, 'review:unreviewed');
  assert.equal(await count(page), 0);
  // The same session key in another file (the seed with a byte-order mark: other bytes, other hash).
  const other = await open(context, srv.base, '?src=fixtures/hostile/bom-utf8.json', `#/sessions/${SEED_KEY}/connection`);
  await other.getByRole('button', { name: '⚑ Flag' }).waitFor();
  assert.equal(await other.getByRole('button', { name: '✓ Mark reviewed' }).count(), 1, 'no mark carried over');
  await other.evaluate(() => { location.hash = '#/sessions'; });
  await search(other, 'review:flagged');
  assert.equal(await count(other), 0);
  // The first file again: its marks are there.
  const again = await open(context, srv.base, '?src=fixtures/seed-session.json');
  await again.waitForSelector('.sbody .srow');
  await search(again, 'review:flagged');
  assert.equal(await count(again), 1);
  await context.close();
});

test('CSV columns: what is ticked is what is written', async () => {
  const page = await open(browser, srv.base, '?src=fixtures/seed-session.json');
  await waitCount(page, 1);
  await page.locator('.export summary').click();
  const header = async () => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^CSV of 1 session$/ }).click()]);
    return fs.readFileSync(await dl.path(), 'utf8').split('\r\n')[0].split(',');
  };
  const before = await header();
  assert.ok(before.includes('server_user') && before.includes('client') && !before.includes('connection_policy'), before.join());
  for (const label of ['server_user', 'client', 'connection_policy']) await page.getByLabel(label, { exact: true }).click();
  const after = await header();
  assert.deepEqual(after.filter((c) => c !== 'connection_policy'), before.filter((c) => !['server_user', 'client'].includes(c)));
  assert.ok(after.includes('connection_policy'));
  await page.close();
});

test('JSON export: the session documents byte for byte as they are in the files', async () => {
  const page = await open(browser, srv.base, '?src=fixtures/seed-session.json&src=fixtures/session-6x.json');
  await waitCount(page, 2);
  await page.locator('.export summary').click();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^JSON of 2 documents$/ }).click()]);
  const text = fs.readFileSync(await dl.path(), 'utf8');
  const [a, b] = ['seed-session.json', 'session-6x.json'].map((f) => fixture(f).trim());
  // Not re-serialised: spacing, member order and escapes exactly as in the files, in either order.
  assert.ok([`[\n${a},\n${b}\n]\n`, `[\n${b},\n${a}\n]\n`].includes(text), text.slice(0, 200));
  await page.close();
});

test('the print report of one session names it and its file with the SHA-256', async () => {
  const page = await open(browser, srv.base, '?src=fixtures/seed-session.json', `#/sessions/${SEED_KEY}/connection`);
  await page.waitForSelector('.tab-body[data-tab="connection"]');
  const sha = crypto.createHash('sha256').update(fs.readFileSync(path.join(FIXTURES, 'seed-session.json'))).digest('hex');
  await page.waitForFunction((sha) => document.querySelector('.report-files')?.textContent.includes(sha), sha);
  await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
  await page.emulateMedia({ media: 'print' });
  const head = page.locator('.session-page .report-head');
  await head.waitFor({ state: 'visible' });
  assert.match(await head.textContent(), new RegExp(`Trailview report — session ${SEED_KEY}[\\s\\S]*seed-session\\.json[\\s\\S]*${sha}`));
  assert.ok(await page.locator('.field[data-path="body.protocol"]').isVisible(), 'the session\'s fields are on paper');
  await page.close();
});

test('fields no documentation describes are shown under "Other fields"', async () => {
  const doc = JSON.parse(fixture('session-6x.json'));
  doc.body.mystery_member = 'kept for the auditor';
  doc.body.recording.vendor_extension = { depth: 2 };
  const page = await open(browser, srv.base);
  await page.waitForSelector('.demo-banner');
  await paste(page, JSON.stringify(doc));
  await waitCount(page, 1);
  await page.evaluate((k) => { location.hash = `#/sessions/${k}/connection`; }, doc.key);
  await page.waitForSelector('.tab-body[data-tab="connection"]');
  let shown = await page.locator('.tab-body').textContent();
  for (const tab of ['recording']) {
    await page.evaluate(([k, t]) => { location.hash = `#/sessions/${k}/${t}`; }, [doc.key, tab]);
    await page.waitForSelector(`.tab-body[data-tab="${tab}"]`);
    shown += await page.locator('.tab-body').textContent();
  }
  assert.match(shown, /Other fields \(not in the SPS documentation\)/);
  assert.match(shown, /mystery_member[\s\S]*kept for the auditor/);
  assert.match(shown, /vendor_extension/);
  await page.close();
});

test('a sub-path deployment: viewer/?src=exports/x.json resolves against the page', async () => {
  const sub = await startServer({ '/viewer/exports/': FIXTURES, '/viewer/': path.join(ROOT, 'dist') });
  const page = await browser.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  watch(page);
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(`${sub.base}/viewer/?src=exports/seed-session.json`);
  await waitCount(page, 1);
  assert.ok(requests.includes('/viewer/exports/seed-session.json'), requests.join(' '));
  assert.ok(requests.every((p) => p.startsWith('/viewer/')), `everything from under the sub-path: ${requests.join(' ')}`);
  await page.close();
  sub.server.close();
});

test('running out is not dying: a file that does not fit loads in part, says where it stopped, and what was loaded stays', async () => {
  const page = await open(browser, srv.base, '?src=fixtures/seed-session.json');
  await waitCount(page, 1);
  // As if this tab had 3 MB left: the 21 MB export cannot fit.
  await page.evaluate(() => window.wasmBindings.trailview_selftest_memory_room(3e6));
  await page.locator('#open-files').setInputFiles(BIG);
  const notice = page.locator('.notice.error', { hasText: 'Loaded big.ndjson' });
  await notice.waitFor();
  assert.match(await notice.textContent(), /only the first 1\.2 MB of 2\d\.\d MB were read \(memory: this browser tab had room for about 3 MB more, and loading this file takes about 2\.5 times its size/);
  const n = await count(page);
  assert.ok(n > 100 && n < 5002, `${n} sessions: the first part of the file, and the seed`);
  await search(page, `key:${SEED_KEY}`);
  assert.equal(await count(page), 1, 'the file loaded before is still there');
  // No room at all: the file is refused with the reason, and nothing is lost.
  await page.evaluate(() => window.wasmBindings.trailview_selftest_memory_room(0));
  await page.locator('#open-files').setInputFiles(path.join(FIXTURES, 'session-6x.json'));
  await page.locator('.notice.error', { hasText: 'Could not load session-6x.json' }).waitFor();
  assert.match(await page.locator('.notice.error', { hasText: 'Could not load session-6x.json' }).textContent(), /not read: memory: this browser tab had room for about 0 MB more/);
  await search(page, '');
  assert.equal(await count(page), n);
  // A JSON array cut short keeps its complete sessions (the cut falls inside one of them).
  const { array } = bigShapes();
  await page.evaluate(() => window.wasmBindings.trailview_selftest_memory_room(8e6));
  await page.locator('#open-files').setInputFiles(array);
  const cut = page.locator('.notice.error', { hasText: 'Loaded big-array.json' });
  await cut.waitFor();
  assert.match(await cut.textContent(), /only the first 3\.2 MB of \d+\.\d MB were read \(memory: this browser tab had room for about 8 MB more, and loading this file takes about 2\.5 times its size/);
  // Its sessions are the export's first ones, already in from the NDJSON: the summary counts them.
  const m = (await cut.textContent()).match(/Loaded big-array\.json \(array of sessions \((\d+) sessions\)\)/);
  assert.ok(m && Number(m[1]) > 100, await cut.textContent());
  await page.close();
});
