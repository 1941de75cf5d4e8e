// Where the page's time goes when the auditor types: a file is loaded, then `r`, `ro`, `roo`, `root`
// and a cleared box are typed ROUNDS times (default 3) under the browser's CPU profiler; prints each
// keystroke's median time to the list rendered (as `./x bench` times it) and the profile summed by
// function (self time). Run after a build that keeps wasm's function names:
//   WASM_OPT_NAMES=1 ./x build && node tests/bench/profile-keys.mjs FILE [TOP]
import { startServer, launch } from '../e2e/harness.mjs';
import { selfTimes } from './cpu-profile.mjs';

const [file, top = '30'] = process.argv.slice(2);
if (!file) throw new Error('usage: node tests/bench/profile-keys.mjs FILE [TOP]');
const KEYS = (process.env.KEYS ?? 'r,ro,roo,root,').split(',');
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const srv = await startServer();
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${srv.base}/index.html`);
  await page.waitForSelector('.demo-banner');
  await page.locator('#open-files').setInputFiles(file);
  await page.waitForFunction(() => !document.querySelector('.demo-banner') && !document.querySelector('.load-progress') && document.querySelector('.sbody .srow'), null, { timeout: 30 * 60_000, polling: 500 });
  // Once the file's hash is in (worked out after the load), as the bench waits.
  await page.waitForFunction(() => ![...document.querySelectorAll('.report-files code')].some((c) => c.textContent === 'not computed yet'), null, { polling: 500, timeout: 30 * 60_000 });
  // A keystroke, timed from the input event to the end of the work it started (Yew renders in the same turn).
  const type = (q) => page.evaluate(async (q) => {
    await new Promise((r) => requestAnimationFrame(r));
    const t0 = performance.now();
    const box = document.querySelector('#search');
    box.value = q;
    box.dispatchEvent(new InputEvent('input', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 0));
    return performance.now() - t0;
  }, q);
  for (const q of KEYS) await type(q); // once untimed: the first time runs V8's baseline code
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const times = new Map(KEYS.map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) for (const q of KEYS) times.get(q).push(await type(q));
  const { profile } = await cdp.send('Profiler.stop');
  console.log(KEYS.map((k) => `${k || '(cleared)'} ${median(times.get(k)).toFixed(1)} ms`).join(', '));
  const self = selfTimes(profile);
  const n = KEYS.length * ROUNDS;
  console.log(`per keystroke, by function (self time, ms):`);
  for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).filter(([k]) => k !== '(idle)').slice(0, Number(top))) console.log((ms / n).toFixed(2).padStart(7), name.slice(0, 140));
} finally {
  await browser.close();
  srv.server.close();
}
