// The auditor's workbench: query language, facets, timeline, review first, exports, review marks,
// view state in the URL, keyboard, theme, print report and an accessibility check on every view.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { startServer, launch, open, paste, fixture, FIXTURES, ROOT, assertPagesClean, count, total, search } from './harness.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.server.close(); });
afterEach(assertPagesClean);

/// The whole result: scrolls the virtual list and collects a column's text from every row, and checks
/// it read as many rows as the count says.
async function column(page, cls) {
  const values = await page.locator('.sbody').evaluate(async (el, cls) => {
    const seen = new Map();
    for (let top = 0; top <= el.scrollHeight; top += el.clientHeight / 2) {
      el.scrollTop = top; el.dispatchEvent(new Event('scroll'));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      for (const row of el.querySelectorAll('.srow')) seen.set(row.getAttribute('aria-rowindex'), row.querySelector(cls)?.textContent ?? '');
    }
    el.scrollTop = 0; el.dispatchEvent(new Event('scroll'));
    return [...seen.values()];
  }, cls);
  assert.equal(values.length, await count(page), `${cls}: every row of the result was read`);
  return values;
}

test('field queries, ranges, boolean operators, and a syntax error shown at its column', async () => {
  const page = await open(browser, srv.base);
  await page.waitForSelector('.demo-banner');
  const all = await total(page);
  await search(page, 'protocol:SSH');
  const ssh = await count(page);
  assert.ok(ssh > 0 && ssh < all);
  assert.deepEqual([...new Set(await column(page, '.c-protocol'))], ['SSH']);
  await search(page, 'NOT protocol:SSH');
  assert.equal(await count(page), all - ssh);
  await search(page, 'recording.verdict:auth-fail OR verdict:AUTH_FAIL');
  const verdicts = await column(page, '.c-verdict');
  assert.ok(verdicts.length > 0 && verdicts.every((v) => /AUTH_FAIL/.test(v)), String(verdicts));
  await search(page, 'analytics.score.aggregated:[70 TO 100]');
  const scores = (await column(page, '.c-score .score')).map(Number);
  assert.ok(scores.length > 0 && scores.every((s) => s >= 70 && s <= 100), String(scores));
  await search(page, 'protocol:SSH');
  const protocols = await column(page, '.c-protocol');
  // A half-typed query keeps the last valid result, says so, and the URL keeps the last valid query.
  await page.locator('#search').fill('(protocol:SSH OR protocol:RDP');
  const err = page.locator('#query-error');
  await err.waitFor();
  assert.match(await err.textContent(), /Column 30: expected '\)' to close the '\(' at column 1/);
  assert.match(await err.textContent(), /keeps the result of the last valid query, protocol:SSH\./);
  assert.equal(await page.locator('#search').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('.count').textContent(), new RegExp(`^${ssh} of ${all} sessions · last valid query$`));
  assert.deepEqual(await column(page, '.c-protocol'), protocols);
  assert.equal(await page.evaluate(() => location.hash), '#/?q=protocol%3ASSH');
  await page.locator('#search').fill('protocol:(SSH');
  await page.waitForFunction(() => /expected/.test(document.querySelector('#query-error')?.textContent));
  assert.equal(await count(page), ssh, 'not "No session matches"');
  // Fixed, it answers at once and the badge goes.
  await search(page, '(protocol:SSH OR protocol:RDP)');
  await page.waitForFunction(() => !document.querySelector('#query-error'));
  assert.ok(await count(page) > ssh);
  assert.doesNotMatch(await page.locator('.count').textContent(), /last valid/);
  // With no valid query before it, a broken one shows every session.
  await search(page, '');
  await page.locator('#search').fill('protocol:(');
  await page.waitForFunction(() => /shows every session/.test(document.querySelector('#query-error')?.textContent));
  assert.equal(await count(page), all);
  await page.getByRole('button', { name: 'Syntax' }).click();
  const help = page.locator('#query-help');
  assert.match(await help.textContent(), /score[\s\S]*aggregated risk score/);
  assert.match(await help.textContent(), /review[\s\S]*flagged, reviewed/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('facets count the current result; click keeps a value, Alt-click excludes it', async () => {
  const page = await open(browser, srv.base);
  await page.waitForSelector('.facets');
  const all = await total(page);
  const value = page.locator('.facet', { hasText: 'Protocol' }).locator('.facet-value').first();
  const name = await value.locator('.fv').textContent();
  const n = Number(await value.locator('.fc').textContent());
  await value.click();
  await page.waitForFunction((n) => document.querySelector('.count').textContent.startsWith(`${n} of`), n);
  assert.equal(await page.locator('#search').inputValue(), `protocol:"${name}"`);
  assert.deepEqual([...new Set(await column(page, '.c-protocol'))], [name]);
  await page.getByRole('button', { name: 'Show all' }).click();
  await page.locator('.facet', { hasText: 'Protocol' }).locator('.facet-value').first().click({ modifiers: ['Alt'] });
  await page.waitForFunction((n) => document.querySelector('.count').textContent.startsWith(`${n} of`), all - n);
  assert.equal(await page.locator('#search').inputValue(), `-protocol:"${name}"`);
  await page.close();
});

test('the timeline: dragging keeps a span of starts, clicking keeps sessions active at an instant', async () => {
  const page = await open(browser, srv.base);
  const svg = page.locator('.timeline svg');
  await svg.waitFor();
  const box = await svg.boundingBox();
  await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelector('#search').value.startsWith('start:['));
  const q = await page.locator('#search').inputValue();
  assert.match(q, /^start:\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ TO \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\}$/);
  const n = await count(page);
  assert.ok(n > 0 && n < await total(page));
  await page.getByRole('button', { name: 'Show all' }).click();
  await page.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
  await page.waitForFunction(() => document.querySelector('#search').value.startsWith('at:'));
  assert.match(await page.locator('#search').inputValue(), /^at:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  await page.close();
});

test('review first: risky sessions, riskiest first', async () => {
  const page = await open(browser, srv.base);
  await page.waitForSelector('.demo-banner');
  await page.getByRole('button', { name: 'Review first' }).click();
  await page.waitForFunction(() => document.querySelector('#search').value.startsWith('score:>=70 OR'));
  assert.equal(await page.locator('[role=columnheader][aria-sort=descending]').textContent(), 'Risk ▼');
  assert.ok(await count(page) < await total(page));
  const scores = (await column(page, '.c-score .score')).map(Number);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
  await page.close();
});

test('the view lives in the hash: query, sort, zone and session survive a reload', async () => {
  const page = await open(browser, srv.base);
  await page.waitForSelector('.demo-banner');
  await search(page, 'protocol:RDP');
  await page.getByTitle('Sort by Risk').click();
  await page.getByRole('button', { name: 'UTC', exact: true }).click();
  await page.waitForFunction(() => location.hash.includes('tz=utc'));
  const hash = await page.evaluate(() => location.hash);
  assert.equal(hash, '#/?q=protocol%3ARDP&sort=score-desc&tz=utc', 'the list is the home route');
  const n = await count(page);
  await page.reload();
  await page.waitForSelector('.demo-banner');
  await page.waitForFunction((n) => document.querySelector('.count')?.textContent.startsWith(`${n} of`), n);
  assert.equal(await page.locator('#search').inputValue(), 'protocol:RDP');
  assert.equal(await page.locator('[role=columnheader][aria-sort=descending]').textContent(), 'Risk ▼');
  assert.equal(await page.getByRole('button', { name: 'UTC', exact: true }).getAttribute('aria-pressed'), 'true');
  await page.locator('.sbody .srow .c-start a').first().click();
  await page.waitForSelector('.session-head');
  assert.match(await page.evaluate(() => location.hash), /^#\/sessions\/[^?]+\?q=protocol%3ARDP&sort=score-desc&tz=utc$/);
  await page.close();
});

test('CSV and JSON of the result: chosen zone in the header, formulas neutralised, documents as loaded', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await open(context, srv.base, '?src=fixtures/seed-session.json');
  await page.waitForSelector('.sbody .srow');
  const evil = JSON.parse(fixture('session-6x.json'));
  evil.key = 'Formula000000000000001';
  evil.body.user.name = '=cmd|\' /C calc\'!A0';
  await paste(page, JSON.stringify(evil));
  await page.waitForFunction(() => document.querySelector('.count').textContent === '2 of 2 sessions');
  // Cells a float parser takes for numbers are still neutralised: decided by the characters.
  const floaty = JSON.parse(fixture('session-6x.json'));
  floaty.key = 'Floaty0000000000000001';
  floaty.body.user.name = '-Infinity';
  floaty.body.user.server_username = '+nan';
  floaty.body.protocol = '-inf';
  await paste(page, JSON.stringify(floaty));
  await page.waitForFunction(() => document.querySelector('.count').textContent === '3 of 3 sessions');
  await page.getByRole('button', { name: 'UTC', exact: true }).click();
  await page.locator('.export summary').click();
  const [csvDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^CSV of 3 sessions$/ }).click()]);
  const csv = fs.readFileSync(await csvDl.path(), 'utf8').split('\r\n');
  assert.match(csv[0], /^key,start \(UTC\),end \(UTC\),duration_seconds,user,/);
  assert.equal(csv.filter(Boolean).length, 4);
  assert.ok(csv.some((l) => l.startsWith('Formula000000000000001,') && l.includes(`'=cmd|`)), csv.join('\n'));
  const floatyRow = csv.find((l) => l.startsWith('Floaty0000000000000001,'));
  for (const cell of [`'-Infinity`, `'+nan`, `'-inf`]) assert.ok(floatyRow.split(',').includes(cell), `${cell} in ${floatyRow}`);
  assert.ok(!/,-Infinity,|,\+nan,|,-inf,/.test(floatyRow), floatyRow);
  const [jsonDl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^JSON of 3 documents$/ }).click()]);
  const docs = JSON.parse(fs.readFileSync(await jsonDl.path(), 'utf8'));
  assert.deepEqual(docs.map((d) => d.key).sort(), ['Floaty0000000000000001', 'Formula000000000000001', JSON.parse(fixture('seed-session.json')).key].sort());
  assert.deepEqual(docs.find((d) => d.key === evil.key), evil);
  await context.close();
});

