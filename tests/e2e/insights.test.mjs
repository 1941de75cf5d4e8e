// The Insights page over tests/fixtures/insights.ndjson, where the answers are planted: a working week
// of ordinary sessions, one night session, a burst of six failed logins followed by a success, one
// user in two places at once, one login as root. Each card's count, its link to the list and the URL,
// a heatmap cell, the settings, and axe in both themes; served and from the single file.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launch, open, count, assertPagesClean, ROOT } from './harness.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.server.close(); });
afterEach(assertPagesClean);

const SRC = '?src=fixtures/insights.ndjson';
// In UTC, as planted (the fixture's times are UTC).
const EXPECTED = {
  'off-hours': 1,
  'failed-burst': 6,
  'burst-then-success': 7,
  'first-contact': 8,
  privileged: 1,
  'files-and-tunnels': 0,
  'policy-friction': 0,
  long: 0,
  overlap: 2,
  'machine-like': 0,
  'data-problems': 0,
};

const cardCount = async (page, slug) => Number(await page.locator(`[data-insight="${slug}"] .insight-count strong`).textContent());

async function insightsInUtc(context) {
  const page = await open(context, srv.base, SRC, '#/insights');
  await page.waitForSelector('.insight-card');
  await page.locator('.insight-settings summary').click();
  await page.getByLabel('Time zone').selectOption('utc');
  await page.waitForSelector('text=Local times are read in UTC');
  return page;
}

test('each card counts its planted sessions, and opens exactly them in the list with a shareable query', async () => {
  const context = await browser.newContext();
  const page = await insightsInUtc(context);
  for (const [slug, n] of Object.entries(EXPECTED)) {
    assert.equal(await cardCount(page, slug), n, slug);
  }
  assert.match(await page.locator('[data-insight="failed-burst"] .tops').textContent(), /mallory\s*6/);
  for (const [slug, n] of Object.entries(EXPECTED).filter(([, n]) => n > 0)) {
    await page.evaluate(() => { location.hash = '#/insights'; });
    await page.waitForSelector(`[data-insight="${slug}"] button.primary`);
    await page.locator(`[data-insight="${slug}"] button.primary`).click();
    await page.waitForSelector('.sbody .srow');
    assert.equal(await count(page), n, slug);
    assert.equal(new URL(page.url()).hash, `#/sessions?q=insight%3A${slug}`);
    // Back to every session for the next card.
    await page.getByRole('searchbox').fill('');
    await page.waitForFunction(() => !location.hash.includes('q='));
  }
  // The settings are kept: a new page in the same browser reads times in UTC still.
  const again = await open(context, srv.base, SRC, '#/insights');
  await again.waitForSelector('text=Local times are read in UTC');
  assert.equal(await cardCount(again, 'off-hours'), 1);
  await context.close();
});

test('new settings have the answers worked out between frames: the page says so first, then shows them', async () => {
  const context = await browser.newContext();
  const page = await insightsInUtc(context);
  await page.waitForSelector('.insight-card');
  // Whether the "working" state was ever in the page, however briefly (a small file's steps can
  // finish before the next frame is painted, but not before the state that says so is rendered).
  await page.evaluate(() => {
    window.__working = false;
    new MutationObserver(() => { window.__working ||= !!document.querySelector('.insight-working'); })
      .observe(document.body, { childList: true, subtree: true });
  });
  await page.getByLabel('Time zone').selectOption('local');
  await page.waitForFunction(() => window.__working && document.querySelector('.insight-card') && !document.querySelector('.insight-working'));
  await page.getByLabel('Time zone').selectOption('utc');
  await page.waitForFunction(() => document.querySelector('.insight-card') && !document.querySelector('.insight-working'));
  for (const [slug, n] of Object.entries(EXPECTED)) {
    assert.equal(await cardCount(page, slug), n, slug);
  }
  await context.close();
});

test('a setting being typed is kept when the page redraws before it is committed', async () => {
  const context = await browser.newContext();
  const page = await insightsInUtc(context);
  await page.getByLabel('Time zone').selectOption('offset');
  await page.waitForSelector('text=Local times are read in UTC+00:00');
  await page.getByLabel('Offset').fill('+09:00');
  // Something else redraws the page meanwhile (the answers arriving; here the header's time toggle,
  // pressed from script so that the box keeps the focus and its text stays uncommitted).
  await page.evaluate(() => [...document.querySelectorAll('.segmented button')].find((b) => b.textContent === 'UTC').click());
  await page.waitForSelector('.segmented button[aria-pressed="true"]:has-text("UTC")');
  assert.equal(await page.getByLabel('Offset').inputValue(), '+09:00');
  await page.getByLabel('Offset').press('Enter');
  await page.waitForSelector('text=Local times are read in UTC+09:00');
  await context.close();
});

