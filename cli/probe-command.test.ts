// `accept probe` on the command line, against a local folder as the storage and a BMC that
// refuses connections: bad input refused in one line before anything is read or written,
// --dry-run touches nothing, Ctrl-C removes the run's test data before the exit.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../lib/paths';
import { leakedSecrets } from './probe-command';
import { mountedScratch } from '../lib/test-scratch';

const ACCEPT = join(REPO_ROOT, 'bin', 'accept.mjs');

function accept(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [ACCEPT, ...args], { env });
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (out += d));
    c.on('exit', (code) => resolve({ code, out }));
  });
}

function localTarget(o: Record<string, unknown> = {}): { dir: string; mount: string; target: string } {
  const dir = mkdtempSync(join(mountedScratch(), 'probe-cli-'));
  const mount = join(dir, 'mount');
  mkdirSync(join(mount, 'existing-recordings'), { recursive: true });
  const target = join(dir, 'target.json');
  writeFileSync(
    target,
    JSON.stringify({
      format: 1,
      name: 'local folder',
      mount,
      core: { kind: 'probe-only' },
      nodes: [{ name: 'node1', bmc: { url: 'http://127.0.0.1:9' } }],
      ...o,
    }),
  );
  return { dir, mount, target };
}

describe('accept probe on the command line', () => {
  it('refuses a target file that is not valid, in one line naming the field, exit 2', async () => {
    const { target, dir } = localTarget({ mount: 'relative/path' });
    const r = await accept(['probe', '--target', target, '-o', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/is not a valid target file:\n {2}mount: an absolute path/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('a credential variable the target names but the shell lacks: exit 2 in one line, before anything is read or written', async () => {
    const { target, dir, mount } = localTarget({
      nodes: [
        {
          name: 'node1',
          bmc: { url: 'http://127.0.0.1:9', credentials: { userEnv: 'ACCEPT_T_BMC_USER', passwordEnv: 'ACCEPT_T_BMC_PASSWORD' } },
        },
      ],
    });
    const r = await accept(['probe', '--target', target, '-o', join(dir, 'out')], { ...process.env, ACCEPT_T_BMC_USER: 'admin' });
    expect(r.code).toBe(2);
    expect(r.out.trim()).toMatch(
      /^accept: http:\/\/127\.0\.0\.1:9: the target names ACCEPT_T_BMC_PASSWORD for its credentials, unset here$/,
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(readdirSync(mount)).toEqual(['existing-recordings']);
  });

  it('--dry-run prints the plan and the checks, and reads and writes nothing', async () => {
    const { target, dir, mount } = localTarget();
    const r = await accept(['probe', '--target', target, '--dry-run', '--seconds', '10', '-o', join(dir, 'out')]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/nothing is read or written/);
    expect(r.out).toMatch(/read storage-node node1 at http:\/\/127\.0\.0\.1:9/);
    expect(r.out).toMatch(/for at most 10 s or 2048 MiB under .*accept-harness-test/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(readdirSync(mount)).toEqual(['existing-recordings']);
    expect(r.out).toMatch(/open none of the site's own files \(--read-existing FOLDER reads some\)/);
    const reading = await accept([
      'probe',
      '--target',
      target,
      '--dry-run',
      '--read-existing',
      'existing-recordings/',
      '--read-existing-mib',
      '64',
    ]);
    expect(reading.code, reading.out).toBe(0);
    expect(reading.out).toMatch(
      /read the site's recordings under \S+\/mount\/existing-recordings \(at most 64 MiB, files in path order\) before the load and again after it/,
    );
  });

  it('--pull, --unplug and --connect: a malformed slot, a probe-only core, a node without its address or switch port, a target without a switch, two faults at once: exit 2 in one line, nothing written', async () => {
    const { target, dir } = localTarget();
    const moosefs = localTarget({ core: { kind: 'moosefs', master: '127.0.0.1:9421' } });
    const addressedRaw = {
      core: { kind: 'moosefs', master: '127.0.0.1:9421' },
      nodes: [{ name: 'node1', address: '10.0.0.2', diskPaths: { '3': '/mfs/bays/bay03/' }, bmc: { url: 'http://127.0.0.1:9' } }],
    };
    const addressed = { ...localTarget(addressedRaw), raw: addressedRaw };
    const sw = { url: 'http://127.0.0.1:9' };
    const switched = localTarget({ ...addressed.raw, switch: sw });
    const onMaster = localTarget({
      ...addressed.raw,
      core: { kind: 'moosefs', master: '10.0.0.2:9421' },
      switch: sw,
      nodes: [{ ...addressed.raw.nodes[0], switchPort: 'GE1/0/1' }],
    });
    const ported = localTarget({ ...addressed.raw, switch: sw, nodes: [{ ...addressed.raw.nodes[0], switchPort: 'GE1/0/1' }] });
    const joining = localTarget({
      ...addressed.raw,
      nodes: [...addressed.raw.nodes, { name: 'node4', joining: true, bmc: { url: 'http://127.0.0.1:9' } }],
    });
    const joiningProbeOnly = localTarget({ nodes: [{ name: 'node4', joining: true, bmc: { url: 'http://127.0.0.1:9' } }] });
    const cases = [
      [target, ['--pull', 'node1'], /--pull node1: NODE:SLOT, e\.g\. node1:7/],
      [target, ['--pull', 'node1:3'], /--pull node1:3: the target's core is probe-only/],
      [moosefs.target, ['--pull', 'node1:3'], /--pull node1:3: .* gives no address for node1/],
      [addressed.target, ['--pull', 'node1:3', '--power-loss', 'node1'], /--power-loss and --pull: one fault per probe/],
      [addressed.target, ['--pull', 'node1:4'], /maps slots of node1 to the core's disks \(diskPaths\) but not slot 4/],
      [addressed.target, ['--unplug', 'node1', '--pull', 'node1:3'], /--pull and --unplug: one fault per probe/],
      [addressed.target, ['--unplug', 'node9'], /--unplug node9: no node node9 in .* \(its nodes: node1\)/],
      [target, ['--unplug', 'node1'], /--unplug node1: the target's core is probe-only/],
      [
        addressed.target,
        ['--unplug', 'node1'],
        /--unplug node1: .* names no switch: the cable's effect is watched on its management interface/,
      ],
      [switched.target, ['--unplug', 'node1'], /--unplug node1: .* gives no switch port for node1 \(nodes\[\]\.switchPort/],
      [onMaster.target, ['--unplug', 'node1'], /--unplug node1: node1 at 10\.0\.0\.2 runs the master \(10\.0\.0\.2:9421\)/],
      [
        addressed.target,
        ['--unplug', 'node1', '--pull', 'node1:3', '--power-loss', 'node1'],
        /--power-loss, --pull and --unplug: one fault/,
      ],
      [joining.target, ['--connect', 'node1'], /--connect node1: .* does not mark node1 joining \(nodes\[\]\.joining: true/],
      [joining.target, ['--connect', 'node9'], /--connect node9: no node node9 in .* \(its nodes: node1, node4\)/],
      [joining.target, ['--connect', 'node4', '--unplug', 'node1'], /--unplug and --connect: one fault per probe/],
      [joiningProbeOnly.target, ['--connect', 'node4'], /--connect node4: the target's core is probe-only/],
      [joining.target, ['--power-loss', 'node4'], /--power-loss node4: .* gives no address for node4/],
      [target, ['--restart', 'node1'], /--restart node1: the target's core is probe-only/],
      [addressed.target, ['--restart', 'node1', '--power-loss', 'node1'], /--power-loss and --restart: one fault per probe/],
      [target, ['--read-existing', '/srv/recordings'], /--read-existing \/srv\/recordings: a folder under the mount, relative to it/],
      [target, ['--read-existing', '../elsewhere'], /--read-existing \.\.\/elsewhere: a folder under the mount, relative to it/],
      [target, ['--read-existing', 'accept-harness-test/x'], /that is the harness's own test folder, not the site's recordings/],
      [target, ['--read-existing', 'no-such-folder'], /--read-existing no-such-folder: \S+no-such-folder is not a folder/],
      [target, ['--read-existing', 'existing-recordings', '--read-existing-mib', '0'], /--read-existing-mib 0: whole MiB, 1 to 1048576/],
    ] as const;
    // each refusal a process of its own, all at once (a process costs about 1.2 s of start-up here)
    const [plan, cablePlan, connectPlan, ...refused] = await Promise.all([
      accept(['probe', '--target', addressed.target, '--pull', 'node1:3', '--operator', 'qa-wang', '--dry-run']),
      accept(['probe', '--target', ported.target, '--unplug', 'node1', '--operator', 'qa-wang', '--dry-run']),
      accept(['probe', '--target', joining.target, '--connect', 'node4', '--operator', 'qa-wang', '--dry-run']),
      ...cases.map(([file, args]) => accept(['probe', '--target', file, ...args, '-o', join(dir, 'out')])),
    ]);
    cases.forEach(([, , why], i) => {
      expect(refused[i]!.code, refused[i]!.out).toBe(2);
      expect(refused[i]!.out).toMatch(why);
    });
    expect(existsSync(join(dir, 'out'))).toBe(false);
    // the plan names the step, the LED and what is timed from what
    // a MooseFS target whose mount is no MooseFS client mount of its master: the plan shown, then refused (exit 2)
    for (const p of [plan, cablePlan, connectPlan]) {
      expect(p.code, p.out).toBe(2);
      expect(p.out).toMatch(
        /mount check: mount \S+ is tmpfs from tmpfs, mounted on \S+: not a MooseFS client mount \(mfsmount\) of the target's master/,
      );
    }
    expect(plan.out).toMatch(/light the locate LED of node1 slot 3 .* ask qa-wang on this terminal to pull that disk/);
    expect(plan.out).toMatch(/time from the BMC showing the slot empty to the core letting go of \/mfs\/bays\/bay03\//);
    expect(cablePlan.out).toMatch(
      /light the locate LED of node1 .* ask qa-wang on this terminal to pull its network cable out of switch port GE1\/0\/1/,
    );
    expect(cablePlan.out).toMatch(/time from the switch showing the port down to the core listing 10\.0\.0\.2 disconnected/);
    expect(connectPlan.out).toMatch(/ask qa-wang on this terminal to connect node4 to the storage network and power it on/);
    expect(connectPlan.out).toMatch(
      /time from its BMC showing PowerState On \(T8's add\) to the core listing a storage node it did not list before/,
    );
    // 20 processes of about 1.2 s of start-up each on 2 cores, beside whatever else runs
  }, 90_000);

  it('SIGINT while the cameras write: exit 130, the test folder gone, what the mount held before untouched', async () => {
    const { dir, mount, target } = localTarget();
    const child = spawn(
      process.execPath,
      [ACCEPT, 'probe', '--target', target, '--seconds', '120', '--timeout', '500', '--no-pdf', '-o', join(dir, 'out')],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const testRoot = join(mount, 'accept-harness-test');
    const t0 = Date.now();
    const segments = () =>
      existsSync(testRoot) ? readdirSync(testRoot, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0;
    while (segments() < 5) {
      if (child.exitCode !== null || Date.now() - t0 > 60_000) throw new Error(`the probe wrote nothing:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    child.kill('SIGINT');
    expect(await exited, out).toBe(130);
    expect(existsSync(testRoot), out).toBe(false);
    expect(readdirSync(mount)).toEqual(['existing-recordings']);
    expect(out).toMatch(/test data removed: \d+ files/);
  }, 90_000);
});

describe('the run folder searched for credentials', () => {
  it('finds a password written raw, escaped in JSON or in HTML, and names the file; nothing in a clean folder', () => {
    const dir = mkdtempSync(join(mountedScratch(), 'leak-'));
    const secret = 'pa"ss<wörd>';
    mkdirSync(join(dir, 'charts'));
    writeFileSync(join(dir, 'clean.txt'), 'nothing here');
    expect(leakedSecrets(dir, [secret])).toEqual([]);
    writeFileSync(join(dir, 'history.jsonl'), JSON.stringify({ error: `login ${secret} refused` }));
    writeFileSync(join(dir, 'charts', 'r.html'), '<p>pa&quot;ss&lt;wörd&gt;</p>');
    writeFileSync(join(dir, 'raw.log'), `x ${secret} y`);
    expect(leakedSecrets(dir, [secret]).sort()).toEqual(['charts/r.html', 'history.jsonl', 'raw.log']);
  });
});
