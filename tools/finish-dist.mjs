// Runs after every Trunk build (a post_build hook in Trunk.toml), on Trunk's staging directory:
//  0. in a release build, the wasm is shrunk with binaryen's wasm-opt -Oz (tools/node_modules, which
//     ./x installs) and the page's integrity hash for it is updated;
//  1. index.html gets its Content-Security-Policy, with the SHA-256 of each inline script;
//  2. trailview.html is written: the same page with the CSS, the JS glue, the wasm and the demo export
//     inlined, so it opens from disk (file://), where module imports and fetches are refused.
// Node's standard library, and the two packages in tools/package.json (which ./x installs).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2] || 'dist';
const fail = (msg) => { console.error(`finish-dist: ${msg}`); process.exit(1); };
const sha = (text) => `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`;

// Every inline <script> that runs (no src; JS or module type), with its text.
const INLINE = /<script(?![^>]*\bsrc=)((?:\s+(?:type="module"|id="[^"]*"))*)\s*>([\s\S]*?)<\/script>/g;
const inlineScripts = (html) => [...html.matchAll(INLINE)].map((m) => m[2]);

function policy({ scripts, styles, self }) {
  const own = self ? "'self' " : '';
  return [
    "default-src 'none'",
    // wasm-unsafe-eval lets WebAssembly compile; nothing else may evaluate strings as code.
    `script-src ${own}'wasm-unsafe-eval' ${scripts.map(sha).join(' ')}`,
    `style-src ${own}${styles.map(sha).join(' ')}`.trim(),
    // Yew writes the virtual list's offsets and the gauges' widths as style attributes.
    "style-src-attr 'unsafe-inline'",
    `img-src ${own}data: blob:`,
    // The app fetches only ?src= URLs; the page's second policy narrows this to exactly those.
    `connect-src ${own}http: https:`,
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "worker-src 'self' blob:",
    // No document text can ever reach an HTML or script sink.
    "require-trusted-types-for 'script'",
  ].join('; ');
}

const indexPath = path.join(dir, 'index.html');
let index = fs.readFileSync(indexPath, 'utf8');
if (!index.includes('__TRAILVIEW_CSP__')) fail(`${indexPath} has no __TRAILVIEW_CSP__ placeholder`);
if (fs.existsSync(path.join(dir, 'snippets'))) fail('wasm-bindgen wrote a snippets/ folder, which the single file cannot inline');

const find = (re, what) => {
  const names = fs.readdirSync(dir).filter((f) => re.test(f));
  if (names.length !== 1) fail(`expected one ${what} in ${dir}, found ${names.length}`);
  return path.join(dir, names[0]);
};
const wasmPath = find(/_bg\.wasm$/, 'wasm file');
// 0. wasm-opt. Trunk's own wasm-opt step would download binaryen; this one uses the pinned npm build.
const wasmOpt = path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules/binaryen/bin/wasm-opt');
if (process.env.TRUNK_PROFILE !== 'debug') {
  if (fs.existsSync(wasmOpt)) {
    const before = fs.statSync(wasmPath).size;
    // Exactly the features rustc 1.95 emits for wasm32-unknown-unknown (with simd128 from .cargo/config.toml): --all-features would let
    // binaryen write newer encodings (compact imports) that browsers refuse.
    const features = ['bulk-memory', 'nontrapping-float-to-int', 'sign-ext', 'mutable-globals', 'reference-types', 'multivalue', 'simd'];
    // WASM_OPT_NAMES=1 keeps the function names, for a profile that names Rust functions.
    const names = process.env.WASM_OPT_NAMES === '1' ? ['-g'] : [];
    // --low-memory-unused: Rust's wasm puts its data at 1 MB with the stack below it, so nothing lives
    // in the first kilobyte and binaryen may fold constant offsets into loads and stores (1.9 KB gzipped).
    execFileSync(process.execPath, [wasmOpt, '--low-memory-unused', process.env.WASM_OPT_LEVEL || '-Oz', ...names, '--converge', '--strip-producers', '--strip-target-features', ...features.map((f) => `--enable-${f}`), wasmPath, '-o', wasmPath], { stdio: 'inherit' });
    console.log(`finish-dist: wasm-opt --low-memory-unused -Oz --converge: ${Math.round(before / 1024)} KB → ${Math.round(fs.statSync(wasmPath).size / 1024)} KB`);
  } else {
    console.warn('finish-dist: tools/node_modules/binaryen is not installed (./x build installs it); the wasm is not shrunk');
  }
}
/** Fails the build unless `text` parses as JavaScript (`ext`: .mjs a module, .cjs a classic script). */
function checkParses(text, ext, what) {
  const check = path.join(dir, `.check${ext}`);
  fs.writeFileSync(check, text);
  try {
    execFileSync(process.execPath, ['--check', check], { stdio: 'inherit' });
  } catch {
    fail(`${what} does not parse`);
  } finally {
    fs.rmSync(check);
  }
}
/** Sets the page's integrity hash for `file` (which Trunk wrote before this step changed it). */
function setIntegrity(file, content) {
  const sri = `sha384-${crypto.createHash('sha384').update(content).digest('base64')}`;
  const name = path.basename(file).replace(/[.]/g, '\\.');
  index = index.replace(new RegExp(`(href="\\./${name}"[^>]*integrity=")[^"]*"`), `$1${sri}"`);
}
// wasm-bindgen's glue without its comments and indentation: 1.3 KB gzipped of the bundle. Trunk's
// minifier fails on the glue, so this does only what is safe line by line (the glue has no multi-line
// strings; checked below) and then asks Node whether the result still parses.
function compactGlue(text) {
  const lines = [];
  let inComment = false;
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (inComment) inComment = !t.endsWith('*/');
    else if (t.startsWith('/*')) inComment = !t.endsWith('*/');
    else if (t && !t.startsWith('//')) {
      if ((t.match(/`/g) || []).length % 2 === 1) fail(`the glue has a multi-line template string: ${t}`);
      lines.push(t);
    }
  }
  const out = lines.join('\n');
  checkParses(out, '.mjs', 'the compacted glue');
  return out;
}
/** The glue and its worker lines, minified by terser (tools/node_modules, which ./x installs): its
 * names shortened, the worker lines' too, so they are minified together; exported names stay.
 * Without terser, the glue is only compacted ({@link compactGlue}). */
async function minifyGlue(text) {
  const terser = path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules/terser/main.js');
  if (!fs.existsSync(terser)) {
    console.warn('finish-dist: tools/node_modules/terser is not installed (./x build installs it); the glue is only compacted');
    return compactGlue(text) + WORKER;
  }
  const { minify } = await import(pathToFileURL(terser).href);
  const out = await minify(text + WORKER, { module: true, ecma: 2020, compress: { passes: 2 },
    // The single file's own lines, after the glue, call __wbg_init by name.
    mangle: { reserved: ['__wbg_init'] } });
  if (!out.code) fail('terser gave no glue');
  checkParses(out.code, '.mjs', 'the minified glue');
  return out.code;
}
/** The stylesheet without comments and the whitespace CSS does not need (about 500 bytes gzipped),
 * written back with its new integrity hash. Quoted strings are kept as they are; a space before a
 * colon stays (`a :hover` is not `a:hover`), and spaces around arithmetic (`calc(a - b)`) are never
 * next to the punctuation removed here. */
function compactCss(file) {
  const css = fs.readFileSync(file, 'utf8');
  const tight = new Set(['{', '}', ';', ',', ':', '>']);
  let out = '';
  let quote = null;
  let space = false;
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (quote) {
      out += c;
      if (c === '\\') out += css[++i];
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      if (end < 0) fail('the stylesheet has a comment that does not end');
      i = end + 1;
      space = true;
      continue;
    }
    if (/\s/.test(c)) {
      space = true;
      continue;
    }
    const last = out[out.length - 1];
    if (space && out && !tight.has(last) && (!tight.has(c) || c === ':')) out += ' ';
    space = false;
    if (c === '}' && last === ';') out = out.slice(0, -1);
    if (c === '"' || c === "'") quote = c;
    out += c;
  }
  if ((out.match(/{/g) || []).length !== (css.match(/{/g) || []).length) fail('compacting the stylesheet lost a rule');
  fs.writeFileSync(file, out);
  setIntegrity(file, out);
  return out;
}
const wasm = fs.readFileSync(wasmPath);
setIntegrity(wasmPath, wasm);
const gluePath = find(/^trailview-[0-9a-f]+\.js$/, 'JS glue');
// The glue's last lines make it a worker's script too (src/worker.rs): where there is no document,
// each message is [module, blob] or [module, text, ends]; the module is instantiated on the first, and
// each is answered with the blob's SHA-256, or the words of the search filter of a block's text (their
// buffer transferred), or null.
const WORKER = `
if(!self.document){let ready;onmessage=async({data:[m,b,e,l]})=>{let h=null;try{await(ready??=__wbg_init({module_or_path:m}));h=l!==undefined?trailview_worker_read(b,e,l):e?trailview_worker_filter(b,e):trailview_worker_sha256(b)}catch{}postMessage(h,h?.buffer?[h.buffer]:[])}}`;
const bindgenGlue = fs.readFileSync(gluePath, 'utf8');
for (const f of ['trailview_worker_sha256', 'trailview_worker_filter', 'trailview_worker_read']) {
  if (!new RegExp(`\\bfunction ${f}\\b`).test(bindgenGlue)) fail(`the JS glue has no ${f} for the worker`);
}
const glue = process.env.TRUNK_PROFILE === 'debug' ? bindgenGlue + WORKER : await minifyGlue(bindgenGlue);
fs.writeFileSync(gluePath, glue);
setIntegrity(gluePath, glue);
const cssPath = find(/^app-[0-9a-f]+\.css$/, 'stylesheet');
const css = process.env.TRUNK_PROFILE === 'debug' ? fs.readFileSync(cssPath, 'utf8') : compactCss(cssPath);
const demoPath = path.join(dir, 'demo/demo-export.ndjson');
const demo = fs.existsSync(demoPath) ? fs.readFileSync(demoPath, 'utf8') : '';
if (/<\/script/i.test(demo)) fail('the demo export contains a closing script tag and cannot be inlined');
if (/<\/script/i.test(glue) || /<\/style/i.test(css)) fail('the glue or the CSS contains a closing tag and cannot be inlined');
if (!/\b__wbg_init\b/.test(glue)) fail('the JS glue has no __wbg_init; has wasm-bindgen changed its output?');

// The glue's preload link gets an id: a worker (src/worker.rs) starts from its URL.
const preload = /<link rel="modulepreload" href="\.\/trailview-[0-9a-f]+\.js"/;
if (!preload.test(index)) fail("the glue's modulepreload link was not found in index.html");
index = index.replace(preload, (m) => m.replace('<link ', '<link id="trailview-glue" '));

// 1. The served page.
const served = index.replace('__TRAILVIEW_CSP__', policy({ scripts: inlineScripts(index), styles: [], self: true }));
fs.writeFileSync(indexPath, served);

// 2. The single file. Trunk's loader (an inline module importing the glue) is replaced by the glue
// itself, which then instantiates the wasm from bytes decoded out of a data block (a script of a
// non-JS type never runs, so it needs no hash).
let single = index
  .replace(/<link rel="stylesheet"[^>]*>/, () => `<style>${css}</style>`)
  .replace(/<link (?:id="[^"]*" )?rel="(?:modulepreload|preload)"[^>]*>/g, '');
const loader = /<script type="module">[\s\S]*?<\/script>/;
if (!loader.test(single)) fail("Trunk's inline module loader was not found in index.html");
const boot = `${glue}
const data = document.getElementById('trailview-wasm').textContent;
const bin = atob(data);
const bytes = new Uint8Array(bin.length);
for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
await __wbg_init({ module_or_path: bytes });
`;
// The worker's copy of the glue (src/worker.rs): at file:// a module worker cannot start from a
// blob: URL (its origin is opaque, so the module fetch fails), a classic one can, so the glue is
// given as a classic script: its exports are plain declarations, and the wasm is never looked for
// beside the script (the worker is handed the module).
const classic = glue
  .replace(/(^|[;}\s])export\s+(function|class)\s/g, '$1$2 ')
  .replace(/(^|[;}\s])export\s*\{[^}]*\};?/g, '$1')
  .replace(/\bimport\.meta\.url\b/g, 'undefined');
if (/(^|[;}\s])(export|import)\b\s*[{*\w$]|import\.meta/.test(classic)) fail('the worker\'s classic copy of the glue still imports or exports');
checkParses(classic, '.cjs', "the worker's classic copy of the glue");
single = single.replace(loader, () =>
  `<script type="application/octet-stream" id="trailview-wasm">${wasm.toString('base64')}</script>\n` +
  `<script type="application/x-ndjson" id="trailview-demo">${demo}</script>\n` +
  `<script type="text/plain" id="trailview-worker">${classic}</script>\n<script type="module">${boot}</script>`);
single = single.replace('__TRAILVIEW_CSP__', policy({ scripts: inlineScripts(single), styles: [css], self: false }));
fs.writeFileSync(path.join(dir, 'trailview.html'), single);
const kb = (n) => `${Math.round(n / 1024)} KB`;
console.log(`finish-dist: CSP written into index.html; trailview.html is ${kb(Buffer.byteLength(single))} (wasm ${kb(wasm.length)} inlined)`);
