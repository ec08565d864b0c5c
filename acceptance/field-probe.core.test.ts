// Field mode against the reference kept running as a delivered system would be (issue 16):
// `accept core up` holds the real MooseFS cluster with its twins' BMCs (each asking for an
// account) and the switch; `accept probe` judges it from the target file alone, as the
// buyer's QA would a system the harness did not start; `accept core down` leaves nothing.
// Two holders run at once, each its own cluster and target file, and the tests of each run in order
// on it: the probes mostly wait on the core (a boot, an operator's step, a master noticing), so
// the file takes about the longer lane instead of the sum of both.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, workRoot } from '../lib/paths';
import { loadTarget, secretValues } from '../profile/target';
import { run } from '../sim/exec';
import { CORES } from '../sim/core/cores';
import { eventsOf, readHistory } from '../sim/history';
import { sweep } from '../sim/topology/reaper';
import { expectNothingLeft } from './nothing-left';
import { JOURNAL_FILE, readJournal } from './trial/journal';

const ACCEPT = join(REPO_ROOT, 'bin', 'accept.mjs');
const secret = `bmc-${process.pid}-${Math.random().toString(36).slice(2)}`;
const switchSecret = `sw-${process.pid}-${Math.random().toString(36).slice(2)}`;
const env = {
  ...process.env,
  ACCEPT_BMC_USER: 'admin',
  ACCEPT_BMC_PASSWORD: secret,
  ACCEPT_SWITCH_USER: 'netadmin',
  ACCEPT_SWITCH_PASSWORD: switchSecret,
};

function accept(args: string[], o: { env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [ACCEPT, ...args], { env: o.env ?? env });
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (out += d));
    c.on('exit', (code) => resolve({ code, out }));
  });
}

const allFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));

/** The one run folder a probe wrote under `out`: its verdicts and its history. */
function runFolder(out: string) {
  const [run] = readdirSync(out);
  const folder = join(out, run!);
  const verdicts = JSON.parse(readFileSync(join(folder, 'verdicts.json'), 'utf8')).verdicts as {
    clause: string;
    status: string;
    reasons: string[];
    figures: { name: string; value: number | null }[];
  }[];
  return { folder, verdicts, events: readHistory(join(folder, 'history.jsonl')).events };
}

/** One `accept core up` holder: its own cluster, folder and target file. */
interface Holder {
  name: string;
  dir: string;
  targetFile: string;
  up?: ChildProcess;
  upLog: string;
  runId: string;
}

