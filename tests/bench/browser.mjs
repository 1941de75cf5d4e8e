// The in-browser benchmark: for generated exports of 1,000, 10,000 and 100,000 sessions, in every
// shape an export comes in (NDJSON, a JSON array of sessions, a `fields=*` list; each as the generator
// writes it and in the hard variant where every session carries findings), in the same page and run,
// it times
//   (a) the app's load: from choosing the file to every session counted with rows on screen, and to
//       the end of the load (linking and the search filters come after the last session),
//   (h) beside it, from choosing the file to its first rows on screen (a long load shows the sessions
//       read so far),
//   (b) the yardstick: the browser's own TextDecoder + JSON.parse of the same bytes (line by line),
//   (c) a filter keystroke to the repainted list, and a sort by each column to the repainted list,
//   (g) a session's key pasted into the search box to the list rendered (a rare word),
//   (d) memory after the load: wasm's, and the page's (its JS heap and ArrayBuffers),
//   (e) the Insights link to every card painted (the answers are worked out between frames once
//       loading ends, so they are usually ready by then),
//   (f) every audit question answered anew (the zone changed) to the cards painted, with the longest
//       task meanwhile,
// and the longest main-thread task while loading. Medians of several runs; a table at the end.
// Run: ./x bench [sizes…]   (default 1000 10000 100000); BENCH_SHAPES picks shapes (default all six:
// ndjson array list ndjson+findings array+findings list+findings), BENCH_RUNS the runs per size.
import { test } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer, launch, ROOT } from '../e2e/harness.mjs';

const SIZES = (process.env.BENCH_SIZES || '1000 10000 100000').split(/\s+/).filter(Boolean).map(Number);
const SHAPES = (process.env.BENCH_SHAPES || 'ndjson array list ndjson+findings array+findings list+findings').split(/\s+/).filter(Boolean)
  .map((s) => ({ name: s, layout: s.split('+')[0], findings: s.endsWith('+findings') }));
const RUNS = Number(process.env.BENCH_RUNS || 3);
/// Files past this are read for the yardstick as they arrive (see (b)).
const BIG = 512 << 20;
const OUT = path.join(ROOT, 'target/bench');
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmtMs = (x) => (x == null ? 'failed' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);
const fmtMB = (x) => `${(x / 1e6).toFixed(0)} MB`;
const ratio = (a, b, digits) => (a == null || b == null ? '—' : `${(a / b).toFixed(digits)}×`);

function exportFile(n, shape) {
  fs.mkdirSync(OUT, { recursive: true });
  const ext = shape.layout === 'ndjson' ? 'ndjson' : 'json';
  const file = path.join(OUT, `gen-${n}-${shape.layout}${shape.findings ? '-findings' : ''}.${ext}`);
  if (!fs.existsSync(file)) {
    const gen = path.join(ROOT, 'target/release/trailview-gen');
    const fd = fs.openSync(file, 'w');
    const args = ['--sessions', String(n), '--seed', '3', '--layout', shape.layout, ...(shape.findings ? ['--findings'] : [])];
    execFileSync(gen, args, { stdio: ['ignore', fd, 'inherit'], maxBuffer: 1 << 30 });
    fs.closeSync(fd);
  }
  return file;
}

/// Sessions the list counts once a file is in: NDJSON also names one session it does not export.
const expected = (n, shape) => (shape.layout === 'ndjson' ? n + 1 : n);

