// Loading by each of the four ways, the demo, and mixing kinds in one load.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startServer, launch, open, rows, paste, fixture, FIXTURES, SINGLE, ROOT, assertPagesClean, search } from './harness.mjs';

const NEEDS_HTTP = SINGLE && 'the single file on file:// cannot fetch; its documents come through the picker';

let srv, browser;
before(async () => { srv = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); srv?.server.close(); });
afterEach(assertPagesClean);

test('with nothing given, the demo export opens, clearly labelled, and clears in one click', async () => {
  const page = await open(browser, srv.base);
  await page.waitForSelector('.demo-banner');
  assert.match(await page.locator('.demo-banner').textContent(), /Demo data/);
  assert.match(await page.locator('.count').textContent(), /^41 of 41 sessions$/);
  const protocols = new Set(await page.locator('.sbody .c-protocol').allTextContents());
  assert.ok(protocols.size >= 4, `protocols shown: ${[...protocols]}`);
  await page.getByRole('button', { name: 'Clear demo' }).click();
  await page.waitForSelector('text=Open an SPS audit export');
  assert.equal(await page.locator('.demo-banner').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('?src= loads documents on start, repeated and relative to the page', { skip: NEEDS_HTTP }, async () => {
  const q = '?src=fixtures/session-6x.json&src=fixtures/channels.json&src=./fixtures/alerts.json&src=fixtures/events-6x.json';
  const page = await open(browser, srv.base, q);
  await page.waitForSelector('.sbody .srow');
  assert.equal(await page.locator('.demo-banner').count(), 0, 'no demo when src is given');
  assert.match(await page.locator('.count').textContent(), /^1 of 1 session$/);
  assert.equal(await page.locator('.sbody .c-channels').first().textContent(), '7');
  await page.waitForFunction(() => document.querySelectorAll('.notice.info').length >= 4);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('?src= that fails names the URL and the reason', { skip: NEEDS_HTTP }, async () => {
  const page = await open(browser, srv.base, '?src=fixtures/does-not-exist.json&src=javascript:alert(1)');
  await page.waitForSelector('.notice.error >> nth=1');
  const text = (await page.locator('.notices').textContent());
  assert.match(text, /does-not-exist\.json/);
  assert.match(text, /HTTP 404/);
  assert.match(text, /only http and https URLs can be loaded, not javascript:/);
  await page.close();
});

test('the file picker opens several files of different kinds at once', async () => {
  const page = await open(browser, srv.base);
  await page.waitForSelector('.demo-banner');
  await page.locator('#open-files').setInputFiles([path.join(FIXTURES, 'list-fields-star-7x.json'), path.join(FIXTURES, 'seed-session.json')]);
  await page.waitForFunction(() => document.querySelector('.count')?.textContent === '4 of 4 sessions');
  assert.equal(await page.locator('.demo-banner').count(), 0, 'the demo is replaced by real files');
  const verdicts = await page.locator('.sbody .c-verdict .badge').allTextContents();
  assert.deepEqual(verdicts.slice().sort(), ['ACCEPT', 'ACCEPT', 'AUTH_FAIL', 'TERMINATED']);
  assert.match(await page.locator('.notices').textContent(), /Loaded seed-session\.json: session/);
  await page.close();
});

test('dropping files anywhere shows a hint while dragging and loads them', async () => {
  const page = await open(browser, srv.base, '?src=fixtures/session-6x.json');
  await page.waitForSelector('.sbody .srow');
  const dt = await page.evaluateHandle(([a, b]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([a], 'alerts.json', { type: 'application/json' }));
    dt.items.add(new File([b], 'seed-session.json', { type: 'application/json' }));
    return dt;
  }, [fixture('alerts.json'), fixture('seed-session.json')]);
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: dt });
  await page.waitForSelector('.drop-hint');
  assert.match(await page.locator('.drop-hint').textContent(), /Drop JSON or NDJSON files/);
  await page.dispatchEvent('main', 'drop', { dataTransfer: dt });
  await page.waitForFunction(() => document.querySelector('.count')?.textContent === '2 of 2 sessions');
  assert.equal(await page.locator('.drop-hint').count(), 0);
  assert.match(await page.locator('.sbody .c-flags').allTextContents().then((t) => t.join(' ')), /1 alert/);
  await page.close();
});

test('pasting JSON and pressing Load adds it; NDJSON pastes work too', async () => {
  const page = await open(browser, srv.base, '?src=fixtures/seed-session.json');
  await page.waitForSelector('.sbody .srow');
  await paste(page, fixture('seed-list-stubs.json'));
  await page.waitForFunction(() => document.querySelector('.count')?.textContent === '3 of 3 sessions');
  // The list says it is one page of 39, and stubs not loaded say so.
  assert.match(await page.locator('details.issues').textContent(), /it holds 2 of 39 matches/);
  assert.equal(await page.locator('.srow.stub').count(), 2);
  assert.match(await page.locator('.srow.stub').first().textContent(), /not loaded/);
  await paste(page, fixture('export.ndjson'));
  await page.waitForFunction(() => document.querySelector('.count')?.textContent === '4 of 4 sessions');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a file too large to hash while reading is hashed after it is shown, in a worker, and the SHA-256 is the file\'s', async () => {
  const page = await open(browser, srv.base);
  await page.waitForSelector('.demo-banner');
  // What every worker the page starts answers with a hash (the filters' worker answers with typed
  // arrays): the hash must come from a worker, the page no longer works one out itself.
  await page.evaluate(() => {
    window.answers = [];
    const Original = window.Worker;
    window.Worker = class extends Original {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', (e) => { if (!ArrayBuffer.isView(e.data)) window.answers.push(e.data); });
      }
    };
  });
  const big = path.join(ROOT, 'target/e2e/big.ndjson');
  assert.ok(fs.statSync(big).size > 16 << 20, 'over the size hashed at once');
  const want = crypto.createHash('sha256').update(fs.readFileSync(big)).digest('hex');
  await page.locator('#open-files').setInputFiles(big);
  await page.waitForFunction(() => /^5001 of 5001 /.test(document.querySelector('.count')?.textContent ?? ''));
  // The print header lists each file's hash; it is in the page (hidden on screen) once worked out.
  await page.waitForFunction((want) => document.querySelector('.report-files')?.textContent.includes(want), want);
  assert.deepEqual(await page.evaluate(() => window.answers), [want]);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the search filters of a load are built in a worker, and answer as those built on the page do', async () => {
  const counts = async (noWorker) => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // Every block sent to a worker, and each answer (the filter's words, a BigUint64Array); or, with
    // `noWorker`, no worker can start, so the page builds every filter itself.
    await context.addInitScript((noWorker) => {
      window.sent = 0; window.words = [];
      const Original = window.Worker;
      window.Worker = class extends Original {
        constructor(...args) {
          if (noWorker) throw new Error('no workers here');
          super(...args);
          this.addEventListener('message', (e) => { if (e.data instanceof BigUint64Array) window.words.push(e.data.length); });
        }
        postMessage(m, t) { if (Array.isArray(m) && m.length === 3) window.sent++; return super.postMessage(m, t); }
      };
    }, noWorker);
    const page = await open(context, srv.base);
    await page.waitForSelector('.demo-banner');
    await page.locator('#open-files').setInputFiles(path.join(ROOT, 'target/e2e/big.ndjson'));
    await page.waitForFunction(() => /^5001 of 5001 /.test(document.querySelector('.count')?.textContent ?? ''), null, { timeout: 60000 });
    await page.waitForFunction(() => window.words.length === window.sent);
    const worker = await page.evaluate(() => [window.sent, window.words.every((n) => n > 0)]);
    const key = await page.evaluate(() => decodeURIComponent(document.querySelector('.sbody .srow a').getAttribute('href').split('/').pop()));
    const found = [];
    for (const q of ['mkovacs', '"rm -rf"', 'sudo', 'x11', key, 'no-such-word-anywhere']) {
      await page.locator('input.search').fill(q);
      await page.waitForFunction(() => !document.querySelector('.count').textContent.startsWith('5001'));
      found.push(await page.locator('.count').textContent());
      await page.locator('input.search').fill('');
      await page.waitForFunction(() => document.querySelector('.count').textContent.startsWith('5001'));
    }
    assert.deepEqual(page.errors, []);
    await context.close();
    return { worker, found, key };
  };
  const off = await counts(false);
  const on = await counts(true);
  // 5,001 sessions are 79 blocks of 64 (more when a block is packed again as its documents arrive).
  assert.ok(off.worker[0] >= 79 && off.worker[1], `blocks sent to the worker: ${off.worker}`);
  assert.equal(on.worker[0], 0);
  assert.deepEqual(off.found, on.found);
  assert.equal(off.found[4], '1 of 5001 sessions', `the key ${off.key}`);
  assert.equal(off.found[5], '0 of 5001 sessions');
  assert.ok(off.found.slice(0, 4).every((c) => !c.startsWith('0 ')), off.found.join(', '));
});

test('the sessions of a large array or list are read by workers, and load exactly as the page reads them itself', async () => {
  // Findings in every session (their places come back from the workers), as an array and a list.
  const gen = path.join(ROOT, 'target/release/trailview-gen');
  const files = ['array', 'list'].map((layout) => {
    const file = path.join(ROOT, `target/e2e/big-findings-${layout}.json`);
    fs.writeFileSync(file, execFileSync(gen, ['--sessions', '2500', '--seed', '8', '--layout', layout, '--findings'], { maxBuffer: 1 << 30 }));
    return file;
  });
  const load = async (file, workers, keys) => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // Counts the batches of sessions sent to a worker (a message of four: the module, the texts,
    // their ends, list or array) and their answers; or, without `workers`, none can start.
    await context.addInitScript((workers) => {
      window.batches = 0; window.reads = 0;
      const Original = window.Worker;
      window.Worker = class extends Original {
        constructor(...args) {
          if (!workers) throw new Error('no workers here');
          super(...args);
          this.addEventListener('message', (e) => { if (e.data instanceof Uint8Array) window.reads++; });
        }
        postMessage(m, t) { if (Array.isArray(m) && m.length === 4) window.batches++; return super.postMessage(m, t); }
      };
    }, workers);
    const page = await open(context, srv.base);
    await page.waitForSelector('.demo-banner');
    await page.locator('#open-files').setInputFiles(file);
    await page.waitForFunction(() => document.querySelector('.count')?.textContent.startsWith('2500 of 2500 '), null, { timeout: 60000 });
    const seen = { counts: [], batches: await page.evaluate(() => [window.batches, window.reads]) };
    for (const q of ['sudo', 'verdict:accept', 'score:>=50', 'recording.verdict:accept analytics.interesting_events:sudo']) {
      await search(page, q);
      await page.waitForFunction(() => !document.querySelector('.notice.ahead') && /^\d/.test(document.querySelector('.count')?.textContent ?? ''));
      seen.counts.push(await page.locator('.count').textContent());
    }
    await search(page, '');
    const first = await page.evaluate(() => decodeURIComponent(document.querySelector('.sbody .srow a')?.getAttribute('href')?.split('/').pop() ?? ''));
    // The warnings of sessions read by workers, with their lines and columns.
    seen.issues = [];
    for (const key of keys) {
      await page.evaluate((key) => { location.hash = `#/sessions/${key}/connection`; }, key);
      await page.waitForSelector('details.issues');
      seen.issues.push(await page.locator('details.issues').textContent());
    }
    seen.first = first;
    assert.deepEqual(page.errors, []);
    await context.close();
    return seen;
  };
  for (const file of files) {
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    const keys = [1700, 2499].map((i) => (doc.items ?? doc)[i].key);
    const read = await load(file, true, keys);
    const here = await load(file, false, keys);
    // 1,000 sessions tell what the file is and are read on the page; the rest go out in batches.
    assert.ok(read.batches[0] > 0 && read.batches[0] === read.batches[1], `batches sent and answered: ${read.batches}`);
    assert.deepEqual(here.batches, [0, 0]);
    assert.deepEqual(read.counts, here.counts, path.basename(file));
    assert.ok(read.issues.every((t) => /line \d+, column \d+/.test(t)), read.issues.join('\n'));
    assert.deepEqual(read.issues, here.issues);
    assert.equal(read.first, here.first);
  }
});

