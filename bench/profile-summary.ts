// `npx tsx bench/profile-summary.ts <file.cpuprofile> [top]`: where a `--cpu-prof` profile (as written by
// `CONFAB_BENCH_CPU_PROF=dir npm run bench:profile`) spent its time — self time by function and by file,
// and inclusive time by file — so "what the profile shows" is a table, not a screenshot.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

/** Short place names: a package and its path inside, or the node: module. */
function place(url: string): string {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + '/node_modules/'.length);
  const pk = url.indexOf('/packages/');
  if (pk >= 0) return url.slice(pk + 1);
  return url.replace(/^file:\/\//, '');
}

const selfUs = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i]!;
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

const selfByFn = new Map<string, number>();
const selfByFile = new Map<string, number>();
const inclByFile = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  const where = place(n.callFrame.url);
  const fn = `${n.callFrame.functionName || '(anonymous)'}  ${where}:${n.callFrame.lineNumber + 1}`;
  selfByFn.set(fn, (selfByFn.get(fn) ?? 0) + us);
  selfByFile.set(where, (selfByFile.get(where) ?? 0) + us);
  // Inclusive: each file on the stack once per sample.
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const w = place(byId.get(cur)!.callFrame.url);
    if (!seen.has(w)) {
      seen.add(w);
      inclByFile.set(w, (inclByFile.get(w) ?? 0) + us);
    }
  }
}

function print(title: string, m: Map<string, number>) {
  console.log(`\n${title}`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(
      `${((100 * us) / total).toFixed(1).padStart(6)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`,
    );
}
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
print('self time by function', selfByFn);
print('self time by file', selfByFile);
print('inclusive time by file', inclByFile);
