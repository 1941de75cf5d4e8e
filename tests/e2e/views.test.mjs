// Navigating list → session → each tab, the values shown, times, and shareable links.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, open, fixture, leafPaths, assertPagesClean } from './harness.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.server.close(); });
afterEach(assertPagesClean);

const SEED_KEY = 'rUhhQZ3jYsY1NDWYp9DEpq';

test('every field of the seed document is shown, with its meaning on hover', async () => {
  const page = await open(browser, srv.base, '?src=fixtures/seed-session.json');
  await page.waitForSelector('.sbody .srow');
  await page.locator('.sbody .srow .c-start a').first().click();
  await page.waitForSelector('.session-head');
  assert.equal(new URL(page.url()).hash, `#/sessions/${SEED_KEY}`);
  const seed = JSON.parse(fixture('seed-session.json'));
  const shown = new Map();
  for (const tab of ['connection', 'recording', 'analytics']) {
    await page.getByRole('link', { name: new RegExp(`^${tab}`, 'i') }).click();
    await page.waitForSelector(`.tab-body[data-tab="${tab}"]`);
    for (const el of await page.locator('.field').all()) {
      shown.set(await el.getAttribute('data-path'), await el.locator('dt').getAttribute('title'));
    }
  }
  for (const p of leafPaths(seed)) {
    assert.ok(shown.has(p), `${p} is not shown`);
    assert.ok(!shown.get(p).includes('Not described'), `${p} has no meaning: ${shown.get(p)}`);
  }
  await page.close();
});

