// A query of document paths over a large file, whose documents stay on disk: the file is loaded, then
// QUERY (default two paths of the session document) is typed, and the time is taken from the keystroke to
// the list rendered with every session answered (the page reads the documents back from the file a
// window at a time, then answers from what it read). Prints the load, the query's time and its count,
// and the same query again (answered from what the first one read, as the same terms).
//   node tests/bench/path-query.mjs FILE
import { startServer, launch } from '../e2e/harness.mjs';

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: node tests/bench/path-query.mjs FILE');
const QUERY = process.env.QUERY ?? 'recording.verdict:accept analytics.interesting_events:sudo';
const srv = await startServer();
const browser = await launch();
try {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await page.goto(`${srv.base}/index.html`);
  await page.waitForSelector('.demo-banner');
  const t0 = Date.now();
  await page.locator('#open-files').setInputFiles(file);
  await page.waitForFunction(() => !document.querySelector('.demo-banner') && !document.querySelector('.load-progress') && document.querySelector('.sbody .srow'), null, { timeout: 30 * 60_000, polling: 200 });
  const load = Date.now() - t0;
  const held = await page.evaluate(() => document.querySelector('.count')?.textContent);
  const ask = async (q) => {
    const started = await page.evaluate((q) => {
      const box = document.querySelector('#search');
      box.value = q;
      box.dispatchEvent(new InputEvent('input', { bubbles: true }));
      return performance.now();
    }, q);
    // Answered once the hash carries the query and no reading is under way.
    await page.waitForFunction((q) => (new URLSearchParams(location.hash.split('?')[1] ?? '').get('q') ?? '') === q && !document.querySelector('.notice.ahead'), q, { timeout: 30 * 60_000, polling: 50 });
    return { ms: (await page.evaluate(() => performance.now())) - started, count: await page.evaluate(() => document.querySelector('.count')?.textContent) };
  };
  const first = await ask(QUERY);
  await ask('');
  const again = await ask(QUERY);
  console.log(`${file}: loaded in ${(load / 1000).toFixed(2)} s (${held})`);
  console.log(`\`${QUERY}\`: ${(first.ms / 1000).toFixed(2)} s to ${first.count}; again ${(again.ms / 1000).toFixed(2)} s`);
} finally {
  await browser.close();
  srv.server.close();
}