test('a note being typed is kept when the page redraws before it is saved', async () => {
  const context = await browser.newContext();
  const page = await open(context, srv.base, '?src=fixtures/list-fields-star-7x.json');
  await page.waitForSelector('.sbody .srow');
  await page.locator('.sbody .srow .c-start a').first().click();
  await page.waitForSelector('.review');
  await page.locator('#review-note').fill('half a thought');
  // Something else redraws the page meanwhile (a file's hash arriving; here the header's time toggle,
  // pressed from script so that the box keeps the focus and its text stays unsaved).
  await page.evaluate(() => [...document.querySelectorAll('.segmented button')].find((b) => b.textContent === 'UTC').click());
  await page.waitForSelector('.segmented button[aria-pressed="true"]:has-text("UTC")');
  assert.equal(await page.locator('#review-note').inputValue(), 'half a thought');
  await page.locator('#review-note').blur();
  const noted = await page.evaluate(() => location.hash.split('?')[0]);
  await page.evaluate(() => { location.hash = '#/sessions'; });
  await search(page, 'review:noted');
  assert.equal(await count(page), 1);
  // The saved note is in its session's box, and only there.
  await search(page, '-review:noted');
  await page.locator('.sbody .srow .c-start a').first().click();
  await page.waitForSelector('.review');
  assert.equal(await page.locator('#review-note').inputValue(), '');
  await page.evaluate((h) => { location.hash = h; }, noted);
  await page.waitForFunction(() => document.querySelector('#review-note')?.value === 'half a thought');
  await context.close();
});

