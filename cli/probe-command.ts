// `accept probe --target FILE`: field mode, judging a delivered system the harness did not start
// from what its target file describes (sim/field/probe.ts does the run).
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { isAbsolute, join, normalize, relative } from 'node:path';
import { judge } from '../acceptance/judge';
import { newRunSeed } from '../lib/random';
import { harnessVersion, OUT_ROOT, REPO_ROOT, workRoot } from '../lib/paths';
import { loadProfile } from '../profile/profile';
import { authHeaders, loadTarget, secretValues, type Target, type TargetEndpoint } from '../profile/target';
import { PROFILE_FILE, renderRunReports } from '../reports/render-run';
import type { RunSummary } from '../reports/run-summary';
import { writeVerdictsFile } from '../reports/verdicts-file';
import { backgroundLoad } from '../scenarios/load-library';
import { steadyStateOnly } from '../scenarios/faults';
import { LINK_DOWN_SETTLE_SECONDS, RECONNECT_TIMEOUT_SECONDS } from '../scenarios/link-loss';
import { CORES } from '../sim/core/cores';
import { startCommandsWith } from '../sim/exec';
import { bytesCommitted, FieldRefusal, mountProblem, runProbe, type FieldMachine } from '../sim/field/probe';
import { cablePullFault, diskPullFault, nodeConnectFault, powerLossFault } from '../sim/field/faults';
import { terminalOperator } from '../sim/field/operator';
import { readHistory } from '../sim/history';
import type { Verdict } from '../sim/verdict';
import { Spawner } from '../sim/spawner';
import { runCleanups } from '../sim/topology/cleanup';
import { requireOutFolder, UsageError } from './inputs';
import { CredentialLeakError, readTimeout, type ProbeOptions } from './probe-definition';
import { log } from './progress';
import { printVerdicts } from './run-command';
import { beijingStamp, newRunFolder } from './run-stamp';

/** A machine to read, with its request headers (credentials read from the environment when the probe starts). */
const machine = (name: string, role: FieldMachine['role'], e: TargetEndpoint): FieldMachine & { account?: string } => ({
  name,
  role,
  url: e.url,
  headers: authHeaders(e),
  ...(e.credentials ? { account: `${e.credentials.userEnv}/${e.credentials.passwordEnv}` } : {}),
});

function machinesOf(t: Target): (FieldMachine & { account?: string })[] {
  return [
    ...t.nodes.map((n) => machine(n.name, 'storage-node', n.bmc)),
    ...(t.managementServer ? [machine('mgmt', 'management-server', t.managementServer.bmc)] : []),
    ...(t.switch ? [machine('switch', 'switch', t.switch)] : []),
  ];
}

/** Files of the folder (recursively) holding any of the secrets, as written raw, in JSON or in HTML; paths relative to it. */
export function leakedSecrets(dir: string, secrets: readonly string[]): string[] {
  if (!secrets.length || !existsSync(dir)) return [];
  const html = (x: string) =>
    x.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  const forms = [...new Set(secrets.flatMap((x) => [x, JSON.stringify(x).slice(1, -1), html(x)]))].map((x) => Buffer.from(x, 'utf8'));
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => {
      const bytes = readFileSync(f);
      return forms.some((x) => bytes.includes(x));
    })
    .map((f) => relative(dir, f));
}

/** --power-loss NODE, --restart NODE, --pull NODE:SLOT, --unplug NODE: the node of the target file, with what a fault on it needs, or a usage error. */
function faultNode(t: Target, file: string, option: string, name: string) {
  const node = t.nodes.find((n) => n.name === name);
  if (!node) throw new UsageError(`${option}: no node ${name} in ${file} (its nodes: ${t.nodes.map((n) => n.name).join(', ')})`);
  if (t.core.kind === 'probe-only')
    throw new UsageError(
      `${option}: the target's core is probe-only: without the core's own view the remaining redundancy cannot be checked before the fault`,
    );
  if (!node.address)
    throw new UsageError(`${option}: ${file} gives no address for ${name} (nodes[].address: the node's address as the core lists it)`);
  return { ...node, address: node.address };
}

