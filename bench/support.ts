/** What the benchmark scripts share: free ports, child processes, process CPU from /proc, percentiles, Redis clean-up, profiles. */
import Redis from 'ioredis';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { redisOptionsFromUrl } from '@app/messaging';
import { projectRoot } from '@app/persistence';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The V8 flags the cabinet's processes run with (scripts/node-flags.js), for the benchmarks' children alike. */
export const NODE_FLAGS = (require(join(projectRoot(), 'scripts', 'node-flags.js')) as { NODE_FLAGS: string[] }).NODE_FLAGS;
/** The environment the cabinet's processes start with (scripts/node-flags.js: glibc's malloc), before the benchmark's own. */
export const NODE_ENVIRONMENT = (require(join(projectRoot(), 'scripts', 'node-flags.js')) as { NODE_ENVIRONMENT: Record<string, string> }).NODE_ENVIRONMENT;

/**
 * How to run bench/<name>.ts as a process under measurement (bench:readings' bare endpoint): not through
 * ts-node, whose TypeScript compiler would stay in its heap (about 26 MB more live heap than the
 * cabinet's processes carry), but as they run: compiled code. The file alone is transpiled into
 * tmp/bench/<name>.js and its imports (aliases only) are resolved by tsconfig-paths against dist, the
 * build the web and worker processes run from. Answers the node arguments and the environment to add.
 */