test('review marks: flag and note a session, filter by them, keep them, export and import them', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await open(context, srv.base, '?src=fixtures/list-fields-star-7x.json');
  await page.waitForSelector('.sbody .srow');
  await page.locator('.sbody .srow .c-start a').first().click();
  await page.waitForSelector('.review');
  const key = decodeURIComponent((await page.evaluate(() => location.hash)).split('/')[2].split('?')[0]);
  await page.getByRole('button', { name: '⚑ Flag' }).click();
  await page.getByRole('button', { name: '⚑ Flagged' }).waitFor();
  await page.locator('#review-note').fill('check the <b>sudo</b> at 10:02');
  await page.locator('#review-note').blur();
  await page.evaluate(() => { location.hash = '#/sessions'; });
  await search(page, 'review:flagged');
  assert.equal(await count(page), 1);
  assert.match(await page.locator('.sbody .srow .c-flags').textContent(), /⚑/);
  await search(page, 'review:noted');
  assert.equal(await count(page), 1);
  // Kept in this browser: a new page of the same context, same file.
  const again = await open(context, srv.base, '?src=fixtures/list-fields-star-7x.json');
  await again.waitForSelector('.sbody .srow');
  await search(again, 'review:flagged');
  assert.equal(await count(again), 1);
  await again.locator('.export summary').click();
  const [dl] = await Promise.all([again.waitForEvent('download'), again.getByRole('button', { name: /^Review marks \(1\)/ }).click()]);
  const exported = JSON.parse(fs.readFileSync(await dl.path(), 'utf8'));
  assert.deepEqual(exported.marks[key], { flagged: true, reviewed: false, note: 'check the <b>sudo</b> at 10:02' });
  // Another browser profile imports them.
  const other = await browser.newContext();
  const fresh = await open(other, srv.base, '?src=fixtures/list-fields-star-7x.json');
  await fresh.waitForSelector('.sbody .srow');
  await fresh.locator('.export summary').click();
  await fresh.getByLabel('Import review marks').setInputFiles(await dl.path());
  await fresh.waitForSelector('text=Review marks imported');
  await search(fresh, 'review:flagged');
  assert.equal(await count(fresh), 1);
  assert.equal(await fresh.locator('b').count(), 0, 'the note is text, not markup');
  await other.close();
  await context.close();
});