/** --pull NODE:SLOT, the slot as on the chassis label (0-based, as the BMC numbers it). */
function pullSlot(t: Target, file: string, spec: string | undefined) {
  if (spec === undefined) return undefined;
  const m = /^([^:]+):(\d{1,3})$/.exec(spec);
  if (!m) throw new UsageError(`--pull ${spec}: NODE:SLOT, e.g. ${t.nodes[0]?.name ?? 'node1'}:7`);
  const node = faultNode(t, file, `--pull ${spec}`, m[1]!);
  // the BMC says whether the node has that slot (refused before anything is pulled)
  const slot = Number(m[2]);
  const corePath = node.diskPaths?.[String(slot)];
  if (node.diskPaths && !corePath)
    throw new UsageError(
      `--pull ${spec}: ${file} maps slots of ${node.name} to the core's disks (diskPaths) but not slot ${slot}: add it, or pull a mapped slot`,
    );
  return { node, slot, corePath };
}

const FAULT_OPTIONS = {
  powerLoss: '--power-loss',
  restart: '--restart',
  pull: '--pull',
  unplug: '--unplug',
  connect: '--connect',
} as const;

/** --read-existing FOLDER: a folder under the read mount, outside the test folder, and the MiB bound; or a usage error. */
function siteFolder(t: Target, o: ProbeOptions): { folder: string; root: string; mib: number } | undefined {
  const mib = Number(o.readExistingMib ?? '1024');
  if (!Number.isInteger(mib) || mib < 1 || mib > 1_048_576)
    throw new UsageError(`--read-existing-mib ${o.readExistingMib}: whole MiB, 1 to 1048576`);
  if (o.readExisting === undefined) return undefined;
  const folder = normalize(o.readExisting).replace(/\/+$/, '');
  if (isAbsolute(folder) || folder === '.' || folder === '..' || folder.startsWith('../'))
    throw new UsageError(`--read-existing ${o.readExisting}: a folder under the mount, relative to it (e.g. recordings/cam07)`);
  if (folder === t.testFolder || folder.startsWith(`${t.testFolder}/`))
    throw new UsageError(`--read-existing ${o.readExisting}: that is the harness's own test folder, not the site's recordings`);
  const root = join(t.readMount ?? t.mount, folder);
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new UsageError(`--read-existing ${o.readExisting}: ${root} is not a folder`);
  return { folder, root, mib };
}

/** --connect NODE: a node of the target file delivered but not yet connected (joining), on a core the harness can ask, or a usage error. */
function joiningNode(t: Target, file: string, name: string | undefined) {
  if (name === undefined) return undefined;
  const node = t.nodes.find((n) => n.name === name);
  if (!node) throw new UsageError(`--connect ${name}: no node ${name} in ${file} (its nodes: ${t.nodes.map((n) => n.name).join(', ')})`);
  if (!node.joining)
    throw new UsageError(
      `--connect ${name}: ${file} does not mark ${name} joining (nodes[].joining: true, a node delivered but not yet connected)`,
    );
  if (t.core.kind === 'probe-only')
    throw new UsageError(`--connect ${name}: the target's core is probe-only: without the core's own view a node joining cannot be seen`);
  return node;
}