test('the session tabs show decoded values, and each tab has its own URL', async () => {
  const page = await open(browser, srv.base, '?src=fixtures/seed-session.json', `#/sessions/${SEED_KEY}/recording`);
  await page.waitForSelector('.field');
  const field = (p) => page.locator(`.field[data-path="${p}"] dd`);
  assert.match(await page.locator('.session-head .facts').textContent(), /from seed-session\.json, line 1/);
  assert.equal(await field('body.recording.index_status').textContent(), 'INDEXED (3) — indexing complete');
  assert.match(await page.locator(`.field[data-path="body.recording.index_status"] dt`).getAttribute('title'), /CHANNEL_OPEN \(0\)/);
  // Verdict spellings: normalised, with the raw value visible.
  assert.match(await field('body.recording.verdict').textContent(), /ACCEPT\s*written Accepted/);
  assert.match(await field('body.recording.audit_trail.download.href').textContent(), /\/api\/audit\/sessions\/rUhhQZ3jYsY1NDWYp9DEpq\/audit_trail\s*not loaded/);
  await page.getByRole('link', { name: /^Connection/ }).click();
  await page.waitForFunction(() => location.hash.endsWith('/connection'));
  assert.match(await field('body.verdict').textContent(), /^ACCEPT/);
  assert.match(await field('body.origin').textContent(), /RECORDING/);
  assert.match(await field('body.user.server_username').textContent(), /myserver/);
  for (const [tab, text] of [['channels', /No channels document is loaded[\s\S]*\/channels/], ['alerts', /No alerts document is loaded/],
                             ['events', /No events document is loaded/], ['analytics', /No aggregated risk score/]]) {
    await page.getByRole('link', { name: new RegExp(`^${tab}`, 'i') }).click();
    await page.waitForFunction((t) => location.hash.endsWith(`/${t}`), tab);
    assert.match(await page.locator('.tab-body').textContent(), text, tab);
  }
  await page.getByRole('link', { name: /^Raw JSON/ }).click();
  await page.waitForSelector('.json-tree .jt-key');
  // A document this size opens fully expanded: every value is on the page, for the browser's find too.
  assert.match(await page.locator('.json-tree').textContent(), /"myconnectionpolicy"/);
  assert.equal(await page.locator('.json-tree .jt-toggle[aria-expanded=false]').count(), 0);
  await page.locator('.jt-toggle', { hasText: 'recording' }).click();
  assert.doesNotMatch(await page.locator('.json-tree').textContent(), /"myconnectionpolicy"/);
  await page.locator('.jt-toggle', { hasText: 'recording' }).click();
  assert.match(await page.locator('.json-tree').textContent(), /"myconnectionpolicy"/);
  // Back and forward move between the tabs visited.
  await page.goBack();
  await page.waitForFunction(() => location.hash.endsWith('/analytics'));
  await page.goForward();
  await page.waitForFunction(() => location.hash.endsWith('/raw'));
  // The warnings of the seed sample are flagged on the session.
  const issues = await page.locator('details.issues').textContent();
  assert.match(issues, /end time 2018-09-15T14:22:00\+05:00 is before start time/);
  assert.match(issues, /duration 57 s .* disagrees/);
  assert.match(issues, /seed-session\.json, line \d+, column \d+/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('channels, analytics, alerts and events of a linked session', async () => {
  const q = '?src=fixtures/session-6x.json&src=fixtures/channels.json&src=fixtures/alerts.json&src=fixtures/events-6x.json&src=fixtures/trail-downloads.json&src=fixtures/indexer.json';
  const key = 'Hk3Nw8yUe5RtP0aZc6DfJm';
  const page = await open(browser, srv.base, q, `#/sessions/${key}/channels`);
  await page.waitForSelector('table.channels tbody tr >> nth=6');
  const body = await page.locator('table.channels').textContent();
  for (const s of ['session exec', 'uptime', 'localhost (127.0.0.1):51001 → 10.1.2.3:5432', '10.9.9.9:59578 → 127.0.0.1:8080', '/srv/backup', 'sftp', 'secops1', 'not approved', 'FOUR_EYES_REJECT', 'x11']) {
    assert.ok(body.includes(s), `channels tab lacks ${s}`);
  }
  // An undocumented channel member is still shown.
  await page.locator('table.channels tbody tr >> nth=6').locator('summary').click();
  assert.match(await page.locator('table.channels tbody tr >> nth=6').textContent(), /mystery_field[\s\S]*kept/);
  await page.getByRole('link', { name: /^Analytics/ }).click();
  await page.waitForSelector('[role=meter]');
  assert.equal(await page.locator('[role=meter]').getAttribute('aria-valuenow'), '64');
  const analytics = await page.locator('.tab-body').textContent();
  for (const s of ['logintime', '88', 'clockmaster', 'baseline not ready', 'systemctl', 'Not scripted']) assert.ok(analytics.includes(s), s);
  await page.getByRole('link', { name: /^Alerts \(1\)/ }).click();
  await page.waitForSelector('table.alerts');
  assert.match(await page.locator('table.alerts').textContent(), /PatternMatcherRule[\s\S]*rm -rf \/var\/log\/app/);
  assert.match(await page.locator('table.alerts').textContent(), /2022-09-14 16:05:33\.018211\s*zone unknown/);
  await page.getByRole('link', { name: /^Events \(2\)/ }).click();
  await page.waitForSelector('table.events');
  assert.match(await page.locator('table.events').textContent(), /sudo systemctl restart nginx/);
  await page.getByRole('link', { name: /^Recording/ }).click();
  await page.waitForSelector('text=Audit-trail downloads');
  const rec = await page.locator('.tab-body').textContent();
  for (const s of ['auditor1', '192.0.2.40', 'TO_ACCURATE', 'COMPLETED']) assert.ok(rec.includes(s), s);
  // The channels link in the document leads to the loaded channels tab.
  await page.locator('.field[data-path="body.channels.href"] a').click();
  await page.waitForFunction(() => location.hash.endsWith('/channels'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('channels, events and alerts given inline are shown, counted and searched like linked ones', async () => {
  const key = 'InlineCollections00001';
  const page = await open(browser, srv.base, '?src=fixtures/session-inline-collections.json', `#/sessions/${key}/channels`);
  await page.waitForSelector('table.channels tbody tr >> nth=6');
  const body = await page.locator('table.channels').textContent();
  for (const s of ['session exec', 'uptime', '/srv/backup', 'secops1', 'x11']) assert.ok(body.includes(s), `channels tab lacks ${s}`);
  assert.match(await page.locator('.inline-note').textContent(), /came inline, in the session document's body\.channels array/);
  await page.getByRole('link', { name: /^Alerts \(1\)/ }).click();
  await page.waitForSelector('table.alerts');
  assert.match(await page.locator('table.alerts').textContent(), /PatternMatcherRule[\s\S]*rm -rf \/var\/log\/app/);
  await page.getByRole('link', { name: /^Events \(2\)/ }).click();
  await page.waitForSelector('table.events');
  assert.match(await page.locator('table.events').textContent(), /sudo systemctl restart nginx/);
  assert.match(await page.locator('.inline-note').textContent(), /body\.events/);
  // No "wrong type" warning for the arrays.
  assert.doesNotMatch(await page.locator('.session-page, main').first().textContent(), /body\.channels: expected/);
  // Counted in the list, and found by a channel field.
  await page.goto(page.url().split('#')[0] + '#/?q=' + encodeURIComponent('channel.type:x11'));
  await page.waitForFunction(() => document.querySelector('.count')?.textContent.startsWith('1 of 1'));
  assert.equal((await page.locator('.sbody .srow .c-channels').first().textContent()).trim(), '7');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the time toggle shows every time in its original offset, UTC or local, and says which', async () => {
  const page = await open(browser, srv.base, '?src=fixtures/seed-session.json', `#/sessions/${SEED_KEY}/connection`);
  await page.waitForSelector('.field[data-path="body.start_time"]');
  const start = page.locator('.field[data-path="body.start_time"] dd');
  assert.match(await start.textContent(), /2018-09-15 15:53:00\s*UTC\+05:00\s*written 2018-09-15T15:53:00\+05:00/);
  await page.getByRole('button', { name: 'UTC', exact: true }).click();
  assert.match(await start.textContent(), /2018-09-15 10:53:00\s*UTC\s*written/);
  assert.equal(await page.getByRole('button', { name: 'UTC', exact: true }).getAttribute('aria-pressed'), 'true');
  await page.close();
  // "Local" is the browser's zone, whatever the machine's: set it, and read the time it gives.
  for (const [timezoneId, want] of [['Asia/Tokyo', /2018-09-15 19:53:00\s*local UTC\+09:00/], ['America/New_York', /2018-09-15 06:53:00\s*local UTC-04:00/]]) {
    const context = await browser.newContext({ timezoneId });
    const page = await open(context, srv.base, '?src=fixtures/seed-session.json', `#/sessions/${SEED_KEY}/connection`);
    await page.waitForSelector('.field[data-path="body.start_time"]');
    await page.getByRole('button', { name: 'Local', exact: true }).click();
    await page.waitForFunction(() => /local/.test(document.querySelector('.field[data-path="body.start_time"] dd').textContent));
    assert.match(await page.locator('.field[data-path="body.start_time"] dd').textContent(), want, timezoneId);
    await context.close();
  }
});

test('list stubs link to loaded sessions, and say not loaded otherwise', async () => {
  const page = await open(browser, srv.base, '?src=fixtures/list-paged.json&src=fixtures/session-6x.json');
  await page.waitForFunction(() => document.querySelector('.count')?.textContent === '2 of 2 sessions');
  assert.match(await page.locator('details.issues').textContent(), /2 of 342 matches[\s\S]*offset=4/);
  await page.locator('.srow.stub .c-start a').click();
  await page.waitForSelector('text=Only links to this session are loaded');
  assert.match(await page.locator('.page').textContent(), /\/api\/audit\/sessions\/Qm7Tz1cV9pXb2LkA4sEw0r \(listed in list-paged\.json\)/);
  await page.goBack();
  await page.locator('.sbody .srow:not(.stub) .c-start a').click();
  await page.waitForSelector('.field[data-path="body.protocol"]');
  await page.close();
});

test('a big list renders only the visible rows, sorts and searches', async () => {
  const page = await open(browser, srv.base, '?src=big/big.ndjson');
  await page.waitForFunction(() => document.querySelector('.count')?.textContent === '5001 of 5001 sessions', null, { timeout: 60000 });
  const inDom = await page.locator('.sbody .srow').count();
  assert.ok(inDom > 10 && inDom < 80, `${inDom} rows in the DOM`);
  const firstKey = await page.locator('.sbody .srow').first().textContent();
  await page.locator('.sbody').evaluate((el) => { el.scrollTop = 38 * 2500; el.dispatchEvent(new Event('scroll')); });
  await page.waitForFunction((k) => document.querySelector('.sbody .srow')?.textContent !== k, firstKey);
  assert.ok((await page.locator('.sbody .srow').count()) < 80);
  // Sort by risk: highest first.
  await page.getByTitle('Sort by Risk').click();
  await page.locator('.sbody').evaluate((el) => { el.scrollTop = 0; el.dispatchEvent(new Event('scroll')); });
  assert.equal(await page.locator('[role=columnheader][aria-sort=descending]').textContent(), 'Risk ▼');
  const scores = (await page.locator('.sbody .c-score .score').allTextContents()).slice(0, 5).map(Number);
  assert.deepEqual(scores, [100, 100, 100, 100, 100]);
  await page.locator('input.search').fill('"rm -rf" mkovacs');
  await page.waitForFunction(() => !document.querySelector('.count').textContent.startsWith('5001'));
  const n = Number((await page.locator('.count').textContent()).split(' ')[0]);
  assert.ok(n > 0 && n < 500, `${n} matches`);
  for (const t of await page.locator('.sbody .c-user').allTextContents()) assert.match(t, /mkovacs/);
  await page.close();
});

test('the raw tree opens expanded at its deep link, expands and collapses all, and finds keys and values', async () => {
  const page = await open(browser, srv.base, '?src=fixtures/seed-session.json', `#/sessions/${SEED_KEY}/raw`);
  await page.waitForSelector('.json-tree .jt-leaf');
  const tree = page.locator('.json-tree').first();
  const seed = JSON.parse(fixture('seed-session.json'));
  // Deepest values are there at once, recording.session_id among them.
  assert.ok((await tree.textContent()).includes(JSON.stringify(seed.body.recording.session_id)));
  await page.getByRole('button', { name: 'Collapse all' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.json-tree .jt-toggle[aria-expanded=true]').length === 1);
  // Only the root stays open: its own scalar members (the key) are the only values left on the page.
  assert.deepEqual(await tree.locator('.jt-leaf .jt-key').allTextContents(), ['key']);
  assert.ok(!(await tree.textContent()).includes(JSON.stringify(seed.body.recording.session_id)));
  // Find opens the paths to its matches, counts them, and steps through them with Enter / Shift+Enter.
  const find = page.getByRole('searchbox', { name: 'Find in this document' });
  await find.fill('connection_policy');
  await page.waitForFunction(() => /^1 of \d+$/.test(document.querySelector('.jt-count').textContent));
  const n = Number((await page.locator('.jt-count').textContent()).split(' of ')[1]);
  const want = JSON.stringify(seed).match(/connection_policy/gi).length;
  assert.equal(n, want, 'every key and value that holds it');
  assert.equal(await tree.locator('.jt-hit').count(), n);
  assert.match(await tree.locator('.jt-current').first().textContent(), /connection_policy/);
  await find.press('Enter');
  await page.waitForFunction(() => document.querySelector('.jt-count').textContent.startsWith('2 of'));
  await find.press('Shift+Enter');
  await find.press('Shift+Enter');
  await page.waitForFunction((n) => document.querySelector('.jt-count').textContent === `${n} of ${n}`, n);
  // A value, not only keys, and case does not matter.
  await find.fill('MYCONNECTIONPOLICY');
  await page.waitForFunction(() => document.querySelector('.jt-count').textContent === '1 of 1');
  assert.equal(await tree.locator('.jt-string.jt-hit').textContent(), '"myconnectionpolicy"');
  await find.fill('no such text anywhere');
  await page.waitForFunction(() => document.querySelector('.jt-count').textContent === 'no match');
  await page.getByRole('button', { name: 'Expand all' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.json-tree .jt-toggle[aria-expanded=false]').length === 0);
  // The same viewer on a file's document page.
  await page.goto(page.url().split('#')[0] + '#/files/0');
  await page.waitForSelector('.json-tree .jt-leaf');
  assert.ok((await page.locator('.json-tree').textContent()).includes(JSON.stringify(seed.body.recording.session_id)));
  assert.equal(await page.locator('.json-tree .jt-toggle[aria-expanded=false]').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the raw tree copies a value and its path', async () => {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await open(context, srv.base, '?src=fixtures/seed-session.json', `#/sessions/${SEED_KEY}/raw`);
  await page.waitForSelector('.json-tree');
  const leaf = page.locator('.jt-leaf', { has: page.locator('.jt-key', { hasText: /^connection_policy_id$/ }) });
  await leaf.hover();
  await leaf.getByRole('button', { name: 'copy path' }).click();
  await leaf.getByText('path copied').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'body.recording.connection_policy_id');
  await leaf.getByRole('button', { name: 'copy value' }).click();
  await leaf.getByText('value copied').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), '15682863055beac3c8d23bf');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the Timeline tab draws channels as bars, events and alerts as marks and the quiet stretches, and opens their rows', async () => {
  const key = 'TimelineSession0001';
  const page = await open(browser, srv.base, '?src=fixtures/session-timeline.json', `#/sessions/${key}/timeline`);
  await page.waitForSelector('.session-timeline');
  assert.equal(await page.locator('.session-timeline .bar').count(), 2, 'the third channel states no time');
  assert.match(await page.locator('.session-timeline > p').textContent(), /1 item state no time/);
  assert.equal(await page.locator('.session-timeline .mark.event').count(), 1);
  assert.equal(await page.locator('.session-timeline .mark.alert').count(), 1);
  assert.equal(await page.locator('.session-timeline svg .gap').count(), 3, 'nothing between 10:20–10:30, 10:30–10:50, 10:51–11:00');
  const denied = page.locator('.session-timeline .bar.bad');
  assert.equal(await denied.count(), 1);
  assert.match(await denied.getAttribute('aria-label'), /exec \(DENY\) — cat \/etc\/shadow/);
  // The ticks follow the time toggle and the zone of the document.
  assert.match(await page.locator('.session-timeline .ticks').textContent(), /2024-03-01 10:00:00\s*UTC/);
  // A drag zooms in; a link undoes it.
  const box = await page.locator('.session-timeline svg').boundingBox();
  await page.mouse.move(box.x + box.width * 0.5, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.75, box.y + 10, { steps: 4 });
  await page.mouse.up();
  assert.match(await page.locator('.session-timeline .ticks').textContent(), /2024-03-01 10:30:00/);
  await page.getByRole('button', { name: 'Show the whole session' }).click();
  assert.match(await page.locator('.session-timeline .ticks').textContent(), /2024-03-01 10:00:00/);
  // A bar opens its row in the Channels tab; a mark its row in the Alerts tab.
  await denied.click();
  await page.waitForSelector('#channels-row-1[data-focused]');
  assert.equal(new URL(page.url()).hash, `#/sessions/${key}/channels`);
  assert.match(await page.locator('#channels-row-1').textContent(), /cat \/etc\/shadow/);
  await page.getByRole('link', { name: /^Timeline/ }).click();
  await page.locator('.session-timeline .mark.alert').click();
  await page.waitForSelector('#alerts-row-0[data-focused]');
  assert.equal(new URL(page.url()).hash, `#/sessions/${key}/alerts`);
  // And from the keyboard.
  await page.getByRole('link', { name: /^Timeline/ }).click();
  await page.locator('.session-timeline .mark.event').focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('#events-row-0[data-focused]');
  await page.close();
  // A session with nothing attached says so.
  const seed = await open(browser, srv.base, '?src=fixtures/seed-session.json', `#/sessions/${SEED_KEY}/timeline`);
  await seed.waitForSelector('.timeline-empty');
  assert.match(await seed.locator('.timeline-empty').textContent(), /No channels, events or alerts are loaded for this session/);
  await seed.close();
});
