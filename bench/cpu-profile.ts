/**
 * Where a `node --cpu-prof` profile spent its time: the functions and the modules with the most self time.
 * `bench:ingest` prints it for Leadgate's profile when PROFILE=1; it also runs alone:
 *
 *   tsx bench/cpu-profile.ts /tmp/leadgate-cpu-xyz/CPU.….cpuprofile [TOP=15]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] };
/** A stretch of the profile, in microseconds of the monotonic clock (`process.hrtime`): V8's clock too. */
export type Window = { from: number; to: number };

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A module's name as a reader knows it: `drizzle-orm`, `server/ingest`, `node:internal/…`, `(native)`. */
function moduleOf({ url, functionName }: CallFrame): string {
  // (garbage collector), (program): V8's own; a builtin such as JSON.parse has a name and no URL.
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const pkg = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1] as string;
  if (path.startsWith(ROOT)) return path.slice(ROOT.length).split('/').slice(0, -1).join('/') || path;
  return path.startsWith('node:') ? path.split('/').slice(0, 2).join('/') : path;
}

const where = (f: CallFrame) => {
  const path = f.url.startsWith('file://') ? fileURLToPath(f.url) : f.url;
  const short = path.startsWith(ROOT) ? path.slice(ROOT.length) : path.replace(/.*node_modules\//, '');
  // tsx compiles each .ts file to one line: its line numbers say nothing.
  return short && f.lineNumber > 0 ? `${short}:${f.lineNumber + 1}` : short;
};
const nameOf = (f: CallFrame) => `${f.functionName || '(anonymous)'} ${where(f)}`.trim();
const ours = (f: CallFrame) => /\/(server|shared)\//.test(f.url) && !f.url.includes('node_modules');

/**
 * The top functions and modules by self time, and our own functions (server/, shared/) by total time
 * (themselves and what they call), within `window` when given, as lines of text.
 */
export function summariseProfile(file: string, top = 15, window?: Window): string[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id);
  const byFunction = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const byModule = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    at += us;
    if (!node || (window && (at < window.from || at > window.to))) return;
    // Waiting in the event loop is not work: shares are of the time the thread was busy.
    if (node.callFrame.functionName === '(idle)') {
      idle += us;
      return;
    }
    total += us;
    const f = node.callFrame;
    byFunction.set(nameOf(f), (byFunction.get(nameOf(f)) ?? 0) + us);
    byModule.set(moduleOf(f), (byModule.get(moduleOf(f)) ?? 0) + us);
    // Once per sample, however deep a function recurses.
    const stack = new Set<string>();
    for (let up: number | undefined = id; up !== undefined; up = parents.get(up)) {
      const frame = nodes.get(up)?.callFrame;
      if (frame && ours(frame)) stack.add(nameOf(frame));
    }
    for (const name of stack) inclusive.set(name, (inclusive.get(name) ?? 0) + us);
  });
  const share = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
  const ranked = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `  ${share(us)}  ${k}`);
  return [
    `CPU profile ${file}${window ? ' (the measured stretch only)' : ''}: busy ${(total / 1e6).toFixed(1)} s, idle ${(idle / 1e6).toFixed(1)} s; shares of busy time`,
    'self time by function:',
    ...ranked(byFunction),
    'self time by module:',
    ...ranked(byModule),
    'total time of our own functions (self and callees):',
    ...ranked(inclusive),
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [file, top] = process.argv.slice(2);
  // Alone, it reads the whole profile: start-up (loading and compiling modules) included.
  if (!file) throw new Error('usage: tsx bench/cpu-profile.ts FILE.cpuprofile [TOP]');
  console.log(summariseProfile(file, Number(top ?? 15)).join('\n'));
}