test('keyboard: / searches, j/k move, Enter opens, Esc goes back, ? lists the shortcuts', async () => {
  const page = await open(browser, srv.base);
  await page.waitForSelector('.sbody .srow');
  await page.keyboard.press('/');
  await page.waitForFunction(() => document.activeElement.id === 'search', null, { timeout: 5000 });
  await page.keyboard.type('protocol:SSH');
  // The cursor starts over on each new result: wait for this one before moving it.
  await page.waitForFunction(() => !/^(\d+) of \1 /.test(document.querySelector('.count').textContent));
  await page.locator('#search').blur();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  await page.keyboard.press('j');
  const second = await page.locator('.srow.cursor').getAttribute('aria-rowindex');
  assert.equal(second, '3', 'the cursor is on the second session (row 3, after the header)');
  const link = await page.locator('.srow.cursor .c-start a').getAttribute('href');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.session-head');
  assert.equal(await page.evaluate(() => location.hash.split('?')[0]), link.split('?')[0]);
  await page.keyboard.press('Escape');
  await page.waitForSelector('.list-page');
  assert.equal(await page.locator('#search').inputValue(), 'protocol:SSH');
  await page.keyboard.press('?');
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count(), 0);
  await page.close();
});

test('light and dark themes follow the system, with a toggle that sticks', async () => {
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await open(context, srv.base);
  await page.waitForSelector('.demo-banner');
  const bg = () => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim());
  assert.equal(await bg(), '#14171c', 'dark, from the system');
  await page.getByRole('button', { name: 'Theme: system' }).click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  assert.equal(await bg(), '#f6f7f9');
  await page.getByRole('button', { name: 'Theme: light' }).click();
  assert.equal(await bg(), '#14171c');
  await page.reload();
  await page.waitForSelector('.demo-banner');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await context.close();
});

test('the print report names the files with their SHA-256, the query and the zone', async () => {
  const page = await open(browser, srv.base, '?src=fixtures/seed-session.json&src=fixtures/channels.json');
  await page.waitForSelector('.sbody .srow');
  await search(page, 'protocol:SSH');
  await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
  await page.emulateMedia({ media: 'print' });
  const head = page.locator('.list-page .report-head');
  await head.waitFor({ state: 'visible' });
  const text = await head.textContent();
  for (const f of ['seed-session.json', 'channels.json']) {
    const sha = crypto.createHash('sha256').update(fs.readFileSync(path.join(FIXTURES, f))).digest('hex');
    assert.ok(text.includes(f) && text.includes(sha), `${f} ${sha} in: ${text}`);
  }
  assert.match(text, /Query: protocol:SSH/);
  assert.match(text, /Times: each time in the offset it was written with/);
  assert.equal(await page.locator('.print-only > .print-list tbody tr').count(), await count(page));
  // A page of the audit questions over the result comes first: one row per question, with its query.
  const questions = page.locator('.print-insights tbody tr');
  assert.equal(await questions.count(), 11);
  assert.match(await page.locator('.print-insights').textContent(), /Who worked outside working hours\?.*insight:off-hours/s);
  assert.equal(await page.locator('.facets').isVisible(), false);
  await page.close();
});

test('accessibility: axe finds no serious or critical issue on any view', async () => {
  // The page's own policy refuses injected scripts, which is the point; the checker needs it lifted.
  const context = await browser.newContext({ bypassCSP: true });
  const page = await open(context, srv.base, '?src=fixtures/seed-session.json&src=fixtures/channels.json&src=fixtures/alerts.json&src=fixtures/events-6x.json');
  await page.waitForSelector('.sbody .srow');
  await page.addScriptTag({ path: path.join(ROOT, 'tests/e2e/node_modules/axe-core/axe.min.js') });
  const check = async (what) => {
    const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = r.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`), [], what);
  };
  await check('session list');
  await page.getByRole('button', { name: 'Syntax' }).click();
  await check('search help');
  await page.getByRole('button', { name: 'Syntax' }).click();
  await page.locator('.export summary').click();
  await check('export menu');
  const key = JSON.parse(fixture('seed-session.json')).key;
  for (const tab of ['connection', 'recording', 'channels', 'analytics', 'alerts', 'events', 'timeline', 'raw']) {
    await page.evaluate((h) => { location.hash = h; }, `#/sessions/${key}/${tab}`);
    await page.waitForSelector(`.tab-body[data-tab="${tab}"]`);
    await check(`session ${tab}`);
  }
  await page.evaluate(() => { location.hash = '#/files'; });
  await page.waitForSelector('h1:has-text("Loaded files")');
  await check('files');
  await page.evaluate(() => { location.hash = '#/files/0'; });
  await page.waitForSelector('.json-tree');
  await check('a document');
  await page.keyboard.press('?');
  await check('shortcuts');
  await context.close();
});