test('a link with an insight query opens the list it names, and the query combines with the rest', async () => {
  const context = await browser.newContext({ timezoneId: 'UTC' });
  const page = await open(context, srv.base, SRC, '#/sessions?q=insight%3Aoverlap%20client%3A10.0.0.88');
  await page.waitForSelector('.sbody .srow');
  assert.equal(await count(page), 1);
  assert.match(await page.locator('.sbody').textContent(), /bob-there|bob/);
  await context.close();
});

test('the heatmap counts sessions by weekday and hour, and a cell keeps its sessions', async () => {
  const context = await browser.newContext();
  const page = await insightsInUtc(context);
  // Tuesday 11:00 UTC: the six failures and the success that followed.
  const cell = page.getByRole('button', { name: 'Tuesday 11:00–12:00: 7 sessions' });
  await cell.click();
  await page.waitForSelector('.sbody .srow');
  assert.equal(await count(page), 7);
  assert.match(new URL(page.url()).hash, /q=weekday%3Atue%20hour%3A11$/);
  // Nine hours east, the same sessions started at 20:00.
  await page.evaluate(() => { location.hash = '#/insights'; });
  await page.getByRole('button', { name: 'Ask over every session' }).click();
  await page.waitForSelector('text=Over all 31 loaded sessions');
  await page.locator('.insight-settings summary').click();
  await page.getByLabel('Time zone').selectOption('offset');
  await page.getByLabel('Offset').fill('+09:00');
  await page.getByLabel('Offset').press('Enter');
  await page.getByLabel('Offset').blur();
  await page.waitForSelector('text=Local times are read in UTC+09:00');
  await page.waitForSelector('.heatmap button[aria-label^="Tuesday 20:00–21:00: 7 sessions"]');
  await context.close();
});

test('accessibility: axe finds no serious or critical issue on the Insights page and the Timeline tab, light and dark', async () => {
  const check = async (page, what) => {
    await page.addScriptTag({ path: path.join(ROOT, 'tests/e2e/node_modules/axe-core/axe.min.js') });
    const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = r.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`), [], what);
  };
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ bypassCSP: true, colorScheme });
    const page = await open(context, srv.base, SRC, '#/insights');
    await page.waitForSelector('.insight-card');
    await page.locator('.insight-settings summary').click();
    await check(page, `insights, ${colorScheme}`);
    const timeline = await open(context, srv.base, '?src=fixtures/session-timeline.json', '#/sessions/TimelineSession0001/timeline');
    await timeline.waitForSelector('.session-timeline');
    await check(timeline, `timeline, ${colorScheme}`);
    await context.close();
  }
});

test('Fetch from SPS turns the query into the snapshot chain, says what SPS cannot be asked, and sends nothing', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await open(context, srv.base, SRC, '#/sessions?q=user%3Aroot%20score%3A%5B70%20TO%20100%5D%20insight%3Aoff-hours');
  await page.waitForSelector('.count');
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.locator('.sps-fetch summary').click();
  const panel = page.locator('.sps-fetch .sps-body');
  assert.equal(await panel.locator('.sps-q dd code').first().textContent(),
    '((user.name:root OR user.server_username:root) AND analytics.score.aggregated:[70 TO 100])');
  assert.match(await panel.textContent(), /insight:off-hours \(Trailview's own\)/);
  const script = await panel.locator('pre.script').textContent();
  assert.match(script, /\/api\/audit\/sessions\/_snapshot/);
  assert.match(script, /fields=\*&sort=-start_time&q=%28%28user\.name%3Aroot/);
  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Download fetch-sessions.sh' }).click()]);
  assert.equal(download.suggestedFilename(), 'fetch-sessions.sh');
  const saved = await (await import('node:fs')).promises.readFile(await download.path(), 'utf8');
  assert.equal(saved, script);
  assert.deepEqual(requests.filter((u) => !u.startsWith('blob:')), [], 'Trailview itself sends nothing');
  await context.close();
});
