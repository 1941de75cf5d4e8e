// Bad input: clear messages naming the file, line and column; nothing loaded before is lost; text
// from documents is never markup and document links are never live.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launch, open, paste, fixture, FIXTURES, assertPagesClean } from './harness.mjs';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.server.close(); });
afterEach(assertPagesClean);

/// Waits for the list to show `n` sessions of the documents given (not the demo's).
async function loaded(page, n) {
  await page.waitForFunction((n) => !document.querySelector('.demo-banner') && document.querySelector('.count')?.textContent === `${n} of ${n} session${n === 1 ? '' : 's'}`, n);
  return page.locator('.count').textContent();
}

test('invalid JSON names the file, line and column and keeps what was loaded', async () => {
  const page = await open(browser, srv.base, '?src=fixtures/session-6x.json');
  const before = await loaded(page, 1);
  await page.locator('#open-files').setInputFiles(path.join(FIXTURES, 'malformed-syntax.json'));
  await page.waitForSelector('.notice.error');
  const badLine = fixture('malformed-syntax.json').split('\n').findIndex((l) => l.includes(',,')) + 1;
  const col = fixture('malformed-syntax.json').split('\n')[badLine - 1].indexOf(',,') + 2;
  assert.match(await page.locator('.notice.error').textContent(),
    new RegExp(`Could not load malformed-syntax\\.json[\\s\\S]*malformed-syntax\\.json, line ${badLine}, column ${col}: invalid JSON`));
  await paste(page, '{\n  "key": "a",\n  "body": {,}\n}');
  await page.waitForSelector('text=Could not load pasted text');
  assert.match(await page.locator('.notices').textContent(), /pasted text, line 3, column 12: invalid JSON/);
  await page.locator('#open-files').setInputFiles(path.join(FIXTURES, 'malformed-truncated.json'));
  await page.waitForSelector('text=Could not load malformed-truncated.json');
  assert.match(await page.locator('.notices').textContent(), /truncated/);
  await paste(page, '');
  await page.waitForSelector('text=the paste box is empty');
  assert.equal(await page.locator('.count').textContent(), before, 'earlier data is kept');
  // The list keeps working after errors.
  await page.locator('.sbody .srow .c-start a').first().click();
  await page.waitForSelector('.session-head');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a paste or a file that cannot be read leaves the demo in place, beside its message', async () => {
  const page = await open(browser, srv.base);
  await page.waitForSelector('.demo-banner');
  await paste(page, '{"key": ');
  await page.waitForSelector('text=Could not load pasted text');
  await page.locator('#open-files').setInputFiles(path.join(FIXTURES, 'malformed-truncated.json'));
  await page.waitForSelector('text=Could not load malformed-truncated.json');
  assert.equal(await page.locator('.demo-banner').count(), 1, 'the demo is still labelled');
  assert.equal(await page.locator('.count').textContent(), '41 of 41 sessions');
  assert.equal(await page.getByText('Demo data cleared').count(), 0);
  // Something readable then replaces it.
  await paste(page, '{"key": "a", "body": {"protocol": "SSH"}, "meta": {"href": "/api/audit/sessions/a"}}');
  await loaded(page, 1);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a wrong type in a field is reported with its line, and the rest of the document shows', async () => {
  const page = await open(browser, srv.base, '?src=fixtures/malformed-wrong-types.json', '#/sessions/WrongTypes00000000000a/recording');
  await page.waitForSelector('details.issues');
  const issues = await page.locator('details.issues').textContent();
  assert.match(issues, /body\.recording\.verdict: expected string, found number 5 \(malformed-wrong-types\.json, line \d+, column \d+\)/);
  assert.match(issues, /body\.active: expected boolean, found string "yes"/);
  assert.match(issues, /start_time is not a readable time/);
  assert.match(await page.locator('.field[data-path="body.recording.connection_policy"] dd').textContent(), /ssh-prod/);
  assert.match(await page.locator('.field[data-path="body.recording.verdict"] dd').textContent(), /^5$/);
  await page.close();
});

test('a bad NDJSON line is reported and the other lines load', async () => {
  const page = await open(browser, srv.base, '?src=fixtures/malformed-bad-line.ndjson');
  await page.waitForFunction(() => document.querySelector('.count')?.textContent === '2 of 2 sessions');
  assert.match(await page.locator('.notice.error').textContent(), /malformed-bad-line\.ndjson, line 2, column \d+/);
  await page.close();
});

test('an unrecognised document is kept, shown raw, and says what was expected', async () => {
  const page = await open(browser, srv.base, '?src=fixtures/unrecognised.json');
  await page.waitForSelector('.notice.warning');
  assert.match(await page.locator('.notice.warning').textContent(), /not recognised[\s\S]*"hello"[\s\S]*expected an SPS audit document/);
  await page.getByRole('link', { name: /^Files/ }).click();
  await page.getByRole('link', { name: 'view', exact: true }).click();
  await page.waitForSelector('.json-tree');
  assert.match(await page.locator('.json-tree').textContent(), /"world"/);
  await page.close();
});

test('text from documents is data: no markup, no script, no live javascript: links', async () => {
  const page = await open(browser, srv.base);
  await page.waitForSelector('.sbody .srow');
  const evil = JSON.parse(fixture('session-6x.json'));
  evil.key = 'Evil0000000000000000000';
  evil.body.user.name = '<img src=x onerror="window.__pwned=1">';
  evil.body.protocol = '<script>window.__pwned=2</script>';
  evil.body.channels.href = 'javascript:window.__pwned=3';
  evil.body.recording.audit_trail.download.href = 'https://attacker.example/steal';
  await paste(page, JSON.stringify(evil));
  // The paste replaces the demo: its one session is the only row.
  await loaded(page, 1);
  assert.equal(await page.locator('.sbody .srow').count(), 1);
  await page.locator('.sbody .srow .c-start a').first().click();
  await page.waitForFunction(() => location.hash.startsWith('#/sessions/Evil0000000000000000000'));
  await page.waitForSelector('.session-head');
  for (const [tab, slug] of [['Connection', 'connection'], ['Recording', 'recording'], ['Raw JSON', 'raw']]) {
    await page.getByRole('link', { name: new RegExp(`^${tab}`) }).click();
    const body = page.locator(`.tab-body[data-tab="${slug}"]`);
    await body.waitFor();
    assert.ok((await body.textContent()).length > 0);
  }
  await page.getByRole('link', { name: /^Recording/ }).click();
  await page.waitForSelector('.tab-body[data-tab="recording"]');
  assert.match(await page.locator('.field[data-path="body.channels.href"] dd').textContent(), /javascript:window\.__pwned=3\s*not loaded/);
  assert.match(await page.locator('.field[data-path="body.recording.audit_trail.download.href"] dd').textContent(), /https:\/\/attacker\.example\/steal/);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('img[src="x"], a[href^="javascript:"], a[href*="attacker"]').count(), 0);
  await page.getByRole('link', { name: /^Connection/ }).click();
  await page.waitForSelector('.tab-body[data-tab="connection"]');
  assert.equal(await page.locator('.field[data-path="body.user.name"] dd').textContent(), '<img src=x onerror="window.__pwned=1">');
  assert.deepEqual(page.errors, []);
  await page.close();
});