export function compiledAgainstDist(name: string): { args: string[]; env: Record<string, string> } {
  const root = projectRoot();
  const source = join(root, 'bench', `${name}.ts`);
  const { options } = ts.convertCompilerOptionsFromJson((require(join(root, 'tsconfig.json')) as { compilerOptions: object }).compilerOptions, root);
  const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), { compilerOptions: { ...options, sourceMap: false }, fileName: source });
  if (/require\("\.\.?\//.test(outputText)) throw new Error(`bench/${name}.ts imports by a relative path: only aliases resolve against dist`);
  const out = join(root, 'tmp', 'bench', `${name}.js`);
  mkdirSync(join(root, 'tmp', 'bench'), { recursive: true });
  writeFileSync(out, outputText);
  return { args: ['-r', 'tsconfig-paths/register', out], env: { TS_NODE_PROJECT: join(root, 'tsconfig.json'), TS_NODE_BASEURL: join(root, 'dist') } };
}

/** Stops a child process (SIGTERM) and waits until it has exited. */
export async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** A line of /proc/<pid>/stat: the process's name in parentheses ("(postgres)") and the fields after it (fields[0] is its state). */
interface ProcessStat {
  name: string;
  fields: string[];
}

function parseStat(stat: string): ProcessStat {
  // The name is in parentheses and may itself hold ") ".
  const end = stat.lastIndexOf(') ');
  return { name: stat.slice(stat.indexOf('('), end + 1), fields: stat.slice(end + 2).split(' ') };
}

/** Every process's stat line, by pid, read once (those gone meanwhile left out). */
function processTable(): Map<number, ProcessStat> {
  const table = new Map<number, ProcessStat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      table.set(Number(entry), parseStat(readFileSync(`/proc/${entry}/stat`, 'utf8')));
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

/** User and system CPU seconds of a stat line (/proc/<pid>/stat or /proc/<pid>/task/<tid>/stat). */
function cpuSplitOf({ fields }: ProcessStat): { user: number; system: number } {
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
}

/** User + system CPU seconds. */
function total(cpu: { user: number; system: number }): number {
  return cpu.user + cpu.system;
}

/**
 * User and system CPU seconds a process has used so far (zeros when it is gone); with `mainThreadOnly`,
 * those of its main thread alone (for node: the JavaScript thread, without the libuv pool and V8's helpers).
 */
export function cpuSplit(pid: number | undefined, mainThreadOnly = false): { user: number; system: number } {
  if (!pid) return { user: 0, system: 0 };
  try {
    return cpuSplitOf(parseStat(readFileSync(mainThreadOnly ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8')));
  } catch {
    return { user: 0, system: 0 };
  }
}

/**
 * CPU seconds the processes below `pid` (not `pid` itself) have used so far, the ended ones included:
 * each live process's own user + system time and what its children that ended had used (cutime,
 * cstime, counted at whoever waited for them). Chromium's renderers end when the pool recycles a page;
 * summing the live processes alone lost their work (and could even go backwards). With `named`, only
 * the processes whose name (as /proc/<pid>/stat gives it, in parentheses) matches.
 */
export function cpuOfDescendants(pid: number | undefined, named?: RegExp): number {
  const table = processTable();
  let seconds = 0;
  for (const descendant of descendantsOf(pid, table)) {
    const stat = table.get(descendant)!;
    if (named && !named.test(stat.name)) continue;
    // cutime and cstime follow utime and stime.
    seconds += total(cpuSplitOf(stat)) + (Number(stat.fields[13]) + Number(stat.fields[14])) / 100;
  }
  return seconds;
}

/** Seconds a process's main thread has so far spent on a CPU and runnable but waiting for one (zeros when it is gone). */
function mainThreadSchedule(pid: number | undefined): { running: number; waiting: number } {
  if (!pid) return { running: 0, waiting: 0 };
  try {
    const [running, waiting] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    return { running: running / 1e9, waiting: waiting / 1e9 };
  } catch {
    return { running: 0, waiting: 0 };
  }
}

/**
 * Starts following a process's main thread (the kernel's schedstat); the function returned answers the
 * seconds it has since spent on a CPU and runnable but waiting for one, and the seconds elapsed. Under
 * load on a shared machine the waiting shows what the CPU counters cannot: the time the thread lost to
 * other processes, those woken by its own writes among them.
 */
export function mainThreadScheduleCounter(pid: number | undefined): () => { running: number; waiting: number; elapsed: number } {
  const before = mainThreadSchedule(pid);
  const started = performance.now();
  return () => {
    const now = mainThreadSchedule(pid);
    return { running: now.running - before.running, waiting: now.waiting - before.waiting, elapsed: (performance.now() - started) / 1000 };
  };
}

/** User + system CPU seconds a process (or, with `mainThreadOnly`, its main thread) has used so far (0 when it is gone). */
export function cpuSeconds(pid: number | undefined, mainThreadOnly = false): number {
  return total(cpuSplit(pid, mainThreadOnly));
}

/** Process names (as /proc/<pid>/stat gives them) of the services a benchmark's requests also use. */
export const POSTGRES = /^\((postgres|postmaster)\)$/;
export const REDIS_SERVER = /^\(redis-server\)$/;
export const CHROMIUM_PROCESS = /^\(chrom(e|ium)\)$/;

/** CPU seconds so far of every process whose name matches, by pid. */
function cpuOfProcessesNamed(name: RegExp): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const [pid, stat] of processTable()) if (name.test(stat.name)) byPid.set(pid, total(cpuSplitOf(stat)));
  return byPid;
}

/**
 * Starts counting the CPU of every process whose name matches (PostgreSQL's backends and helpers of every
 * database: the machine is shared); the function returned answers the CPU seconds they used since
 * (processes started meanwhile count from zero).
 */
export function cpuCounter(name: RegExp): () => number {
  const before = cpuOfProcessesNamed(name);
  return () => {
    let total = 0;
    for (const [pid, seconds] of cpuOfProcessesNamed(name)) total += seconds - (before.get(pid) ?? 0);
    return total;
  };
}

/** Jiffies of the whole machine so far (every CPU): busy, stolen by the host (a virtual machine's), and in all. */
function machineJiffies(): { busy: number; stolen: number; all: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const all = fields.reduce((sum, value) => sum + value, 0);
  // user nice system idle iowait irq softirq steal …: idle and iowait are not busy, steal is not ours.
  return { busy: all - fields[3] - fields[4] - (fields[7] ?? 0), stolen: fields[7] ?? 0, all };
}

/**
 * Starts counting how the machine's CPUs were used; the function returned answers, as shares of their
 * time since (0–1), how busy they were and how much of it the host took for others (steal: a round with
 * much of it ran on a slower machine than its neighbours).
 */
export function machineCpuCounter(): () => { busy: number; stolen: number } {
  const before = machineJiffies();
  return () => {
    const now = machineJiffies();
    const all = Math.max(1, now.all - before.all);
    return { busy: (now.busy - before.busy) / all, stolen: (now.stolen - before.stolen) / all };
  };
}

/** The p-th percentile of ascending values (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Deletes every key of a Redis prefix (the benchmark's own). */
export async function cleanRedis(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisOptionsFromUrl(redisUrl));
  try {
    let cursor = '0';
    do {
      const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = nextCursor;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/**
 * Self time of a .cpuprofile (node --cpu-prof, main thread) by package / area and by function, counting
 * only the samples inside `windows` (ms since the profiled process started). Shares are of sample counts,
 * not of the time between samples: on a busy machine a thread that waits for a core gets one late sample
 * with a long gap, which would otherwise charge the wait (often to a socket write that woke another
 * process) as if it were CPU.
 */
export function summariseProfile(file: string, windows: Array<[number, number]>, label = 'the web process'): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  let elapsedMs = 0;
  profile.samples.forEach((id, i) => {
    elapsedMs += (profile.timeDeltas[i] ?? 0) / 1000;
    if (windows.some(([from, to]) => elapsedMs >= from && elapsedMs <= to)) self.set(id, (self.get(id) ?? 0) + 1);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const busy = [...self].filter(([id]) => byId.get(id)!.callFrame.functionName !== '(idle)').reduce((sum, [, time]) => sum + time, 0);
  const area = (url: string, name: string): string => {
    if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') return name;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    if (pkg) return pkg;
    if (url.includes('/dist/')) return 'our code (dist)';
    if (url.startsWith('node:') || url === '') return 'node core / native';
    return url;
  };
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, time] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = area(url, functionName);
    areas.set(where, (areas.get(where) ?? 0) + time);
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/')}:${lineNumber + 1}`;
    functions.set(key, (functions.get(key) ?? 0) + time);
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map]
      .filter(([name]) => !name.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, samples]) => `    ${((samples / busy) * 100).toFixed(1).padStart(5)}%  ${name}`);
  return [
    `CPU profile of ${label} (${file}), main thread while under load: ${busy} samples busy of ${total}; share of the busy samples (self) by area:`,
    ...top(areas, 16),
    '  top functions by self time:',
    ...top(functions, 30),
  ].join('\n');
}

/** The summary of the newest .cpuprofile in `dir` (see summariseProfile), if there is one. */
export function latestProfileSummary(dir: string, windows: Array<[number, number]>): string | undefined {
  const latest = readdirSync(dir)
    .filter((file) => file.endsWith('.cpuprofile'))
    .sort()
    .at(-1);
  return latest ? summariseProfile(join(dir, latest), windows) : undefined;
}

/** A process of the cabinet (or a CLI command) started by a benchmark, and what it wrote so far. */
export interface Child {
  process: ChildProcess;
  output: () => string;
}

/**
 * Starts node `args` (a script of dist) as a child with the cabinet's V8 flags (or `nodeFlags`) and `env`, and resolves
 * once its output contains `ready` (or, without `ready`, once it exits with 0).
 */
export function startChild(name: string, args: string[], env: Record<string, string>, ready?: string, extraArgs: string[] = [], nodeFlags: string[] = NODE_FLAGS): Promise<Child> {
  const child = spawn(process.execPath, [...nodeFlags, ...extraArgs, ...args], { env: { ...NODE_ENVIRONMENT, ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const keep = (chunk: Buffer) => {
    if (text.length < 20_000) text += chunk.toString();
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not ${ready ? 'start' : 'finish'} within 180 s:\n${text}`)), 180_000);
    const check = (chunk: Buffer) => {
      keep(chunk);
      if (ready && text.includes(ready)) {
        clearTimeout(timer);
        resolve({ process: child, output: () => text });
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!ready && code === 0) resolve({ process: child, output: () => text });
      else reject(new Error(`${name} ended (${code}):\n${text.slice(-3000)}`));
    });
  });
}

/** Resident memory (RSS) of a process now, in MiB (0 when it is gone). */
export function rssMiB(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return (pages * 4096) / 1024 / 1024;
  } catch {
    return 0;
  }
}

/**
 * Proportional memory (PSS) of a process now, in MiB: its private pages, and its share of the pages it
 * shares with others. Summed over Chromium's processes (which share much of their memory), it counts
 * each page once, as their RSS would not.
 */
export function pssMiB(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const kib = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1];
    return kib ? Number(kib) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** MiB of PSS of all the processes below `pid` (a worker's Chromium), each shared page counted once. */
export function pssOfDescendants(pid: number | undefined): number {
  return descendantsOf(pid).reduce((sum, descendant) => sum + pssMiB(descendant), 0);
}

/** Peak memory, MiB: the web process's and the worker's RSS, and the PSS of all the worker's Chromium processes. */
export interface MemoryPeaks {
  web: number;
  worker: number;
  chromium: number;
}

/** Raises each of `into`'s figures to `sample`'s where that is higher. */
export function raisePeaks(into: MemoryPeaks, sample: MemoryPeaks): void {
  for (const key of ['web', 'worker', 'chromium'] as const) into[key] = Math.max(into[key], sample[key]);
}

/**
 * Samples the memory of a web process and its worker while they work, passing each sample to `record`:
 * their RSS every `rssEveryMs` (/proc/<pid>/statm, microseconds of CPU), and the PSS of the worker's
 * Chromium every `pssEveryMs` (the last value in between). PSS is read seldom because reading
 * /proc/<pid>/smaps_rollup makes the kernel walk the process's page tables: about 3 ms of CPU per
 * Chromium process, 33 ms for the 11 of a worker with two warm pages (measured 2026-12-03), taken from
 * the cores being measured. Read every 250 ms, as bench:peak did until then, that was 6.6% of this
 * 2-core machine; every 500 ms, bench:pdf's cabinet ran on 3.3% less CPU than the raw Chromium it is
 * compared with. `cpuMs()` is the sampler's own CPU so far (this process's, user and system).
 */
export function sampleMemory(pids: { web?: number; worker?: number }, record: (sample: MemoryPeaks) => void, rssEveryMs: number, pssEveryMs = 5_000): { stop(): void; cpuMs(): number } {
  let chromium = 0;
  let pssAt = -Infinity;
  let cpuMs = 0;
  const sample = () => {
    const before = process.cpuUsage();
    if (performance.now() - pssAt >= pssEveryMs) {
      chromium = pssOfDescendants(pids.worker);
      pssAt = performance.now();
    }
    record({ web: rssMiB(pids.web), worker: rssMiB(pids.worker), chromium });
    const used = process.cpuUsage(before);
    cpuMs += (used.user + used.system) / 1000;
  };
  sample();
  const timer = setInterval(sample, rssEveryMs);
  return { stop: () => clearInterval(timer), cpuMs: () => cpuMs };
}

/** The pids of a process's descendants (children, their children…), from /proc. */
export function descendantsOf(pid: number | undefined, table: Map<number, ProcessStat> = processTable()): number[] {
  if (!pid) return [];
  const parentOf = new Map<number, number>([...table].map(([child, { fields }]) => [child, Number(fields[1])]));
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, of] of parentOf) {
      if (of === parent) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

/** The machine's load average and CPU count, as printed beside every figure (the machine may be shared). */
export function machineLoad(): string {
  return `load average ${loadavg().map((value) => value.toFixed(2)).join(' ')} on ${cpus().length} CPUs`;
}
