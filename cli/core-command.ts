// `accept core up|down`: the reference system kept running as a field-mode target (its twins'
// BMCs and switch on loopback, each node's BMC bound to the real node), so that field mode
// (`accept probe`) is proven here without real hardware.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { workRoot } from '../lib/paths';
import { loadProfile } from '../profile/profile';
import { BMC_CREDENTIAL_ENV, SWITCH_CREDENTIAL_ENV, TARGET_FORMAT, type Target, type TargetEndpoint } from '../profile/target';
import { addedNodes, CONTRACTED_SWITCH_PORTS, profileNodes } from '../scenarios/topology';
import { CORES } from '../sim/core/cores';
import { startCommandsWith } from '../sim/exec';
import { diskPathsBySlot, startStandingTarget } from '../sim/field/standing-target';
import { preflight } from '../sim/preflight';
import { Spawner } from '../sim/spawner';
import { onCleanup } from '../sim/topology/cleanup';
import { alive, claimRunDir, sweep, sweepIsEmpty } from '../sim/topology/reaper';
import { UsageError } from './inputs';
import { MAX_SPARE_NODES, type CoreUpOptions } from './core-definition';
import { log } from './progress';
import { beijingStamp } from './run-stamp';

/** Beside the target file: which `accept core up` process holds it, and its run id (for `core down`). */
const holderFile = (target: string) => `${target}.holder.json`;
/** how long `core down` waits for the holder to remove its cluster */
const DOWN_WAIT_SECONDS = 120;

/** A BMC's or the switch's account from the environment (both variables set, or none). */
function accountFromEnv(names: { userEnv: string; passwordEnv: string }): { user: string; password: string } | undefined {
  const user = process.env[names.userEnv];
  const password = process.env[names.passwordEnv];
  if (user === undefined && password === undefined) return undefined;
  if (!user || !password) throw new UsageError(`set both ${names.userEnv} and ${names.passwordEnv}, or neither`);
  return { user, password };
}

/** When the kernel started a process (clock ticks since boot): with the pid, it names that process, not a later one with its pid. */
function startTicks(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null; // field 22, starttime
  } catch {
    return null;
  }
}

const holderSchema = z.object({ pid: z.number().int().positive(), started: z.string(), runId: z.string().regex(/^core-[\d-]+$/) });
type Holder = z.infer<typeof holderSchema>;

/** The holder of a target file, or null when there is none; a holder file that cannot be read is a usage error. */
function readHolder(target: string): Holder | null {
  const file = holderFile(target);
  if (!existsSync(file)) return null;
  try {
    return holderSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    throw new UsageError(`${file} is not a holder file of accept core up: remove it, and accept clean what its run left`);
  }
}

/** The holder is the process that wrote the file (not another one that got its pid since). */
const holderRuns = (h: Holder) => alive(h.pid) && startTicks(h.pid) === h.started;