async function once(browser, base, file, n, shape) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; });
    document.addEventListener('change', () => { window.__t0 = performance.now(); }, true);
    // Entries arrive late: a task of the page's start-up can be reported after the file is chosen, so
    // each keeps its start time and only those that started during the load count.
    new PerformanceObserver((l) => { for (const e of l.getEntries()) (window.__long ||= []).push([e.startTime, e.duration]); }).observe({ type: 'longtask' });
    // Times one user action: [the work it starts, that work plus the repaint]. Yew filters and renders
    // in a microtask after the event, so a macrotask runs once that is done; the next frame repaints.
    window.__timeAction = async (act) => {
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      await frame();
      const t0 = performance.now();
      act();
      await new Promise((r) => setTimeout(r, 0));
      const work = performance.now() - t0;
      await frame();
      return [work, performance.now() - t0];
    };
  });
  await page.goto(`${base}/index.html`);
  await page.waitForSelector('.demo-banner');
  const r = { n, shape: shape.name, bytes: fs.statSync(file).size };
  try {
    // (b) the yardstick, in the same page: the same bytes, fetched from this origin, decoded and parsed
    // (NDJSON line by line, a JSON document whole). Past 512 MB the bytes are read as they arrive and
    // timed parsing only (a tab holds no 4 GB buffer); a JSON document that large has no yardstick, as
    // V8 holds no string over 512 MB (JSON.parse cannot take it).
    r.yardstick = r.bytes > BIG ? (shape.layout === 'ndjson' ? await page.evaluate(async (url) => {
      const reader = (await fetch(url)).body.getReader();
      let parsing = 0, rest = new Uint8Array(0);
      const dec = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        const t0 = performance.now();
        const buf = done ? rest : new Uint8Array(rest.length + value.length);
        if (!done) { buf.set(rest); buf.set(value, rest.length); }
        let start = 0;
        for (let i = 0; i < buf.length; i++) {
          if (buf[i] === 10) { if (i > start) JSON.parse(dec.decode(buf.subarray(start, i))); start = i + 1; }
        }
        if (done && start < buf.length) JSON.parse(dec.decode(buf.subarray(start)));
        rest = buf.slice(start);
        parsing += performance.now() - t0;
        if (done) return parsing;
      }
    }, `/bench/${path.basename(file)}`) : null) : await page.evaluate(async ([url, lines]) => {
      const buf = new Uint8Array(await (await fetch(url)).arrayBuffer());
      const t0 = performance.now();
      const dec = new TextDecoder();
      if (!lines) {
        JSON.parse(dec.decode(buf));
        return performance.now() - t0;
      }
      let start = 0, docs = 0;
      for (let i = 0; i <= buf.length; i++) {
        if (i === buf.length || buf[i] === 10) {
          if (i > start) { JSON.parse(dec.decode(buf.subarray(start, i))); docs++; }
          start = i + 1;
        }
      }
      return performance.now() - t0;
    }, [`/bench/${path.basename(file)}`, shape.layout === 'ndjson']);
    // (a) the app's load: file chosen → every session in, counted, and rows on screen.
    await page.locator('#open-files').setInputFiles(file);
    await page.waitForFunction((n) => {
      // (h) the first rows of the file on screen (a long load shows what it has read so far).
      const rows = document.querySelector('.sbody .srow');
      if (!window.__tRows && !document.querySelector('.demo-banner') && rows) window.__tRows = performance.now();
      const ok = document.querySelector('.count')?.textContent?.startsWith(`${n} of ${n} `) && rows;
      if (ok && !window.__t1) window.__t1 = performance.now();
      // A file larger than the tab's memory loads its first part and ends there, saying so.
      const ended = rows && !document.querySelector('.load-progress') && !document.querySelector('.demo-banner');
      if (ended && !window.__t1) { window.__t1 = performance.now(); window.__partial = document.querySelector('.count').textContent.split(' ')[0]; }
      return ok || ended;
    }, expected(n, shape), { polling: 'raf', timeout: 30 * 60_000 });
    r.load = await page.evaluate(() => window.__t1 - window.__t0);
    r.rows = await page.evaluate(() => window.__tRows - window.__t0);
    r.partial = await page.evaluate(() => window.__partial ?? null);
    // … and until the load has ended (the progress bar gone): linking and the search filters follow
    // the last session counted.
    await page.waitForFunction(() => !document.querySelector('.load-progress'), null, { polling: 'raf', timeout: 30 * 60_000 });
    r.done = await page.evaluate(() => performance.now() - window.__t0);
    await page.waitForTimeout(300); // the observer reports a task after it ends
    r.longest = await page.evaluate(() => Math.max(0, ...(window.__long || []).filter(([at]) => at >= window.__t0 && at <= window.__t1).map(([, d]) => d)));
    r.memory = await page.evaluate(() => window.__wasm?.memory?.buffer?.byteLength ?? null);
    // The page's own memory beside wasm's: its JS heap, and the backing stores of its ArrayBuffers
    // (wasm's memory is not one of them; the parts of a file read in windows are).
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
    const heap = await cdp.send('Runtime.getHeapUsage').catch(() => null);
    r.jsMemory = heap ? heap.usedSize + (heap.backingStorageSize ?? 0) : null;
    // (c) a keystroke in the search box → the list repainted (next frame after the count changed),
    // once the file's late SHA-256 is in: it is worked out a megabyte per task at the lowest
    // priority, and a keystroke that came meanwhile would be timed with a slice of it.
    await page.waitForFunction(() => ![...document.querySelectorAll('.report-files code')].some((c) => c.textContent === 'not computed yet'), null, { polling: 500, timeout: 30 * 60_000 });
    // Typed twice: the first time after a load, V8 runs the search's code through its baseline
    // compiler (a long loop is not tiered up while it runs), so the first keystrokes of a session
    // are timed apart from the same keystrokes again.
    const typed = [];
    for (let round = 0; round < 2; round++) {
      const keys = [];
      for (const q of ['r', 'ro', 'roo', 'root', '']) {
        keys.push(await page.evaluate((q) => window.__timeAction(() => {
          const box = document.querySelector('#search');
          box.value = q; box.dispatchEvent(new InputEvent('input', { bubbles: true }));
        }), q));
      }
      typed.push(keys);
    }
    r.keystroke = median(typed[0].map((k) => k[0]));
    r.keystrokePaint = median(typed[0].map((k) => k[1]));
    r.keystrokeAgain = median(typed[1].map((k) => k[0]));
    // (g) a session's key pasted whole into the box (what the search filters are for: a rare word),
    // the key of the first row, then cleared.
    const key = await page.evaluate(() => decodeURIComponent(document.querySelector('.sbody .srow a').getAttribute('href').split('/').pop()));
    const pasted = [];
    for (const q of [key, '', key, '', key]) {
      pasted.push(await page.evaluate((q) => window.__timeAction(() => {
        const box = document.querySelector('#search');
        box.value = q; box.dispatchEvent(new InputEvent('input', { bubbles: true }));
      }), q));
    }
    r.paste = median(pasted.filter((_, i) => i % 2 === 0).map((k) => k[0]));
    await page.evaluate(() => window.__timeAction(() => {
      const box = document.querySelector('#search');
      box.value = ''; box.dispatchEvent(new InputEvent('input', { bubbles: true }));
    }));
    // Every column the list sorts by, once each: the median, and the slowest beside it.
    const sorts = [];
    const titles = await page.evaluate(() => [...document.querySelectorAll('button.sort')].map((b) => b.title));
    for (const title of titles) {
      sorts.push(await page.evaluate((title) => window.__timeAction(() => document.querySelector(`button[title="${title}"]`).click()), title));
    }
    r.sort = median(sorts.map((k) => k[0]));
    r.sortPaint = median(sorts.map((k) => k[1]));
    r.sortSlowest = Math.max(...sorts.map((k) => k[0]));
    // (e) the Insights link → every card painted. Once loading ends the answers are worked out between
    // frames, so by now they are usually ready and this is the cards and their drawing.
    // Resolves when a set of cards drawn after the call is on screen: the cards there before (if any)
    // are marked, and only an unmarked set counts (steps over a small file can finish between frames).
    const painted = () => {
      const old = document.querySelector('.insight-cards');
      if (old) old.__old = true;
      return new Promise((resolve) => {
        const t0 = performance.now();
        const poll = () => {
          const cards = document.querySelector('.insight-cards');
          if (cards && !cards.__old && cards.querySelector('.insight-card')) resolve([t0, performance.now()]);
          else requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
        setTimeout(() => resolve([t0, NaN]), 300_000); // never hang the run: a missing figure shows as such
      });
    };
    r.insights = await page.evaluate(async (painted) => {
      const wait = eval(painted)();
      document.querySelector('nav.nav a[href="#/insights"]').click();
      const [t0, t1] = await wait;
      return t1 - t0;
    }, painted.toString());
    // (f) every question answered anew (the zone changed, so nothing is reused) → cards painted, and
    // the longest task meanwhile: the answers are worked out a step at a time, the page drawing between.
    [r.insightsAnew, r.insightsLongest] = await page.evaluate(async (painted) => {
      const sel = document.querySelector('#insight-zone');
      sel.value = sel.value === 'utc' ? 'local' : 'utc';
      const wait = eval(painted)();
      sel.dispatchEvent(new Event('change', { bubbles: true }));
      const [t0, t1] = await wait;
      await new Promise((r) => setTimeout(r, 300));
      const longest = Math.max(0, ...(window.__long || []).filter(([at]) => at >= t0 - 5 && at <= t1).map(([, d]) => d));
      return [t1 - t0, longest];
    }, painted.toString());
  } catch (e) {
    r.error = String(e).split('\n')[0];
  }
  await context.close();
  return r;
}

