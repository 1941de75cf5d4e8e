// Where the page's time goes while it loads a file: the browser's CPU profiler over the load, from
// choosing the file to its last session shown, summed by function (self time), with the total.
// Run after a build that keeps wasm's function names:
//   WASM_OPT_NAMES=1 trunk build --release --offline && node tests/bench/profile-load.mjs FILE [TOP]
import { startServer, launch } from '../e2e/harness.mjs';

const [file, top = '30'] = process.argv.slice(2);
if (!file) throw new Error('usage: node tests/bench/profile-load.mjs FILE [TOP]');
const srv = await startServer();
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${srv.base}/index.html`);
  await page.waitForSelector('.demo-banner');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const t0 = Date.now();
  await page.locator('#open-files').setInputFiles(file);
  await page.waitForFunction(() => !document.querySelector('.demo-banner') && !document.querySelector('.load-progress') && document.querySelector('.sbody .srow'), null, { timeout: 30 * 60_000, polling: 100 });
  const wall = Date.now() - t0;
  const { profile } = await cdp.send('Profiler.stop');
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const name = (f.functionName || `(${f.url.split('/').pop()})`).replace(/::h[0-9a-f]{16}$/, '');
    self.set(name, (self.get(name) ?? 0) + profile.timeDeltas[i] / 1000);
  });
  const idle = self.get('(idle)') ?? 0;
  const sampled = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`load ${wall} ms; the page busy ${(sampled - idle).toFixed(0)} ms of ${sampled.toFixed(0)} ms sampled`);
  for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(ms.toFixed(0).padStart(7), name.slice(0, 140));
} finally {
  await browser.close();
  srv.server.close();
}
