// Nothing leaves the machine: every request the page makes while every feature is used is recorded,
// and any request other than the app's own files and the ?src= URLs fails the test. Also: the
// Content-Security-Policy refuses what the app never needs, and a panic is contained.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, launch, open, paste, fixture, FIXTURES, SINGLE_FILE, assertPagesClean, watch } from './harness.mjs';

const SEED_KEY = 'rUhhQZ3jYsY1NDWYp9DEpq';
let srv, browser, other;

/// A second origin (another port): serves one fixture with CORS, and logs every request it gets.
function startOther() {
  const hits = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url);
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    res.end(fixture('session-6x.json'));
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ server, hits, base: `http://127.0.0.1:${server.address().port}` })));
}

before(async () => { srv = await startServer(); other = await startOther(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.server.close(); other?.server.close(); });
afterEach(assertPagesClean);

/// Records every request of a page (and of any worker or popup it opens).
function record(context) {
  const seen = [];
  context.on('request', (r) => seen.push(r.url()));
  return seen;
}

async function useEverything(page) {
  await page.waitForSelector('.sbody .srow');
  for (const tab of ['connection', 'recording', 'channels', 'analytics', 'alerts', 'events', 'raw']) {
    await page.evaluate((h) => { location.hash = h; }, `#/sessions/${SEED_KEY}/${tab}`);
    await page.waitForSelector(`.tab-body[data-tab="${tab}"]`);
  }
  await page.evaluate(() => { location.hash = '#/files'; });
  await page.waitForSelector('h1:has-text("Loaded files")');
  await page.evaluate(() => { location.hash = '#/sessions'; });
  await page.locator('input.search').fill('ssh');
  await page.getByTitle('Sort by Risk').click();
  for (const mode of ['UTC', 'Local', 'Original']) await page.getByRole('button', { name: mode, exact: true }).click();
  await page.locator('#open-files').setInputFiles([path.join(FIXTURES, 'alerts.json'), path.join(FIXTURES, 'events-6x.json')]);
  await paste(page, fixture('channels.json'));
  const dt = await page.evaluateHandle((a) => {
    const dt = new DataTransfer();
    dt.items.add(new File([a], 'indexer.json', { type: 'application/json' }));
    return dt;
  }, fixture('indexer.json'));
  await page.dispatchEvent('main', 'drop', { dataTransfer: dt });
  await page.waitForSelector('text=Loaded indexer.json');
  // Review marks, the print report, exports, facets, the timeline, the keyboard and the theme.
  await page.evaluate((h) => { location.hash = h; }, `#/sessions/${SEED_KEY}/connection`);
  await page.getByRole('button', { name: '⚑ Flag' }).click();
  await page.getByRole('button', { name: '✓ Mark reviewed' }).click();
  await page.locator('#review-note').fill('a note');
  await page.locator('#review-note').blur();
  await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
  await page.evaluate(() => dispatchEvent(new Event('afterprint')));
  await page.evaluate(() => { location.hash = '#/sessions'; });
  await page.locator('input.search').fill('');
  await page.locator('.facet-value').first().click();
  await page.getByRole('button', { name: 'Show all' }).click();
  await page.locator('.facet-exclude').first().click();
  await page.getByRole('button', { name: 'Show all' }).click();
  const svg = page.locator('.timeline svg');
  const box = await svg.boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.getByRole('button', { name: 'Show all' }).click();
  await page.locator('.export summary').click();
  for (const name of [/^CSV of/, /^JSON of/, /^Review marks/]) {
    await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
  }
  await page.locator('.export summary').click();
  await page.locator('main').click({ position: { x: 5, y: 5 } });
  for (const key of ['j', 'ArrowDown', 'k', 'Enter']) await page.keyboard.press(key);
  await page.waitForSelector('.session-head');
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  await page.keyboard.press('Escape');
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: /^Theme: / }).click();
}

