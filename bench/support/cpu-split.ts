/**
 * Where the machine's CPU went during a load (Linux /proc; issue 11 asks what bounds each figure): the app's
 * event loop (the bench's main thread, where the app runs), the load generator (its worker threads report
 * their own time), the rest of this process (V8's GC helpers, libuv's pool), PostgreSQL (every process
 * named postgres: the server and its backends) and everything else, against the cores' whole time.
 * On a machine without /proc every figure is 0 and the split prints as unavailable.
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

const TICK_MS = 10; // USER_HZ is 100 on Linux

export interface CpuSnapshot {
  at: number;
  mainThreadMs: number;
  processMs: number;
  postgresMs: number;
  machineBusyMs: number;
  machineAllMs: number;
}

export interface CpuSplit {
  wallMs: number;
  cores: number;
  appLoopMs: number;
  loadGeneratorMs: number;
  processRestMs: number;
  postgresMs: number;
  otherMs: number;
  idleMs: number;
}

/** CPU time of one thread or process from its stat file (utime + stime), in ms; 0 if it cannot be read. */
export function statCpuMs(path: string): number {
  try {
    const stat = readFileSync(path, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** This thread's own CPU time: what a load worker reports of itself. */
export const ownThreadCpuMs = () => statCpuMs('/proc/thread-self/stat');

export function cpuSnapshot(): CpuSnapshot {
  return {
    at: performance.now(),
    mainThreadMs: statCpuMs(`/proc/self/task/${process.pid}/stat`),
    processMs: statCpuMs('/proc/self/stat'),
    postgresMs: postgresCpuMs(),
    ...machineCpuMs(),
  };
}

/** The split between two snapshots; `loadGeneratorMs` is what the load workers reported of themselves. */
export function cpuSplit(before: CpuSnapshot, after: CpuSnapshot, loadGeneratorMs: number): CpuSplit {
  const appLoopMs = after.mainThreadMs - before.mainThreadMs;
  const processMs = after.processMs - before.processMs;
  const postgresMs = after.postgresMs - before.postgresMs;
  const busyMs = after.machineBusyMs - before.machineBusyMs;
  const allMs = after.machineAllMs - before.machineAllMs;
  return {
    wallMs: after.at - before.at,
    cores: os.cpus().length,
    appLoopMs,
    loadGeneratorMs,
    processRestMs: Math.max(0, processMs - appLoopMs - loadGeneratorMs),
    postgresMs,
    otherMs: Math.max(0, busyMs - processMs - postgresMs),
    idleMs: Math.max(0, allMs - busyMs),
  };
}

/** One line: each part's share of all the cores' time, and the app's loop per handled request. */
export function describeCpuSplit(split: CpuSplit, requests: number): string {
  const all = split.appLoopMs + split.loadGeneratorMs + split.processRestMs + split.postgresMs + split.otherMs;
  if (all === 0) return 'CPU split unavailable (no /proc)';
  const whole = split.wallMs * split.cores;
  const share = (ms: number) => `${((100 * ms) / whole).toFixed(0)} %`;
  return (
    `CPU of ${split.cores} cores over ${(split.wallMs / 1000).toFixed(1)} s: app event loop ${share(split.appLoopMs)} ` +
    `(${(split.appLoopMs / Math.max(1, requests)).toFixed(2)} ms per request), load generator ${share(split.loadGeneratorMs)}, ` +
    `rest of the app process ${share(split.processRestMs)}, PostgreSQL ${share(split.postgresMs)}, ` +
    `other processes ${share(split.otherMs)}, idle ${share(split.idleMs)}`
  );
}

function postgresCpuMs(): number {
  let total = 0;
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue; // gone meanwhile
    }
    total += statCpuMs(`/proc/${pid}/stat`);
  }
  return total;
}

function machineCpuMs(): { machineBusyMs: number; machineAllMs: number } {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = ticks.map(Number);
    const busy = user + nice + system + irq + softirq + steal;
    return { machineBusyMs: busy * TICK_MS, machineAllMs: (busy + idle + iowait) * TICK_MS };
  } catch {
    return { machineBusyMs: 0, machineAllMs: 0 };
  }
}