test('a long load shows the sessions read so far while it goes on, then all of them', async () => {
  const page = await open(browser, srv.base);
  await page.waitForSelector('.demo-banner');
  const big = path.join(ROOT, 'target/e2e/big.ndjson');
  // A slower processor, so the load lasts long enough to watch on any machine.
  await (await page.context().newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.locator('#open-files').setInputFiles(big);
  // The file's first sessions replace the demo while the progress bar still shows.
  const early = await page.waitForFunction(() => {
    const count = document.querySelector('.count')?.textContent ?? '';
    const loading = document.querySelector('.load-progress');
    return loading && !document.querySelector('.demo-banner') && document.querySelector('.sbody .srow') && count;
  }, null, { polling: 'raf' });
  const n = Number((await early.jsonValue()).split(' ')[0]);
  assert.ok(n > 0 && n < 5001, `${n} sessions shown early`);
  await page.locator('.load-progress').waitFor({ state: 'detached' });
  assert.match(await page.locator('.count').textContent(), /^5001 of 5001 /);
  assert.deepEqual(page.errors, []);
  await page.close();
});

// The memory hook is reached through Trunk's loader (`window.wasmBindings`), which the single file does
// not have; the code under test is the same in both.
test('a load that runs the tab out of memory stops there, keeps what it read and says why', { skip: SINGLE && 'the single file has no window.wasmBindings' }, async () => {
  const page = await open(browser, srv.base);
  await page.waitForSelector('.demo-banner');
  const big = path.join(ROOT, 'target/e2e/big.ndjson');
  await (await page.context().newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.locator('#open-files').setInputFiles([big, big]);
  await page.locator('.load-progress').waitFor();
  await page.waitForFunction(() => /[1-9]\d* sessions? so far/.test(document.querySelector('.load-progress')?.textContent ?? ''), null, { polling: 'raf' });
  // As if the tab's memory were all but used up now (sessions with many findings can take more than
  // the plan made before reading).
  await page.evaluate(() => window.wasmBindings.trailview_selftest_memory_room(0));
  await page.waitForSelector("text=/this tab's memory was nearly full, so loading stopped after \\d+ of \\d+ bytes/");
  await page.locator('.load-progress').waitFor({ state: 'detached' });
  // The second copy is not read at all, and says why.
  await page.waitForSelector('text=/not read: memory: this browser tab had room for about 0 MB more/');
  const n = Number((await page.locator('.count').textContent()).split(' ')[0]);
  assert.ok(n > 0 && n < 5001, `${n} sessions kept`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a long load shows bytes and sessions read, keeps the page answering, and Cancel keeps what was read', async () => {
  const page = await open(browser, srv.base);
  await page.waitForSelector('.demo-banner');
  const big = path.join(ROOT, 'target/e2e/big.ndjson');
  // Three copies on a slower processor: long enough to act while it loads, on any machine.
  await (await page.context().newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.locator('#open-files').setInputFiles([big, big, big]);
  const bar = page.locator('.load-progress');
  await bar.waitFor();
  assert.match(await bar.textContent(), /Reading big\.ndjson \(file \d of 3\): \d+\.\d MB of \d+\.\d MB, \d+ sessions so far/);
  // Past the reading of the files (the bar shows that too), into their sessions.
  await page.waitForFunction(() => /[1-9]\d* sessions? so far/.test(document.querySelector('.load-progress')?.textContent ?? ''), null, { polling: 'raf' });
  // The page answers while it loads: the time toggle works.
  await page.getByRole('button', { name: 'UTC', exact: true }).click();
  assert.equal(await page.getByRole('button', { name: 'UTC', exact: true }).getAttribute('aria-pressed'), 'true');
  await bar.getByRole('button', { name: 'Cancel' }).click();
  // Cancel stops the file being read where it is; when it lands just as one file ends and the next
  // has not begun, that next file says it was not read (a race of the page's turns, not a fault).
  await page.waitForSelector('text=/loading was cancelled after \\d+ of \\d+ bytes|not read: loading was cancelled/');
  await bar.waitFor({ state: 'detached' });
  const n = Number((await page.locator('.count').textContent()).split(' ')[0]);
  assert.ok(n > 0 && n <= 5001, `${n} sessions kept`);
  assert.deepEqual(page.errors, []);
  await page.close();
});
