// Shared set-up for the whole-app tests: a static server on loopback serving dist/ (the built app),
// tests/fixtures/ under /fixtures/ and target/e2e/ under /big/, and Debian's headless Chromium.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(ROOT, 'tests/fixtures');
const MOUNTS = [['/fixtures/', FIXTURES], ['/big/', path.join(ROOT, 'target/e2e')], ['/', path.join(ROOT, 'dist')]];
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' };

export function fixture(name) {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

export async function startServer(extra = {}) {
  const mounts = [...Object.entries(extra), ...MOUNTS];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const pathname = decodeURIComponent(url.pathname);
    const [prefix, dir] = mounts.find(([p]) => pathname.startsWith(p));
    const file = path.join(dir, pathname.slice(prefix.length) || 'index.html');
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${server.address().port}` };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
}

/// Which build the tests drive: the served app (dist/ over loopback), or, with TRAILVIEW_APP=single,
/// the single file dist/trailview.html opened from disk. On file:// nothing can be fetched, so
/// `?src=` documents are given through the file picker instead, in the same order.
export const SINGLE = process.env.TRAILVIEW_APP === 'single';
export const SINGLE_FILE = path.join(ROOT, 'dist/trailview.html');

/// Where a `src` value of a test points on disk.
function localPath(src) {
  const clean = src.replace(/^\.\//, '');
  if (clean.startsWith('fixtures/')) return path.join(FIXTURES, clean.slice('fixtures/'.length));
  if (clean.startsWith('big/')) return path.join(ROOT, 'target/e2e', clean.slice('big/'.length));
  throw new Error(`no local file for src=${src}`);
}

/// Opens the app (in a browser or a context) with `?src=` documents and a route; collects page errors
/// (a panic or script error fails the test that checks them).
export async function open(target, base, query = '', hash = '') {
  const page = target.newContext ? await target.newPage({ viewport: { width: 1400, height: 900 } }) : await target.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  watch(page);
  if (!SINGLE) {
    await page.goto(`${base}/index.html${query}${hash}`);
    await page.waitForSelector('header.topbar');
    return page;
  }
  await page.goto(`${pathToFileURL(SINGLE_FILE).href}${hash}`);
  await page.waitForSelector('header.topbar');
  const srcs = new URLSearchParams(query).getAll('src');
  if (srcs.length) {
    await page.waitForSelector('.demo-banner');
    await page.locator('#open-files').setInputFiles(srcs.map(localPath));
    await page.waitForSelector('.demo-banner', { state: 'detached' });
  }
  return page;
}

/// Every page a test opened, for the teardown that checks them.
const opened = new Set();

/// Remembers a page, and whether the panic panel was up when the test closed it.
export function watch(page) {
  opened.add(page);
  const close = page.close.bind(page);
  page.close = async (...args) => {
    page.panicSeen = await page.locator('#panic').isVisible().catch(() => false);
    return close(...args);
  };
}

/// The teardown of every browser test (`afterEach(assertPagesClean)`): no page it opened had a script
/// error or showed the panic panel, whatever the test asserted before. A test that panics the app on
/// purpose sets `page.expectPanic`.
export async function assertPagesClean() {
  const pages = [...opened];
  opened.clear();
  for (const page of pages) {
    if (page.expectPanic) continue;
    assert.deepEqual(page.errors ?? [], [], `script errors on ${page.url()}`);
    const panic = page.isClosed() ? page.panicSeen : await page.locator('#panic').isVisible().catch(() => false);
    assert.ok(!panic, `the panic panel is shown on ${page.url()}`);
  }
}

/// The number of sessions in the result, and of all loaded, from the list's count ("12 of 40 sessions").
export const count = async (page) => Number((await page.locator('.count').textContent()).split(' ')[0]);
export const total = async (page) => Number((await page.locator('.count').textContent()).split(' ')[2]);

/// Types a query and waits for the view that answers it: the hash carries the query once the list
/// has been rendered for it (the count alone cannot tell, two queries may have the same count).
export async function search(page, q) {
  await page.locator('#search').fill(q);
  await page.waitForFunction((q) => (new URLSearchParams(location.hash.split('?')[1] ?? '').get('q') ?? '') === q, q);
}

/// Rows currently in the DOM of the session table.
export function rows(page) {
  return page.locator('.sbody .srow');
}

export async function sessionCount(page) {
  const text = await page.locator('.count').textContent();
  return text;
}

/// Pastes text into the paste box and presses Load.
export async function paste(page, text) {
  const box = page.locator('#paste-box');
  if (!(await box.isVisible())) await page.getByRole('button', { name: 'Paste JSON' }).click();
  await box.fill(text);
  await page.getByRole('button', { name: 'Load', exact: true }).click();
}

/// Every leaf path of a JSON value, in the viewer's dotted form (arrays are leaves).
export function leafPaths(v, prefix = '') {
  if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) {
    return Object.entries(v).flatMap(([k, c]) => leafPaths(c, prefix ? `${prefix}.${k}` : k));
  }
  return [prefix];
}