/** --unplug NODE: the node, its port as the switch names it and the switch, or a usage error. */
function cablePort(t: Target, file: string, name: string | undefined) {
  if (name === undefined) return undefined;
  const node = faultNode(t, file, `--unplug ${name}`, name);
  if (!t.switch)
    throw new UsageError(`--unplug ${name}: ${file} names no switch: the cable's effect is watched on its management interface`);
  if (!node.switchPort)
    throw new UsageError(
      `--unplug ${name}: ${file} gives no switch port for ${name} (nodes[].switchPort: the port as the switch's management interface names it)`,
    );
  // the master's node cut off is the whole storage stopped, not a node's link loss
  if (t.core.kind === 'moosefs' && t.core.master.split(':')[0] === node.address)
    throw new UsageError(
      `--unplug ${name}: ${name} at ${node.address} runs the master (${t.core.master}): cutting it off stops the whole storage`,
    );
  return { node, switchPort: node.switchPort, switch: t.switch };
}

export const probeCommand = async (o: ProbeOptions): Promise<0 | 1> => (await probeRun(o)).code;

/** What a probe gave: its exit code and, unless a dry run, its run folder, history and verdicts. */
export interface ProbeOutcome {
  code: 0 | 1;
  run: { dir: string; historyPath: string; verdicts: Verdict[] } | null;
}

