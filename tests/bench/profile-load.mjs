// Where the page's time goes while it loads a file: the browser's CPU profiler over the load, from
// choosing the file to its last session shown, summed by function (self time), with the total; and the
// main-thread tasks of 50 ms or more meanwhile (a long-task observer). Run after a build that keeps
// wasm's function names:
//   WASM_OPT_NAMES=1 ./x build && node tests/bench/profile-load.mjs FILE [TOP]
// With TOP 0 the profiler is left off, so the tasks are timed without it.
import { startServer, launch } from '../e2e/harness.mjs';
import { selfTimes } from './cpu-profile.mjs';

const [file, top = '30'] = process.argv.slice(2);
if (!file) throw new Error('usage: node tests/bench/profile-load.mjs FILE [TOP]');
const srv = await startServer();
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) (window.__long ||= []).push([e.startTime, e.duration]); }).observe({ type: 'longtask' });
  });
  await page.goto(`${srv.base}/index.html`);
  await page.waitForSelector('.demo-banner');
  const profiling = Number(top) > 0;
  const cdp = await context.newCDPSession(page);
  if (profiling) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const t0 = Date.now();
  const p0 = await page.evaluate(() => performance.now());
  await page.locator('#open-files').setInputFiles(file);
  await page.waitForFunction(() => !document.querySelector('.demo-banner') && !document.querySelector('.load-progress') && document.querySelector('.sbody .srow'), null, { timeout: 30 * 60_000, polling: 100 });
  const wall = Date.now() - t0;
  await page.waitForTimeout(300); // the observer reports a task after it ends
  const tasks = await page.evaluate((p0) => (window.__long ?? []).filter(([at]) => at >= p0).map(([, d]) => d), p0);
  console.log(`load ${wall} ms; ${tasks.length} tasks of 50 ms or more, the longest ${Math.round(Math.max(0, ...tasks))} ms`);
  if (profiling) report((await cdp.send('Profiler.stop')).profile, top);
} finally {
  await browser.close();
  srv.server.close();
}

function report(profile, top) {
  const self = selfTimes(profile);
  const idle = self.get('(idle)') ?? 0;
  const sampled = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`the page busy ${(sampled - idle).toFixed(0)} ms of ${sampled.toFixed(0)} ms sampled`);
  for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(ms.toFixed(0).padStart(7), name.slice(0, 140));
}