test('in-browser benchmark', { timeout: 4 * 60 * 60_000 }, async () => {
  execFileSync('cargo', ['build', '--quiet', '--release', '-p', 'trailview-core', '--bin', 'trailview-gen'], { cwd: ROOT, stdio: 'inherit' });
  const srv = await startServer({ '/bench/': OUT });
  const browser = await launch();
  const version = browser.version();
  const rows = [];
  try {
    for (const n of SIZES) {
      for (const shape of SHAPES) {
        const file = exportFile(n, shape);
        const runs = [];
        for (let i = 0; i < (n >= 100000 ? 1 : RUNS); i++) {
          const r = await once(browser, srv.base, file, n, shape);
          console.log(`# ${n} sessions, ${shape.name}, run ${i + 1}: ${JSON.stringify(r)}`);
          runs.push(r);
          if (r.error) break;
        }
        const ok = runs.filter((r) => !r.error);
        const m = (k) => (ok.length ? median(ok.map((r) => r[k])) : null);
        rows.push({ n, shape: shape.name, bytes: runs[0].bytes, load: m('load'), rows: m('rows'), done: m('done'), paste: m('paste'), yardstick: m('yardstick'), keystroke: m('keystroke'), keystrokePaint: m('keystrokePaint'), keystrokeAgain: m('keystrokeAgain'), sort: m('sort'), sortPaint: m('sortPaint'), sortSlowest: m('sortSlowest'), insights: m('insights'), insightsAnew: m('insightsAnew'), insightsLongest: m('insightsLongest'), memory: m('memory'), jsMemory: m('jsMemory'), longest: m('longest'), partial: ok[0]?.partial, error: runs.find((r) => r.error)?.error, runs: runs.length });
      }
    }
  } finally {
    await browser.close();
    srv.server.close();
  }
  const lines = [
    `Chromium ${version}, ${process.platform}, ${new Date().toISOString().slice(0, 10)}; medians of ${RUNS} runs (1 at 100,000)`,
    '',
    '| sessions | shape | size | (a) app: file → all sessions in and shown / load ended | (b) TextDecoder + JSON.parse | (a)/(b) | (h) file → first rows shown | (h)/(b) | (c) keystroke → list rendered / painted (typed again) | (g) a session key pasted → list rendered | sort by each column → rendered / painted (slowest) | (e) Insights link → cards painted | (f) every question anew → cards painted (longest task) | longest task while loading | (d) memory: wasm + page | memory / input |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => r.load == null
      ? `| ${r.n.toLocaleString('en')} | ${r.shape} | ${fmtMB(r.bytes)} | failed: ${r.error} | ${fmtMs(r.yardstick)} | | | | | | | | | | | |`
      : `| ${r.n.toLocaleString('en')} | ${r.shape} | ${fmtMB(r.bytes)} | ${fmtMs(r.load)} / ${fmtMs(r.done)}${r.partial ? ` (${Number(r.partial).toLocaleString('en')} sessions: the rest did not fit)` : ''} | ${r.yardstick == null ? 'none (over V8\'s 512 MB string)' : fmtMs(r.yardstick)} | ${ratio(r.load, r.yardstick, 1)} | ${fmtMs(r.rows)} | ${ratio(r.rows, r.yardstick, 2)} | ${fmtMs(r.keystroke)} / ${fmtMs(r.keystrokePaint)} (${fmtMs(r.keystrokeAgain)}) | ${fmtMs(r.paste)} | ${fmtMs(r.sort)} / ${fmtMs(r.sortPaint)} (${fmtMs(r.sortSlowest)}) | ${fmtMs(r.insights)} | ${fmtMs(r.insightsAnew)} (${fmtMs(r.insightsLongest)}) | ${fmtMs(r.longest)} | ${fmtMB(r.memory)} + ${r.jsMemory == null ? '?' : fmtMB(r.jsMemory)} | ${((r.memory + (r.jsMemory ?? 0)) / r.bytes).toFixed(1)}× |`),
  ];
  fs.writeFileSync(path.join(OUT, 'results.md'), lines.join('\n') + '\n');
  console.log('\n' + lines.join('\n'));
});