export async function probeRun(o: ProbeOptions): Promise<ProbeOutcome> {
  const target = loadTarget(o.target);
  const { profile } = loadProfile(o.profile);
  const seconds = Number(o.seconds);
  if (!Number.isInteger(seconds) || seconds < 5 || seconds > 24 * 3600)
    throw new UsageError(`--seconds ${o.seconds}: whole seconds, 5 to 86400`);
  const timeoutMs = readTimeout(o.timeout);
  // cameras (and players) only: the profile's peak-hour uploads are no probe of a site's storage
  const faults = (['powerLoss', 'restart', 'pull', 'unplug', 'connect'] as const).filter((k) => o[k] !== undefined);
  if (faults.length > 1) {
    const named = faults.map((k) => FAULT_OPTIONS[k]);
    throw new UsageError(`${named.slice(0, -1).join(', ')} and ${named.at(-1)}: one fault per probe`);
  }
  // a node reset through its BMC: its power cut (--power-loss) or a forced restart (--restart)
  const resetMode = o.powerLoss !== undefined ? 'power-loss' : o.restart !== undefined ? 'restart' : undefined;
  const resetName = o.powerLoss ?? o.restart;
  const cutNode = resetMode && resetName !== undefined ? faultNode(target, o.target, `--${resetMode} ${resetName}`, resetName) : undefined;
  const pull = pullSlot(target, o.target, o.pull);
  const unplug = cablePort(target, o.target, o.unplug);
  const connect = joiningNode(target, o.target, o.connect);
  const stepSeconds = Number(o.stepTimeout);
  if (!Number.isInteger(stepSeconds) || stepSeconds < 10) throw new UsageError(`--step-timeout ${o.stepTimeout}: whole seconds >= 10`);
  const who = o.operator ?? process.env.USER ?? 'operator';
  const { uploads: _uploads, ...background } = backgroundLoad(profile);
  // with a fault, the load's thresholds hold for the steady state before it; T6 judges what the fault does
  const workload = cutNode || pull || unplug || connect ? steadyStateOnly(background) : background;
  const machines = machinesOf(target);
  const sh = profile.faults.selfHeal;
  // the T6 baseline write rate is measured before the cut: at least its window and one rate window of writing first
  const afterSeconds = Math.max(sh.warmupSeconds, sh.baselineSeconds + sh.rateWindowSeconds);
  const hp = profile.faults.hotplug;
  const ll = profile.faults.linkLoss;
  const so = profile.scaleout;
  const t8 = profile.thresholds.T8;
  const testDir = join(target.mount, target.testFolder, '<run id>');
  const readMount = target.readMount ?? target.mount;
  const reserve = bytesCommitted({ bytes: 0, writeErrors: 0 }, workload).inFlight;
  if (2 * reserve > target.maxTestMiB * 2 ** 20)
    throw new UsageError(
      `maxTestMiB ${target.maxTestMiB} of ${o.target} is below twice what the profile's ${workload.cameras} cameras may have in flight (${(reserve / 2 ** 20).toFixed(0)} MiB): raise it or use fewer cameras`,
    );
  const refusedMount = await mountProblem(target);
  const site = refusedMount ? undefined : siteFolder(target, o);
  const plan = [
    `target ${target.name} (core: ${target.core.kind}${target.core.kind === 'moosefs' ? ` at ${target.core.master}` : ''})`,
    ...machines.map((m) => `read ${m.role} ${m.name} at ${m.url}${m.account ? ` (with the account in ${m.account})` : ''}`),
    `write ${workload.cameras} cameras x ${workload.bitrateMbps} Mbps for at most ${seconds} s or ${target.maxTestMiB} MiB under ${testDir}, nothing outside it`,
    `read back every acknowledged segment through ${join(target.readMount ?? target.mount, target.testFolder, '<run id>')}`,
    ...(cutNode
      ? [
          resetMode === 'restart'
            ? `after ${afterSeconds} s of writing, force ${cutNode.name} to restart through its BMC (Redfish ComputerSystem.Reset ForceRestart) only if the core reports every chunk at goal (none kept at one copy by its goal) and lists ${cutNode.address}; power it on (Reset On) if the BMC does not report it On again, also on Ctrl-C; watch the core until healed, at most ${sh.observeMaxSeconds} s, then write ${sh.settleSeconds} s more; judge T6 from the core's own view and the write rate`
            : `after ${afterSeconds} s of writing, cut ${cutNode.name}'s power through its BMC (Redfish ComputerSystem.Reset ForceOff) only if the core reports every chunk at goal (none kept at one copy by its goal) and lists ${cutNode.address}; power it on (Reset On) ${sh.powerOffSeconds} s later, also on Ctrl-C; watch the core until healed, at most ${sh.observeMaxSeconds} s, then write ${sh.settleSeconds} s more; judge T6 from the core's own view and the write rate`,
        ]
      : []),
    ...(pull
      ? [
          `after ${hp.warmupSeconds} s of writing, only if the core reports every chunk at goal (none kept at one copy by its goal) and lists a disk of ${pull.node.name} in service: light the locate LED of ${pull.node.name} slot ${pull.slot} (Redfish LocationIndicatorActive) and ask ${who} on this terminal to pull that disk (answer done, cannot or abort; ${stepSeconds} s per step); time from the BMC showing the slot empty to the core letting go of ${pull.corePath ?? `a disk of ${pull.node.name} (the target maps no slot to the core's disks: a core letting go of none is INCONCLUSIVE)`} (watched ${hp.noticeWatchSeconds} s); after ${hp.outSeconds} s ask for the same disk back and time from the BMC showing it to the core serving it; the LED off; write ${hp.settleSeconds} s more; judge T3`,
        ]
      : []),
    ...(unplug
      ? [
          `after ${ll.warmupSeconds} s of writing, only if the core reports every chunk at goal (none kept at one copy by its goal) and lists ${unplug.node.name} connected, and the switch at ${unplug.switch.url} shows port ${unplug.switchPort} up: light the locate LED of ${unplug.node.name} (Redfish LocationIndicatorActive on its chassis) and ask ${who} on this terminal to pull its network cable out of switch port ${unplug.switchPort} (answer done, cannot or abort; ${stepSeconds} s per step); time from the switch showing the port down to the core listing ${unplug.node.address} disconnected (the cable stays out until then, at most ${ll.detectTimeoutSeconds} s); then ask for the cable back and time from the switch showing the port up to the core listing the node connected (watched ${RECONNECT_TIMEOUT_SECONDS} s, then ${LINK_DOWN_SETTLE_SECONDS} s more for a late disconnect); after each answer 'done' the switch is watched the hot-plug noticeWatchSeconds (${hp.noticeWatchSeconds} s), the switch and the core polled every scaleout.pollMs (${profile.scaleout.pollMs} ms); the LED off; write ${ll.observeSeconds} s more; judge T9's link part and T3`,
        ]
      : []),
    ...(connect
      ? [
          `after ${so.warmupSeconds} s of writing, only if the core lists its storage nodes${connect.address ? ` (not yet ${connect.address})` : ''} and ${connect.name}'s BMC reports it powered off: light its locate LED (Redfish LocationIndicatorActive on its chassis) and ask ${who} on this terminal to connect ${connect.name} to the storage network and power it on (answer done, cannot or abort; ${stepSeconds} s per step); time from its BMC showing PowerState On (T8's add) to the core listing a storage node it did not list before${connect.address ? ` at ${connect.address}` : ''} (watched ${t8.maxSecondsToFirstChunk} s, the clause's bound); after the answer 'done' the BMC is watched the hot-plug noticeWatchSeconds (${hp.noticeWatchSeconds} s) for the power to come on; the BMC polled and the core observed every scaleout.pollMs (${so.pollMs} ms); the LED off; write ${so.observeSeconds} s more (none when no node joined: nothing to measure); record where the core put every acknowledged segment (mfsfileinfo on the mount) before the test data goes; judge T8 and T3`,
        ]
      : []),
    site
      ? `read the site's recordings under ${site.root} (at most ${site.mib} MiB, files in path order) before the load and again after it, each file hashed (SHA-256), nothing copied: one read whole before that reads differently or not at all after, its size and time unchanged, is data lost`
      : `open none of the site's own files (--read-existing FOLDER reads some)`,
    o.keepTestData ? `keep the test data` : `remove the test data at the end (also on Ctrl-C)`,
    `judge T3 from the writes and the read-back${pull ? ' and the pull' : ' (no disk is pulled: INCONCLUSIVE unless data is lost or a load threshold fails, then FAIL)'}, T1/T2/M1/S1 from what the BMCs and the switch report; ${target.core.kind === 'moosefs' ? `the core's own view (its nodes, its chunks' redundancy) read through the MooseFS CLI at ${target.core.master} before, during and after the load and recorded` : 'the core itself is not read (probe-only)'}`,
  ];
  if (o.dryRun) {
    process.stdout.write(`accept probe --dry-run: nothing is read or written\n${plan.map((l) => `  - ${l}`).join('\n')}\n`);
    process.stdout.write(
      `  - mount check: ${refusedMount ?? `the mount and the read mount are folders on ${target.core.kind === 'moosefs' ? `MooseFS client mounts of ${target.core.master}` : "a mounted file system, not this machine's root"}; the test folder is no link`}\n`,
    );
    if (refusedMount) throw new UsageError(refusedMount);
    return { code: 0, run: null };
  }
  if (refusedMount) throw new UsageError(refusedMount);
  // the person at the rack answers on this terminal: a closed or piped input would abort every step
  const atRack = pull ? `--pull ${o.pull}` : unplug ? `--unplug ${o.unplug}` : connect ? `--connect ${o.connect}` : null;
  if (atRack && !process.stdin.isTTY)
    throw new UsageError(`${atRack}: the operator answers on a terminal, and this input is not one (run it in a terminal, e.g. tmux)`);
  const outRoot = o.out ?? OUT_ROOT;
  requireOutFolder(outRoot);
  const seed = o.seed ?? newRunSeed();
  const startedAt = Date.now();
  // its own folder, as accept run's: two probes of one seed in the same second never share a history
  const { runId, runDir } = newRunFolder(outRoot, `${beijingStamp()}-${seed}-probe`, join(workRoot(), 'runs'));
  // the credentials go into requests only: whatever the run's end, its folder is searched for them
  let failed = true;
  try {
    const outcome = await (async (): Promise<ProbeOutcome> => {
      const replay = `npx accept probe --target ${o.target} --profile ${o.profile} --seed ${seed} --seconds ${seconds}${cutNode ? ` --${resetMode} ${cutNode.name}` : ''}${pull ? ` --pull ${pull.node.name}:${pull.slot}` : ''}${unplug ? ` --unplug ${unplug.node.name}` : ''}${connect ? ` --connect ${connect.name}` : ''}${atRack ? ` --operator ${who} --step-timeout ${stepSeconds}` : ''}`;
      log(`field probe ${runId}  target ${target.name}  seed ${seed}`);
      log(`replay with: ${replay}`);
      for (const line of plan) log(`plan: ${line}`);
      // host commands (the core's CLI among them) from helpers started before a file is open on the mount (sim/spawner.ts)
      const spawner = Spawner.start();
      const previous = startCommandsWith(spawner);
      const coreView = target.core.kind === 'moosefs' ? CORES.moosefs.view(target.core.master) : undefined;
      // the person at the rack answers on this terminal (stderr: the prompts stay apart from the verdicts)
      const operator = atRack ? terminalOperator({ who, input: process.stdin, output: process.stderr }) : undefined;
      let record;
      try {
        record = await runProbe({
          runId,
          seed,
          outDir: runDir,
          clauses: cutNode ? ['T3', 'T6'] : unplug ? ['T3', 'T9'] : connect ? ['T3', 'T8'] : ['T3'],
          target: {
            name: target.name,
            mount: target.mount,
            readMount,
            testFolder: target.testFolder,
            maxTestBytes: target.maxTestMiB * 2 ** 20,
            core: target.core,
          },
          machines,
          ...(coreView ? { coreView } : {}),
          pollMs: profile.scaleout.pollMs,
          workload,
          seconds,
          ...(cutNode
            ? {
                fault: powerLossFault(
                  {
                    id: `${cutNode.name}-${resetMode}`,
                    mode: resetMode!,
                    node: cutNode.name,
                    address: cutNode.address,
                    bmc: machines.find((m) => m.name === cutNode.name)!,
                    offSeconds: sh.powerOffSeconds,
                    watchSeconds: sh.observeMaxSeconds,
                    timeoutMs,
                  },
                  { afterSeconds, settleSeconds: sh.settleSeconds },
                ),
              }
            : {}),
          ...(pull && operator
            ? {
                fault: diskPullFault(
                  {
                    id: `${pull.node.name}-slot${pull.slot}-pull`,
                    node: pull.node.name,
                    address: pull.node.address,
                    slot: pull.slot,
                    ...(pull.corePath ? { corePath: pull.corePath } : {}),
                    bmc: machines.find((m) => m.name === pull.node.name)!,
                    outSeconds: hp.outSeconds,
                    watchSeconds: hp.noticeWatchSeconds,
                    stepSeconds,
                    pollMs: profile.scaleout.pollMs,
                    timeoutMs,
                  },
                  operator,
                  { afterSeconds: hp.warmupSeconds, settleSeconds: hp.settleSeconds },
                ),
              }
            : {}),
          ...(unplug && operator
            ? {
                fault: cablePullFault(
                  {
                    id: `${unplug.node.name}-cable-pull`,
                    node: unplug.node.name,
                    address: unplug.node.address,
                    switchPort: unplug.switchPort,
                    switch: machines.find((m) => m.role === 'switch')!,
                    bmc: machines.find((m) => m.name === unplug.node.name)!,
                    detectSeconds: ll.detectTimeoutSeconds,
                    reconnectSeconds: RECONNECT_TIMEOUT_SECONDS,
                    settleSeconds: LINK_DOWN_SETTLE_SECONDS,
                    watchSeconds: hp.noticeWatchSeconds,
                    stepSeconds,
                    pollMs: profile.scaleout.pollMs,
                    timeoutMs,
                  },
                  operator,
                  { afterSeconds: ll.warmupSeconds, settleSeconds: ll.observeSeconds },
                ),
              }
            : {}),
          ...(connect && operator
            ? {
                fault: nodeConnectFault(
                  {
                    id: `${connect.name}-connect`,
                    node: connect.name,
                    ...(connect.address ? { address: connect.address } : {}),
                    bmc: machines.find((m) => m.name === connect.name)!,
                    registerSeconds: t8.maxSecondsToFirstChunk,
                    watchSeconds: hp.noticeWatchSeconds,
                    stepSeconds,
                    pollMs: so.pollMs,
                    timeoutMs,
                  },
                  operator,
                  { afterSeconds: so.warmupSeconds, settleSeconds: so.observeSeconds },
                ),
                placement: true,
              }
            : {}),
          keepTestData: !!o.keepTestData,
          ...(site
            ? {
                siteRecordings: {
                  folder: site.folder,
                  maxBytes: site.mib * 2 ** 20,
                  fileTimeoutMs: profile.verify.readDeadlineSeconds * 1000,
                },
              }
            : {}),
          verify: profile.verify,
          timeoutMs,
          log,
        });
      } catch (e) {
        if (e instanceof FieldRefusal) throw new UsageError(e.message);
        throw e;
      } finally {
        operator?.close();
        await runCleanups(log);
        startCommandsWith(previous);
        spawner.stop();
      }
      const finishedAt = Date.now();
      const { events } = readHistory(record.historyPath);
      const verdicts = judge(events, profile);
      writeVerdictsFile(runDir, {
        runId,
        seed,
        replay,
        profile: profile.id,
        scenario: 'probe/reference',
        verdicts,
        seconds: { probe: Math.round(finishedAt - startedAt) / 1000 },
      });
      const summary: RunSummary = {
        runId,
        seed,
        replay,
        profile: { id: profile.id, source: relative(REPO_ROOT, o.profile), project: profile.project },
        scenario: { id: 'probe', variant: 'reference', title: { zh: `现场探测：${target.name}`, en: `Field probe: ${target.name}` } },
        startedAt,
        finishedAt,
        field: { target: target.name, core: target.core.kind },
        topology: {
          goal: 0,
          master: target.core.kind === 'moosefs' ? target.core.master : '—',
          nodes: target.nodes.map((n) => ({ name: n.name, address: new URL(n.bmc.url).host, bays: 0, role: 'storage-node', arch: '—' })),
        },
        workload: { cameras: workload.cameras, bitrateMbps: workload.bitrateMbps, segmentSeconds: workload.segmentSeconds },
        versions: {
          core: `${target.core.kind} (field target)`,
          coreImage: '—',
          harness: harnessVersion(),
          node: process.versions.node,
          docker: '—',
        },
        machine: { cpus: cpus().length, memoryGiB: totalmem() / 2 ** 30, kernel: release() },
        timings: { runSeconds: (finishedAt - startedAt) / 1000 },
        readMount: { path: target.readMount ?? target.mount, options: [] },
        segments: record.segments,
        verdicts,
      };
      writeFileSync(join(runDir, 'run.json'), JSON.stringify(summary, null, 2));
      writeFileSync(join(runDir, PROFILE_FILE), JSON.stringify(profile, null, 2) + '\n');
      const sealed = await renderRunReports(runDir, { pdf: o.pdf, log });
      printVerdicts(verdicts, replay);
      log(`evidence manifest SHA-256 ${sealed.evidence.sha256} (check with: npx accept verify ${relative(REPO_ROOT, runDir)})`);
      log(`run folder: ${runDir}`);
      return { code: verdicts.some((v) => v.status === 'FAIL') ? 1 : 0, run: { dir: runDir, historyPath: record.historyPath, verdicts } };
    })();
    failed = false;
    return outcome;
  } finally {
    const leaked = leakedSecrets(runDir, secretValues(target));
    if (leaked.length) {
      const line = `a credential of the target reached ${leaked.join(', ')}: do not share ${runDir} (a defect of the harness)`;
      if (!failed) throw new CredentialLeakError(line);
      process.stderr.write(`accept: ${line}\n`);
    }
  }
}