describe('field mode on the reference kept running (accept core up, probe, core down)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'field-'));
  const profileFile = join(dir, 'profile.json');

  beforeAll(() => {
    // the contracted 48-bay nodes (every node of a delivered system is held to T1/T2), a light load
    const profile = JSON.parse(readFileSync(join(REPO_ROOT, 'profile/profiles/ci.json'), 'utf8'));
    profile.workload.cameras = 4;
    // a power loss's short version: 15 s of writing before the cut (the T6 baseline), 5 s off, 12 s of writing after the heal
    profile.faults.selfHeal = { ...profile.faults.selfHeal, warmupSeconds: 10, baselineSeconds: 10, powerOffSeconds: 5, settleSeconds: 12 };
    // a pull's short version: 5 s of writing first, the disk out 3 s, 3 s of writing after; each step's effect waited for
    // 10 s at most (the core let go in 0.09-0.23 s and served the disk again in about 1 s in these runs)
    profile.faults.hotplug = { ...profile.faults.hotplug, warmupSeconds: 5, outSeconds: 3, settleSeconds: 3, noticeWatchSeconds: 10 };
    // a cable pull's short version: 5 s of writing first, 3 s after; the cable out until the master notices, at most 25 s (it noticed in 9.1-9.5 s here)
    profile.faults.linkLoss = {
      ...profile.faults.linkLoss,
      warmupSeconds: 5,
      mirrorProbeSeconds: 0.5,
      observeSeconds: 3,
      detectTimeoutSeconds: 25,
    };
    // a first connection's short version: 5 s of writing first, 25 s after the node joined (15 s gave the new node 9 of 58
    // copies, 15.5 % against a floor of 12.5 %: too close); the nodes delivered powered off are contracted 48-bay ones (T2)
    profile.scaleout = { ...profile.scaleout, warmupSeconds: 5, observeSeconds: 25 };
    writeFileSync(profileFile, JSON.stringify(profile));
  });

  /** The shared profile with one change, as a file in the holder's folder. */
  function profileWith(h: Holder, name: string, change: (profile: any) => void): string {
    const profile = JSON.parse(readFileSync(profileFile, 'utf8'));
    change(profile);
    const file = join(h.dir, name);
    writeFileSync(file, JSON.stringify(profile));
    return file;
  }

  /** Starts a holder before its lane's tests and stops it after them (a lane's last test stops it through core down). */
  function holder(name: string, spareNodes: number): Holder {
    const h: Holder = { name, dir: join(dir, name), targetFile: join(dir, name, 'target.json'), upLog: '', runId: '' };
    mkdirSync(h.dir);
    beforeAll(async () => {
      const up = spawn(
        process.execPath,
        [ACCEPT, 'core', 'up', '--profile', profileFile, '--target', h.targetFile, '--spare-nodes', String(spareNodes)],
        {
          env,
        },
      );
      h.up = up;
      up.stdout!.on('data', (d) => (h.upLog += d));
      up.stderr!.on('data', (d) => (h.upLog += d));
      const t0 = Date.now();
      while (!/ready: target file/.test(h.upLog)) {
        if (up.exitCode !== null || Date.now() - t0 > 240_000) throw new Error(`accept core up (${name}) did not get ready:\n${h.upLog}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      h.runId = /as run (core-[\d-]+)/.exec(h.upLog)![1]!;
    });
    afterAll(async () => {
      // a run cut short (a filter, a failure) stops the holder and waits for its own clean-up before the sweep
      const up = h.up;
      if (up && up.exitCode === null && up.signalCode === null) {
        const exited = new Promise((r) => up.once('exit', r));
        up.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 60_000))]);
      }
      await sweep(workRoot());
    });
    return h;
  }

  /** accept probe --power-loss NODE (or --restart NODE) on this target file; its verdicts by clause and its history */
  async function powerLossProbe(
    file: string,
    node: string,
    out: string,
    reset: 'power-loss' | 'restart' = 'power-loss',
    extra: string[] = [],
  ) {
    const r = await accept([
      'probe',
      '--target',
      file,
      '--profile',
      profileFile,
      '--seed',
      'field-ci',
      '--seconds',
      '5',
      `--${reset}`,
      node,
      ...extra,
      '--no-pdf',
      '-o',
      out,
    ]);
    // a probe that ended in an error writes no verdicts: say what it printed
    if (!existsSync(out) || !readdirSync(out).some((d) => existsSync(join(out, d, 'verdicts.json'))))
      throw new Error(`accept probe exited ${r.code} without verdicts:\n${r.out.slice(-4000)}`);
    const { folder, verdicts, events } = runFolder(out);
    return {
      r,
      t6: verdicts.find((v) => v.clause === 'T6')!,
      events,
      summary: JSON.parse(readFileSync(join(folder, 'run.json'), 'utf8')),
    };
  }

  /**
   * A reset as the history records it: the action and the power state read back. The twin answers once the real
   * node went down (a restart: and came back), which on a loaded machine can pass the 5 s timeout: then the record
   * says 'no answer within 5000 ms' and the run goes on (1666 s fresh-clone CI of 58247d0); any other error fails here.
   */
  const resetRecord = (e: { action: string; status: number | null; powerState: string | null; error?: string }) => {
    if (e.status !== 200) expect(e.error ?? `HTTP ${e.status}`).toMatch(/^no answer within \d+ ms$/);
    return `${e.action} ${e.powerState}`;
  };

  /** Until the core reports every chunk at its goal again (a field fault is refused before). */
  async function untilAtGoal(h: Holder) {
    const view = CORES.moosefs.view((loadTarget(h.targetFile).core as { master: string }).master);
    const t0 = Date.now();
    for (;;) {
      const h = await view.chunkHealth();
      if (h.missing + h.endangered + h.undergoal === 0) return;
      if (Date.now() - t0 > 180_000) throw new Error(`chunks not at goal 180 s on: ${JSON.stringify(h)}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  /** what the person at the rack is asked to do: a disk pulled and put back, a node's cable, or a node delivered powered off connected */
  type RackFault = { node: string; slot?: number; connect?: true };

  /**
   * accept probe --pull NODE:SLOT or --unplug NODE in a real terminal (tmux, on its own server), answered by a
   * scripted operator who reads each step off the run's output, does it with the rack's hands
   * (or not) and types the answer into the terminal.
   */
  async function operatorProbe(h: Holder, fault: RackFault, hands: 'core' | 'twin-only' | 'none', out: string, profile = profileFile) {
    await untilAtGoal(h);
    const handsUrl = /POST (http:\/\/127\.0\.0\.1:\d+)\/pull/.exec(h.upLog)![1]!;
    const cable = fault.slot === undefined && !fault.connect;
    const steps = fault.connect
      ? ([[`connect ${fault.node} to the storage network and power it on`, 'connect']] as const)
      : cable
        ? ([
            [`pull the network cable of ${fault.node} out of switch port`, 'unplug'],
            [`plug the network cable of ${fault.node} back into switch port`, 'replug'],
          ] as const)
        : ([
            [`pull the disk out of ${fault.node} slot ${String(fault.slot).padStart(2, '0')}`, 'pull'],
            [`put the same disk back into ${fault.node} slot ${String(fault.slot).padStart(2, '0')}`, 'insert'],
          ] as const);
    const log = join(h.dir, `${basename(out)}.log`);
    const q = (x: string) => `'${x.replace(/'/g, `'\\''`)}'`;
    const cmd = [process.execPath, ACCEPT, 'probe', '--target', h.targetFile, '--profile', profile, '--seed', 'field-ci']
      .concat([
        '--seconds',
        '5',
        ...(fault.connect ? ['--connect', fault.node] : cable ? ['--unplug', fault.node] : ['--pull', `${fault.node}:${fault.slot}`]),
        '--operator',
        'qa-wang',
        '--step-timeout',
        '300',
        '--no-pdf',
        '-o',
        out,
      ])
      .map(q)
      .join(' ');
    // a tmux server of its own, started with the accounts' variables in its environment (never on a command line)
    const tmux = (args: string[]) =>
      run('tmux', ['-L', `accept-op-${process.pid}-${h.name}`, ...args], { env, allowFailure: args[0] === 'kill-server' });
    await tmux([
      'new-session',
      '-d',
      '-x',
      '200',
      '-y',
      '50',
      'bash',
      '-c',
      `${cmd} 2>&1 | tee ${q(log)}; echo EXIT=\${PIPESTATUS[0]} >> ${q(log)}; sleep 600`,
    ]);
    try {
      const output = () => (existsSync(log) ? readFileSync(log, 'utf8') : '');
      for (const [i, [step, action]] of steps.entries()) {
        const t0 = Date.now();
        let prompt: string | undefined;
        while (!(prompt = output().match(/^>>> OPERATOR \(qa-wang\): .*$/gm)?.[i])) {
          if (Date.now() - t0 > 120_000 || /EXIT=/.test(output())) break;
          await new Promise((r) => setTimeout(r, 250));
        }
        if (!prompt) break;
        expect(prompt).toContain(step);
        if (hands !== 'none') {
          const r = await fetch(`${handsUrl}/${action}`, {
            method: 'POST',
            body: JSON.stringify({ node: fault.node, ...(fault.slot === undefined ? {} : { slot: fault.slot }), reach: hands }),
          });
          expect(r.status, await r.text()).toBe(200);
        }
        await tmux(['send-keys', 'done', 'Enter']);
      }
      const t0 = Date.now();
      while (!/EXIT=\d+/.test(output())) {
        if (Date.now() - t0 > 240_000) throw new Error(`accept probe did not end:\n${output()}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    } finally {
      await tmux(['kill-server']);
    }
    const text = readFileSync(log, 'utf8');
    const { verdicts, events } = runFolder(out);
    return {
      code: Number(/EXIT=(\d+)/.exec(text)![1]),
      text,
      t3: verdicts.find((v) => v.clause === 'T3')!,
      t9: verdicts.find((v) => v.clause === 'T9'),
      t8: verdicts.find((v) => v.clause === 'T8'),
      events,
    };
  }

  /** One field trial of 2 days in a folder of its own: its first day's checks (accept trial --target, a process). */
  async function fieldTrialDay(h: Holder, out: string) {
    const r = await accept(
      ['trial', '--target', h.targetFile, '--profile', profileFile, '--days', '2', '--extension-days', '1', '--probe-seconds', '5'].concat([
        '--no-pdf',
        '-o',
        out,
      ]),
    );
    const [trial] = readdirSync(out);
    const j = readJournal(join(out, trial!, JOURNAL_FILE));
    const checks = Object.fromEntries(j.days[0]!.checks!.map((c) => [c.clause, c]));
    const health = JSON.parse(readFileSync(join(out, trial!, 'days', 'day-001', 'disk-health.json'), 'utf8'));
    return { r, j, checks, health: health as { core: { disks?: { path: string; serving: boolean }[] } | null; drives: number } };
  }

  /** The lane's last test: `accept core down` stops the holder and leaves nothing; no output of its runs carries an account. */
  function coreDownLeavesNothing(h: Holder) {
    it.sequential('core down: the holder stops, the cluster, its twins and the target file are gone; no secret in any output', async () => {
      const secrets = secretValues(loadTarget(h.targetFile), env);
      expect(secrets).toHaveLength(4);
      const r = await accept(['core', 'down', '--target', h.targetFile]);
      expect(r.code, r.out).toBe(0);
      expect(h.up!.exitCode ?? h.up!.signalCode).not.toBeNull();
      expect(existsSync(h.targetFile)).toBe(false);
      await expectNothingLeft(h.runId);
      // the credentials went into requests only: nothing this holder's runs wrote or printed carries them
      for (const text of [h.upLog, r.out, ...allFiles(h.dir).map((f) => readFileSync(f, 'utf8'))])
        for (const x of secrets) expect(text.includes(x)).toBe(false);
    });
  }

  describe('holder a: the probe, power through the BMCs, nodes delivered powered off', { concurrent: true }, () => {
    const a = holder('a', 2);

    it.sequential('the target file names the machines and the variables of their accounts, never a password', () => {
      const t = loadTarget(a.targetFile);
      expect(t.core).toMatchObject({ kind: 'moosefs' });
      expect(t.nodes).toHaveLength(5);
      // two nodes delivered powered off, not yet connected: no address, no port, their BMCs only
      expect(t.nodes.slice(3)).toEqual([
        { name: 'node4', joining: true, bmc: expect.objectContaining({ credentials: t.nodes[0]!.bmc.credentials }) },
        { name: 'node5', joining: true, bmc: expect.objectContaining({ credentials: t.nodes[0]!.bmc.credentials }) },
      ]);
      expect(t.nodes[0]!.bmc.credentials).toEqual({ userEnv: 'ACCEPT_BMC_USER', passwordEnv: 'ACCEPT_BMC_PASSWORD' });
      // which of the core's disks is in which slot, from the core's own disk list
      expect(Object.keys(t.nodes[1]!.diskPaths ?? {})).toHaveLength(48);
      expect(t.nodes[1]!.diskPaths?.['7']).toMatch(/\/bay07\/?$/);
      // each node's port as the switch's management interface names it, all different
      const cabled = t.nodes.filter((n) => !n.joining);
      expect(cabled.map((n) => n.switchPort)).toEqual([expect.stringMatching(/^X?GE1\/0\/\d+$/), expect.anything(), expect.anything()]);
      expect(new Set(cabled.map((n) => n.switchPort)).size).toBe(3);
      expect(t.switch?.credentials).toEqual({ userEnv: 'ACCEPT_SWITCH_USER', passwordEnv: 'ACCEPT_SWITCH_PASSWORD' });
      expect(readFileSync(a.targetFile, 'utf8')).not.toContain(secret);
    });

    it.sequential(
      'probe: hardware PASS (simulated: the twins say so), T3 INCONCLUSIVE with every segment intact, test data gone, no secret in any output',
      async () => {
        const mount = loadTarget(a.targetFile).mount;
        const before = readdirSync(mount).sort();
        const out = join(a.dir, 'out');
        const r = await accept([
          'probe',
          '--target',
          a.targetFile,
          '--profile',
          profileFile,
          '--seed',
          'field-ci',
          '--seconds',
          '15',
          '--no-pdf',
          '-o',
          out,
        ]);
        expect(r.code, r.out).toBe(0);
        const [run] = readdirSync(out);
        const folder = join(out, run!);
        const verdicts = JSON.parse(readFileSync(join(folder, 'verdicts.json'), 'utf8')).verdicts as {
          clause: string;
          status: string;
          nature: string;
          reasons: string[];
        }[];
        const status = Object.fromEntries(verdicts.map((v) => [v.clause, `${v.status} ${v.nature}`]));
        expect(status).toEqual({
          T1: 'PASS simulated',
          T2: 'PASS simulated',
          M1: 'PASS simulated',
          S1: 'PASS simulated',
          T3: 'INCONCLUSIVE measured',
        });
        expect(verdicts.find((v) => v.clause === 'T3')!.reasons[0]).toBe('no disk was pulled in this history');
        const summary = JSON.parse(readFileSync(join(folder, 'run.json'), 'utf8'));
        expect(summary.segments.acked).toBeGreaterThan(0);
        expect(summary.segments.verified).toBe(summary.segments.acked);
        expect(readdirSync(mount).sort()).toEqual(before);
        expect(existsSync(join(folder, 'initial-report.zh.html'))).toBe(true);
        // the core's own view, read through the master's address the target names (MooseFS CLI)
        const { events } = readHistory(join(folder, 'history.jsonl'));
        const views = eventsOf(events, 'core.nodes');
        expect(views.length).toBeGreaterThanOrEqual(2);
        for (const v of views) expect(v.nodes).toHaveLength(3);
        expect(eventsOf(events, 'core.health').at(-1)).toMatchObject({ missing: 0 });
        expect(r.out).toMatch(/the core's own view: 3 storage nodes listed; chunks missing 0/);
        // what the kernel listed for the mounts: the MooseFS client of the target's master
        const master = (loadTarget(a.targetFile).core as { master: string }).master;
        expect(eventsOf(events, 'field.target')[0]!.fileSystems).toEqual([
          expect.objectContaining({ path: mount, type: 'fuse', source: `mfs#${master}` }),
          expect.objectContaining({ type: 'fuse', source: `mfs#${master}` }),
        ]);
        // the credentials went into requests only: no password, no account as it travels (base64)
        const secrets = secretValues(loadTarget(a.targetFile), env);
        expect(secrets).toHaveLength(4);
        for (const text of [r.out, a.upLog, ...allFiles(a.dir).map((f) => readFileSync(f, 'utf8'))])
          for (const x of secrets) expect(text.includes(x)).toBe(false);
      },
    );

    it.sequential(
      "control: a mount that is not the target's storage (a MooseFS mount of another master, an empty folder where nothing is mounted) is refused, exit 2, before anything is read or written",
      async () => {
        const t = JSON.parse(readFileSync(a.targetFile, 'utf8'));
        const otherMaster = join(a.dir, 'other-master.json');
        writeFileSync(otherMaster, JSON.stringify({ ...t, core: { kind: 'moosefs', master: '192.0.2.7' } }));
        const empty = join(a.dir, 'not-mounted');
        mkdirSync(empty);
        const notMounted = join(a.dir, 'not-mounted.json');
        writeFileSync(notMounted, JSON.stringify({ ...t, mount: empty, readMount: empty }));
        const out = join(a.dir, 'out-refused');
        const [other, none] = await Promise.all(
          [otherMaster, notMounted].map((f) => accept(['probe', '--target', f, '--profile', profileFile, '--no-pdf', '-o', out])),
        );
        expect(other!.code, other!.out).toBe(2);
        expect(other!.out).toMatch(
          new RegExp(`mount ${t.mount} is a MooseFS client mount of ${t.core.master}, not of the target's master 192\\.0\\.2\\.7:9421`),
        );
        expect(none!.code, none!.out).toBe(2);
        expect(none!.out).toMatch(
          /mount \S+not-mounted is on this machine's root file system|mount \S+not-mounted is \S+ from .*: not a MooseFS client mount/,
        );
        expect(existsSync(out)).toBe(false);
        expect(readdirSync(empty)).toEqual([]);
        expect(readdirSync(t.mount)).not.toContain(t.testFolder ?? 'accept-harness-test');
      },
    );

    it.sequential(
      "probe --power-loss: the node cut and powered on through its BMC, the core saw it go and come back, T6 PASS from the core's own view; every segment intact",
      async () => {
        const t = loadTarget(a.targetFile);
        const node = t.nodes[1]!;
        // the site's own recordings on the real storage, read before the cut and after the heal (--read-existing)
        const site = join(t.mount, 'site-recordings', 'cam01');
        mkdirSync(site, { recursive: true });
        for (let i = 1; i <= 3; i++) writeFileSync(join(site, `2026120${i}.mp4`), Buffer.alloc(2 ** 20, i));
        const { r, t6, events, summary } = await powerLossProbe(a.targetFile, node.name, join(a.dir, 'out-power'), 'power-loss', [
          '--read-existing',
          'site-recordings',
        ]).finally(() => rmSync(join(t.mount, 'site-recordings'), { recursive: true, force: true }));
        expect(r.code, r.out).toBe(0);
        expect(t6.status, t6.reasons.join('\n')).toBe('PASS');
        expect(t6.figures.find((f) => f.name === "the site's recordings read back unchanged after the run")).toMatchObject({
          value: 3,
          threshold: '= 3',
          ok: true,
        });
        expect(eventsOf(events, 'field.redfish').map(resetRecord)).toEqual([
          'ComputerSystem.Reset ForceOff Off',
          'ComputerSystem.Reset On On',
        ]);
        // the cut took effect in the core: a look without the node between the cut and the heal
        const cut = eventsOf(events, 'fault.start')[0]!;
        const end = eventsOf(events, 'fault.end')[0]!;
        expect(end).toMatchObject({ recovered: true });
        const looks = eventsOf(events, 'core.nodes').filter((e) => e.mono > cut.mono && e.mono < end.mono);
        expect(looks.some((e) => !e.nodes.some((n) => n.address === node.address))).toBe(true);
        expect(t6.figures.find((f) => f.name.includes('measured on the real core'))?.value).toBeGreaterThan(0);
        expect(summary.segments.verified).toBe(summary.segments.acked);
        expect(r.out).toMatch(/powered on again|healed .* after the power came back/);
      },
    );

    it.sequential(
      'probe --restart: the node forced to restart through its BMC (ForceRestart), the core saw it go and come back, T6 PASS counted from the reset',
      async () => {
        const node = loadTarget(a.targetFile).nodes[0]!;
        const { r, t6, events, summary } = await powerLossProbe(a.targetFile, node.name, join(a.dir, 'out-restart'), 'restart');
        expect(r.code, r.out).toBe(0);
        expect(t6.status, t6.reasons.join('\n')).toBe('PASS');
        expect(eventsOf(events, 'field.redfish').map(resetRecord)).toEqual(['ComputerSystem.Reset ForceRestart On']);
        expect(eventsOf(events, 'fault.start')[0]).toMatchObject({ fault: 'crash:restart', mode: 'restart' });
        expect(eventsOf(events, 'heal.power-restored')).toHaveLength(0);
        const cut = eventsOf(events, 'fault.start')[0]!;
        const end = eventsOf(events, 'fault.end')[0]!;
        const looks = eventsOf(events, 'core.nodes').filter((e) => e.mono > cut.mono && e.mono < end.mono);
        expect(looks.some((e) => !e.nodes.some((n) => n.address === node.address))).toBe(true);
        expect(t6.reasons.join('\n')).toMatch(/healed by its own restart \(Redfish ComputerSystem\.Reset ForceRestart\)/);
        expect(summary.segments.verified).toBe(summary.segments.acked);
      },
    );

    it.sequential(
      "control: the BMC named for a node is another node's (a wiring mistake): the restart never reaches the node watched, T6 not PASS",
      async () => {
        const t = JSON.parse(readFileSync(a.targetFile, 'utf8'));
        // node1's address with node3's BMC: the harness cuts node3 and watches node1
        t.nodes[0].bmc = t.nodes[2].bmc;
        const wrong = join(a.dir, 'wired-wrong.json');
        writeFileSync(wrong, JSON.stringify(t));
        const { r, t6 } = await powerLossProbe(wrong, t.nodes[0].name, join(a.dir, 'out-wrong'), 'restart');
        expect(r.code, r.out).toBe(0);
        expect(t6.status, t6.reasons.join('\n')).toBe('INCONCLUSIVE');
        expect(t6.reasons.join('\n')).toMatch(/the core never listed node1 without it .*: the fault did not take effect/);
      },
    );

    it.sequential(
      'a Redfish reset through a node BMC the target names, with its account: ForceOff stops the real node, On starts it again',
      async () => {
        const node = loadTarget(a.targetFile).nodes[2]!;
        const headers = {
          authorization: `Basic ${Buffer.from(`admin:${secret}`).toString('base64')}`,
          'content-type': 'application/json',
        };
        const systems = (await (await fetch(`${node.bmc.url}/redfish/v1/Systems`, { headers })).json()) as {
          Members: { '@odata.id': string }[];
        };
        const reset = `${node.bmc.url}${systems.Members[0]!['@odata.id']}/Actions/ComputerSystem.Reset`;
        const running = async () => {
          const names = (await run('docker', ['ps', '--filter', `label=accept-harness.run=${a.runId}`, '--format', '{{.Names}}'])).stdout;
          return names.split('\n').some((n) => n.endsWith(node.name));
        };
        expect(await running()).toBe(true);
        const noAccount = await fetch(reset, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"ResetType":"ForceOff"}',
        });
        expect(noAccount.status).toBe(401);
        expect(await running()).toBe(true);
        expect((await fetch(reset, { method: 'POST', headers, body: '{"ResetType":"ForceOff"}' })).status).toBe(200);
        expect(await running()).toBe(false);
        expect((await fetch(reset, { method: 'POST', headers, body: '{"ResetType":"On"}' })).status).toBe(200);
        expect(await running()).toBe(true);
      },
    );

    it.sequential(
      "probe --connect: the operator connects a node delivered powered off and powers it on; timed from its BMC showing On to the core listing it; T8 PASS from the core's own view and placement",
      async () => {
        const { code, text, t8, t3, events } = await operatorProbe(a, { node: 'node4', connect: true }, 'core', join(a.dir, 'out-connect'));
        expect(code, text).toBe(0);
        expect(t8?.status, t8?.reasons.join('\n')).toBe('PASS');
        expect(t3.status, t3.reasons.join('\n')).not.toBe('FAIL');
        expect(eventsOf(events, 'operator.step').map((e) => `${e.step} ${e.answer} ${e.who}`)).toEqual(['connect done qa-wang']);
        expect(eventsOf(events, 'field.power').map((e) => e.state)).toEqual(['Off', 'On']);
        expect(eventsOf(events, 'scaleout.add')[0]).toMatchObject({ node: 'node4', mode: 'operator' });
        const powered = eventsOf(events, 'scaleout.powered')[0]!;
        // the address the core gave it is not one of the nodes it listed before
        expect(loadTarget(a.targetFile).nodes.map((n) => n.address)).not.toContain(powered.address);
        expect(eventsOf(events, 'core.placement').length).toBeGreaterThan(20);
        process.stderr.write(
          `field connect figures: ${JSON.stringify({
            listedAfterSeconds: (powered.mono - eventsOf(events, 'scaleout.add')[0]!.mono) / 1000,
            t8: t8?.figures.map((f) => `${f.name}: ${f.value}`),
          })}\n`,
        );
      },
    );

    it.sequential(
      "control: the operator's power-on never reaches the core (the twin's BMC alone shows it On, the node never starts): T8 FAIL, no new node listed within the bound",
      async () => {
        // watched against 10 s, not the contract's 60: a node that never starts is not listed whatever the bound, which the verdict names
        const shortBound = profileWith(a, 'profile-short-t8.json', (p) => (p.thresholds.T8.maxSecondsToFirstChunk = 10));
        const { code, text, t8, events } = await operatorProbe(
          a,
          { node: 'node5', connect: true },
          'twin-only',
          join(a.dir, 'out-connect-twin'),
          shortBound,
        );
        expect(code, text).toBe(1);
        expect(t8?.status, t8?.reasons.join('\n')).toBe('FAIL');
        expect(t8?.reasons.join('\n')).toMatch(
          /node5 was powered on \(its BMC showed On\) and the core listed no new storage node within the 10 s it was watched after that; the clause allows 10 s/,
        );
        expect(eventsOf(events, 'scaleout.powered')).toHaveLength(0);
      },
    );

    coreDownLeavesNothing(a);
  });

  describe("holder b: the operator's disk and cable pulls, a trial day's disk check", { concurrent: true }, () => {
    const b = holder('b', 0);

    it.sequential(
      'probe --pull: the operator at a terminal pulls the disk whose locate LED is lit and puts it back; each step timed from the BMC to the core; T3 PASS',
      async () => {
        const { code, text, t3, events } = await operatorProbe(b, { node: 'node2', slot: 7 }, 'core', join(b.dir, 'out-pull'));
        expect(code, text).toBe(0);
        expect(t3.status, t3.reasons.join('\n')).toBe('PASS');
        // who answered which step, the BMC's view of the slot, the LED on and off
        expect(eventsOf(events, 'operator.step').map((e) => `${e.step} ${e.answer} ${e.who}`)).toEqual([
          'pull done qa-wang',
          'insert done qa-wang',
        ]);
        expect(eventsOf(events, 'field.drive').map((e) => e.state)).toEqual(['Enabled', 'Absent', 'Enabled']);
        expect(eventsOf(events, 'field.redfish').map((e) => `${e.action} ${e.status}`)).toEqual([
          'Drive slot 07 LocationIndicatorActive true 200',
          'Drive slot 07 LocationIndicatorActive false 200',
        ]);
        const end = eventsOf(events, 'fault.end')[0]!;
        expect(end.pulled?.coreNoticedSeconds).toBeGreaterThanOrEqual(0);
        // the disk the target maps to slot 07 is the one the core let go of
        expect(eventsOf(events, 'core.disk')[0]?.path).toBe(loadTarget(b.targetFile).nodes[1]!.diskPaths?.['7']);
        expect(end.inserted?.coreAcceptedSeconds).toBeGreaterThanOrEqual(0);
        const absent = eventsOf(events, 'field.drive').find((e) => e.state === 'Absent')!.atWall;
        const answers = eventsOf(events, 'operator.step').map((e) => e.answeredWall);
        process.stderr.write(
          `field pull figures: ${JSON.stringify({
            coreNoticedSeconds: end.pulled?.coreNoticedSeconds,
            coreAcceptedSeconds: end.inserted?.coreAcceptedSeconds,
            bmcAbsentToAnswerSeconds: (answers[0]! - absent) / 1000,
            faultSeconds: end.waitedSeconds,
            t3: t3.figures.map((f) => `${f.name}: ${f.value}`),
          })}\n`,
        );
        expect(t3.figures.find((f) => f.name.includes('looks of the core listing the node'))?.value).toBeGreaterThan(0);
      },
    );

    it.sequential(
      "control: the operator's pull never reaches the core (the twin's bay alone, its BMC shows it empty): T3 FAIL, the core never let go",
      async () => {
        const { code, t3 } = await operatorProbe(b, { node: 'node3', slot: 11 }, 'twin-only', join(b.dir, 'out-pull-twin'));
        expect(code).toBe(1);
        expect(t3.status, t3.reasons.join('\n')).toBe('FAIL');
        expect(t3.reasons.join('\n')).toMatch(
          /did not let go of the pulled disk \(node3 slot 11, watched as \S*\/bay11\/? by the target's diskPaths\)/,
        );
      },
    );

    it.sequential(
      'control: the operator answers done and pulls nothing: the step was not carried out, T3 INCONCLUSIVE, the core not blamed',
      async () => {
        const { code, text, t3, events } = await operatorProbe(b, { node: 'node1', slot: 3 }, 'none', join(b.dir, 'out-pull-none'));
        expect(code, text).toBe(0);
        expect(t3.status, t3.reasons.join('\n')).toBe('INCONCLUSIVE');
        expect(t3.reasons.join('\n')).toMatch(/qa-wang answered done, but the BMC never showed node1 slot 03 empty/);
        expect(eventsOf(events, 'operator.step').map((e) => e.step)).toEqual(['pull']);
      },
    );

    it.sequential(
      'probe --unplug: the operator pulls the cable of the node whose locate LED is lit and puts it back; the switch shows the port down and up, the core lists the node disconnected and connected again; T9 PASS',
      async () => {
        const port = loadTarget(b.targetFile).nodes[0]!.switchPort!;
        const { code, text, t9, events } = await operatorProbe(b, { node: 'node1' }, 'core', join(b.dir, 'out-unplug'));
        expect(code, text).toBe(0);
        expect(t9?.status, t9?.reasons.join('\n')).toBe('PASS');
        expect(eventsOf(events, 'operator.step').map((e) => `${e.step} ${e.answer} ${e.who}`)).toEqual([
          'unplug done qa-wang',
          'replug done qa-wang',
        ]);
        expect(eventsOf(events, 'field.port').map((e) => `${e.switchPort} ${e.state}`)).toEqual([
          `${port} UP`,
          `${port} DOWN`,
          `${port} UP`,
        ]);
        expect(eventsOf(events, 'field.redfish').map((e) => `${e.action} ${e.status}`)).toEqual([
          'Chassis LocationIndicatorActive true 200',
          'Chassis LocationIndicatorActive false 200',
        ]);
        const end = eventsOf(events, 'link.end')[0]!;
        expect(end.detectedAfterSeconds).toBeGreaterThan(0);
        expect(end.reconnectedAfterSeconds).toBeGreaterThanOrEqual(0);
        expect(end.connectedAtEnd).toBe(true);
        process.stderr.write(
          `field cable figures: ${JSON.stringify({
            detectedAfterSeconds: end.detectedAfterSeconds,
            reconnectedAfterSeconds: end.reconnectedAfterSeconds,
            downSeconds: end.downSeconds,
            t9: t9?.figures.map((f) => `${f.name}: ${f.value}`),
          })}\n`,
        );
      },
    );

    it.sequential(
      "control: the operator's cable pull never reaches the core (the switch twin's port alone shows it down, the real link stays): T9 INCONCLUSIVE, the loss did not take effect",
      async () => {
        // the master never notices here: the cable stays out the whole detectTimeoutSeconds, 12 s for this test
        const shortHold = profileWith(b, 'profile-short-hold.json', (p) => (p.faults.linkLoss.detectTimeoutSeconds = 12));
        const { code, text, t9 } = await operatorProbe(b, { node: 'node2' }, 'twin-only', join(b.dir, 'out-unplug-twin'), shortHold);
        expect(code, text).toBe(0);
        expect(t9?.status, t9?.reasons.join('\n')).toBe('INCONCLUSIVE');
        expect(t9?.reasons.join('\n')).toMatch(/the master never listed node2 disconnected: the link loss did not take effect/);
      },
    );

    it.sequential(
      'probe --pull while a folder keeps its chunks at one copy (goal 1, stable to the core): refused before any LED or step, T3 INCONCLUSIVE with the reason',
      async () => {
        const single = join(loadTarget(b.targetFile).mount, `goal-one-${process.pid}`);
        mkdirSync(single);
        // goal 1 before the data: its chunks are made with one copy; no trash, so they go with the folder
        await run('mfssetgoal', ['1', single]);
        await run('mfssettrashtime', ['0', single]);
        writeFileSync(join(single, 'f'), Buffer.alloc(1 << 20, 7));
        try {
          const { code, text, t3, events } = await operatorProbe(b, { node: 'node1', slot: 5 }, 'none', join(b.dir, 'out-pull-goal1'));
          expect(code, text).toBe(0);
          expect(t3.status, t3.reasons.join('\n')).toBe('INCONCLUSIVE');
          expect(t3.reasons.join('\n')).toMatch(
            /disk-pull of node1 slot 05 refused: the core keeps [1-9]\d* chunks at one copy \(their goal is 1; deleted files in its trash count too\)/,
          );
          expect(eventsOf(events, 'operator.step')).toEqual([]);
          expect(eventsOf(events, 'field.redfish')).toEqual([]);
        } finally {
          rmSync(single, { recursive: true, force: true });
        }
      },
    );

    it.sequential(
      "trial --target: a calendar day's checks read the core's disk list (every disk in service: PASS); a disk the core let go of (pulled by the rack's hands) FAILs and is that day's problem",
      async () => {
        await untilAtGoal(b);
        const healthy = await fieldTrialDay(b, join(b.dir, 'trial-healthy'));
        expect(healthy.r.code, healthy.r.out).toBe(0);
        expect(healthy.checks.disks!.status, healthy.checks.disks!.reasons.join('; ')).toBe('PASS');
        expect(healthy.health.core?.disks).toHaveLength(3 * 48);
        // the core's list is measured, the twins' drives are not: the check says it rests on both
        expect(healthy.checks.disks!.nature).toBe('mixed');
        expect(healthy.checks.T3!.status).toBe('INCONCLUSIVE');
        expect(healthy.j.days[0]!.incidents).toEqual([]);
        const handsUrl = /POST (http:\/\/127\.0\.0\.1:\d+)\/pull/.exec(b.upLog)![1]!;
        const pull = { node: 'node2', slot: 9 };
        const pulled = await fetch(`${handsUrl}/pull`, { method: 'POST', body: JSON.stringify(pull) });
        expect(pulled.status, await pulled.text()).toBe(200);
        try {
          const broken = await fieldTrialDay(b, join(b.dir, 'trial-pulled'));
          expect(broken.r.code, broken.r.out).toBe(1);
          expect(broken.checks.disks!.status).toBe('FAIL');
          expect(broken.checks.disks!.reasons.join('\n')).toMatch(/the core lists \S+bay09\S* not in service/);
          expect(broken.j.days[0]!.incidents.map((i) => [i.id, i.clause, i.nature])).toContainEqual(['d1-disks-fail', 'P4', 'measured']);
        } finally {
          const back = await fetch(`${handsUrl}/insert`, { method: 'POST', body: JSON.stringify(pull) });
          expect(back.status, await back.text()).toBe(200);
        }
        await untilAtGoal(b);
      },
    );

    coreDownLeavesNothing(b);
  });
});
