// What the browser's CPU profiler saw, by function: the self time of each, in ms. Wasm functions keep
// their Rust names when the build kept them (WASM_OPT_NAMES=1); the hash suffix of a name is dropped.
export function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const name = (f.functionName || `(${f.url.split('/').pop()})`).replace(/::h[0-9a-f]{16}$/, '');
    self.set(name, (self.get(name) ?? 0) + profile.timeDeltas[i] / 1000);
  });
  return self;
}