test('served: only the app\'s own files and the ?src= URLs are ever requested', async () => {
  const context = await browser.newContext();
  const seen = record(context);
  const given = `${other.base}/exports/session-6x.json`;
  const page = await open(context, srv.base, `?src=fixtures/seed-session.json&src=${encodeURIComponent(given)}`);
  await page.waitForFunction(() => document.querySelector('.count')?.textContent === '2 of 2 sessions');
  await useEverything(page);
  const own = new Set(fs.readdirSync(path.resolve(SINGLE_FILE, '..')).map((f) => `${srv.base}/${f}`));
  // Downloads are blob: URLs of the page's own making.
  const allowed = (u) => own.has(u.split(/[?#]/)[0]) || u === `${srv.base}/demo/demo-export.ndjson` || u === `${srv.base}/fixtures/seed-session.json` || u === given || u.startsWith('blob:');
  const others = seen.filter((u) => !allowed(u));
  assert.deepEqual(others, [], `unexpected requests: ${others.join(', ')}`);
  assert.ok(seen.includes(given), 'the cross-origin ?src= URL was fetched');
  assert.deepEqual(other.hits, ['/exports/session-6x.json']);
  // connect-src names exactly the ?src= URL: its neighbour on the same origin is refused.
  const probe = await page.evaluate(async ([ok, no]) => ({
    given: await fetch(ok).then(() => 'sent', () => 'refused'),
    neighbour: await fetch(no).then(() => 'sent', () => 'refused'),
  }), [given, `${other.base}/exports/other.json`]);
  assert.deepEqual(probe, { given: 'sent', neighbour: 'refused' });
  assert.deepEqual(other.hits, ['/exports/session-6x.json', '/exports/session-6x.json'], 'the neighbour was never asked');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('served: the policy refuses any other connection, inline script and markup sinks', async () => {
  const page = await open(browser, srv.base, '?src=fixtures/seed-session.json');
  await page.waitForSelector('.sbody .srow');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').first().getAttribute('content');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  for (const d of ['script-src', 'style-src']) assert.ok(!directives[d].includes("'unsafe-inline'"), `${d}: ${directives[d]}`);
  assert.deepEqual(directives['object-src'], ["'none'"]);
  const before = other.hits.length;
  const outcome = await page.evaluate(async (url) => {
    const r = {};
    r.fetch = await fetch(url).then(() => 'sent', () => 'refused');
    r.sameOriginOther = await fetch('/fixtures/alerts.json').then(() => 'sent', () => 'refused');
    try { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.append(s); r.script = 'appended'; } catch { r.script = 'refused'; }
    try { document.body.insertAdjacentHTML('beforeend', '<img src=x onerror="window.__ran=2">'); r.html = 'inserted'; } catch { r.html = 'refused'; }
    try { r.eval = eval('1 + 1'); } catch { r.eval = 'refused'; }
    // A script may be named only by the app's own glue or a blob: URL (its workers start from them).
    try { const s = document.createElement('script'); s.src = url; r.scriptUrl = 'set'; } catch { r.scriptUrl = 'refused'; }
    try { new Worker(url); r.worker = 'started'; } catch { r.worker = 'refused'; }
    try { new Worker('/fixtures/alerts.json'); r.ownWorker = 'started'; } catch { r.ownWorker = 'refused'; }
    // The image settles (refused by the policy, or loaded) before anything is read.
    const img = new Image();
    const settled = new Promise((res) => { img.onerror = () => res('refused'); img.onload = () => res('loaded'); });
    img.src = url; document.body.append(img);
    r.image = await settled;
    r.ran = window.__ran ?? null;
    return r;
  }, `${other.base}/exfiltrate`);
  assert.deepEqual(outcome, {
    fetch: 'refused', sameOriginOther: 'sent', script: 'refused', html: 'refused', eval: 'refused',
    scriptUrl: 'refused', worker: 'refused', ownWorker: 'refused', image: 'refused', ran: null,
  });
  assert.equal(other.hits.length, before, 'the other origin received nothing');
  await page.close();
});

test('single file: opened from disk, it requests nothing but itself', async () => {
  const context = await browser.newContext();
  const seen = record(context);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  watch(page);
  await page.goto(pathToFileURL(SINGLE_FILE).href);
  await page.waitForSelector('.demo-banner');
  await page.locator('#open-files').setInputFiles(path.join(FIXTURES, 'seed-session.json'));
  await page.waitForSelector('.demo-banner', { state: 'detached' });
  await useEverything(page);
  const others = seen.filter((u) => !u.startsWith(pathToFileURL(SINGLE_FILE).href) && !u.startsWith('blob:'));
  assert.deepEqual(others, []);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a panic shows what to report, offers the loaded files back, and sends nothing', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const seen = record(context);
  const page = await open(context, srv.base);
  page.expectPanic = true;
  await page.waitForSelector('.demo-banner');
  await page.locator('#open-files').setInputFiles([path.join(FIXTURES, 'seed-session.json'), path.join(FIXTURES, 'channels.json')]);
  await page.waitForSelector('.demo-banner', { state: 'detached' });
  await paste(page, fixture('alerts.json'));
  await page.waitForSelector('text=Loaded pasted text');
  const requests = seen.length;
  await page.evaluate(() => { try { window.wasmBindings.trailview_selftest_panic(); } catch { /* the trap */ } });
  await page.waitForSelector('#panic:not([hidden])');
  assert.match(await page.locator('#panic-message').textContent(), /Trailview \d+\.\d+\.\d+ stopped: panicked at [\s\S]*self-test panic/);
  const links = page.locator('#panic-file-list a');
  assert.deepEqual(await links.allTextContents(), ['Save seed-session.json', 'Save channels.json', 'Save pasted text']);
  const [download] = await Promise.all([page.waitForEvent('download'), links.first().click()]);
  assert.equal(download.suggestedFilename(), 'seed-session.json');
  assert.equal(fs.readFileSync(await download.path(), 'utf8'), fixture('seed-session.json'));
  const [pasted] = await Promise.all([page.waitForEvent('download'), links.nth(2).click()]);
  assert.equal(fs.readFileSync(await pasted.path(), 'utf8'), fixture('alerts.json'));
  assert.equal(await page.locator('#panic-reload').getAttribute('href'), '');
  assert.deepEqual(seen.slice(requests).filter((u) => !u.startsWith('blob:')), [], 'nothing was sent');
  await context.close();
});