export async function coreUp(o: CoreUpOptions): Promise<never> {
  const { profile } = loadProfile(o.profile);
  const spareCount = /^\d+$/.test(o.spareNodes) ? Number(o.spareNodes) : NaN;
  if (!(spareCount <= MAX_SPARE_NODES)) throw new UsageError(`--spare-nodes ${o.spareNodes}: a whole number, 0 to ${MAX_SPARE_NODES}`);
  if (spareCount > 0 && o.core !== 'moosefs')
    throw new UsageError(`--spare-nodes: ${o.core} cannot add a single node (its adapter does not provide it); only moosefs`);
  const held = readHolder(o.target);
  if (held && holderRuns(held))
    throw new UsageError(`${o.target} is held by accept core up (pid ${held.pid}): accept core down --target ${o.target} first`);
  // a file of someone else's (a site's target file) is never overwritten, nor removed at the end
  if (!held && existsSync(o.target))
    throw new UsageError(`${o.target} exists and is not the target file of an accept core up: name another --target`);
  const auth = { bmc: accountFromEnv(BMC_CREDENTIAL_ENV), switch: accountFromEnv(SWITCH_CREDENTIAL_ENV) };
  await preflight();
  // the holder's pid too: two holders started in the same second (two target files) must not share containers or a network
  const runId = `core-${beijingStamp()}-${process.pid}`;
  // the holder first, made exclusively: a second core up on the same target loses here, before it starts anything
  mkdirSync(dirname(o.target), { recursive: true });
  if (held) rmSync(holderFile(o.target), { force: true }); // a holder whose process is gone
  try {
    writeFileSync(
      holderFile(o.target),
      JSON.stringify({ pid: process.pid, started: startTicks(process.pid) ?? '?', runId } satisfies Holder) + '\n',
      { flag: 'wx' },
    );
  } catch {
    throw new UsageError(`${holderFile(o.target)} was made by another accept core up just now: it holds ${o.target}`);
  }
  onCleanup('holder file', async () => rmSync(holderFile(o.target), { force: true }));
  const root = workRoot();
  const swept = await sweep(root);
  if (!sweepIsEmpty(swept)) log(`removed leftovers of earlier runs: ${JSON.stringify(swept)}`);
  const core = CORES[o.core];
  const image = await core.ensure(root, log, 'amd64');
  const workDir = join(root, 'runs', runId);
  claimRunDir(workDir);
  const spawner = Spawner.start();
  startCommandsWith(spawner);
  onCleanup('command helper', async () => spawner.stop());
  const nodes = profileNodes(profile);
  const spares = addedNodes(profile, spareCount);
  log(
    `starting ${core.title}: ${nodes.length} storage nodes x ${nodes[0]?.bays} bays, goal ${profile.core.goal}${spares.length ? `, and ${spares.map((n) => n.name).join(', ')} delivered powered off` : ''}, as run ${runId}`,
  );
  const standing = await startStandingTarget({
    runId,
    runDir: workDir,
    image: image.tag,
    goal: profile.core.goal,
    nodes,
    replicationsDelayInit: profile.core.replicationsDelayInitSeconds,
    masterConfig: profile.core.masterConfig,
    restartOnFailure: true,
    log,
    start: core.start,
    seed: runId,
    baySizeMiB: nodes[0]?.baySizeMiB ?? 1024,
    switchPorts: CONTRACTED_SWITCH_PORTS,
    auth,
    spares,
  });
  onCleanup('standing target', () => standing.close());
  const c = standing.core;
  // the master's client port as shipped (9421): the target file's management access
  const master = `${c.masterAddress}:9421`;
  // which of the core's disks is in which slot, read from the core's own disk list (the reference names its bay folders bayNN)
  const diskPaths = o.core === 'moosefs' ? diskPathsBySlot(await CORES.moosefs.view(master).diskStates?.(), standing.nodes) : undefined;
  const withAccount = (url: string, names: typeof BMC_CREDENTIAL_ENV | typeof SWITCH_CREDENTIAL_ENV, on: boolean): TargetEndpoint =>
    on ? { url, credentials: { ...names } } : { url };
  const target: Target = {
    format: TARGET_FORMAT,
    name: `reference system ${runId}: ${core.title}`,
    mount: c.mountPoint,
    readMount: c.readMount.path,
    testFolder: 'accept-harness-test',
    maxTestMiB: 2048,
    core: o.core === 'moosefs' ? { kind: 'moosefs', master } : { kind: 'probe-only' },
    nodes: [
      ...standing.nodes.map((n) => ({
        name: n.name,
        address: n.address,
        ...(diskPaths?.[n.name] ? { diskPaths: diskPaths[n.name] } : {}),
        switchPort: n.switchPort,
        bmc: withAccount(n.bmcUrl, BMC_CREDENTIAL_ENV, !!auth.bmc),
      })),
      ...standing.spares.map((n) => ({ name: n.name, joining: true as const, bmc: withAccount(n.bmcUrl, BMC_CREDENTIAL_ENV, !!auth.bmc) })),
    ],
    managementServer: { bmc: withAccount(standing.mgmtUrl, BMC_CREDENTIAL_ENV, !!auth.bmc) },
    switch: withAccount(standing.switchUrl, SWITCH_CREDENTIAL_ENV, !!auth.switch),
  };
  onCleanup('target file', async () => rmSync(o.target, { force: true }));
  writeFileSync(o.target, JSON.stringify(target, null, 2) + '\n');
  log(`ready: target file ${o.target} (mount ${c.mountPoint}; ${standing.nodes.length} node BMCs, management server BMC, switch)`);
  log(
    `hands at this rack, for whoever plays the operator of a field step: POST ${standing.handsUrl}/pull or /insert {"node":"${standing.nodes[0]?.name}","slot":7}, /unplug or /replug {"node":"${standing.nodes[0]?.name}"}${standing.spares[0] ? `, /connect {"node":"${standing.spares[0].name}"}` : ''}`,
  );
  log(`stop with: accept core down --target ${o.target}   (or Ctrl-C here)`);
  // held until a signal: the cleanups remove the cluster, the twins and the files, then exit 130/143
  return new Promise<never>(() => undefined);
}

export async function coreDown(o: { target: string }): Promise<0> {
  const file = holderFile(o.target);
  const held = readHolder(o.target);
  if (!held) throw new UsageError(`${file} does not exist: no accept core up holds ${o.target}`);
  if (holderRuns(held)) {
    log(`stopping accept core up (pid ${held.pid}, run ${held.runId})`);
    process.kill(held.pid, 'SIGTERM');
    const t0 = Date.now();
    while (holderRuns(held) && Date.now() - t0 < DOWN_WAIT_SECONDS * 1000) await new Promise((r) => setTimeout(r, 250));
    if (holderRuns(held))
      throw new UsageError(`accept core up (pid ${held.pid}) still runs after ${DOWN_WAIT_SECONDS} s: look at its terminal`);
    log(`stopped in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } else log(`accept core up (pid ${held.pid}) is gone: removing what its run ${held.runId} left`);
  const swept = await sweep(workRoot(), { only: held.runId });
  if (!sweepIsEmpty(swept)) log(`removed: ${JSON.stringify(swept)}`);
  rmSync(file, { force: true });
  rmSync(o.target, { force: true });
  return 0;
}
