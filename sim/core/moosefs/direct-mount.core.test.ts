// The read path on the real core: a read-back through the direct mount (mfscachemode=DIRECT)
// is served by the chunkservers every time, measured as bytes the chunkservers send on
// their network interfaces, while the default mount answers a repeated read from the
// host's page cache. And a read stuck in mfsmount (every chunkserver gone) does not keep
// anything alive: stopping the cluster with abort ends the reader, the run's mfsmount and
// its mounts within seconds.
import { spawn } from 'node:child_process';
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { workRoot } from '../../../lib/paths';
import { run } from '../../exec';
import { fillPseudoRandom } from '../../../lib/random';
import { fuseMountsUnder, fuseClientsUnder } from '../../topology/fuse';
import { MooseCluster } from './cluster';
import { containerNameOf } from '../node-containers';

const MiB = 1 << 20;
const SIZE = 16 * MiB;
const runId = `direct-${Date.now().toString(36)}`;
const runDir = join(workRoot(), 'runs', runId);
let cluster: MooseCluster;
const figures: Record<string, number | string> = {};

/** bytes every chunkserver has sent on its interface so far */
async function chunkserversTx(): Promise<number> {
  const tx = await Promise.all(
    cluster.nodes.map((n) => run('docker', ['exec', containerNameOf(runId, n.name), 'cat', '/sys/class/net/eth0/statistics/tx_bytes'])),
  );
  return tx.reduce((s, r) => s + Number(r.stdout.trim()), 0);
}

async function txOfRead(path: string): Promise<number> {
  const before = await chunkserversTx();
  const bytes = readFileSync(path);
  expect(bytes.length).toBe(SIZE);
  return (await chunkserversTx()) - before;
}

describe('read path on the real core', () => {
  beforeAll(async () => {
    cluster = await MooseCluster.start({
      runId,
      runDir,
      image: inject('coreImage'),
      goal: 2,
      nodes: [1, 2].map((n) => ({ name: `node${n}`, bays: 4, baySizeMiB: 1024 })),
    });
  });
  afterAll(async () => {
    await cluster?.stop({ abort: true });
    process.stderr.write(`read path figures: ${JSON.stringify(figures)}\n`);
  });

  it('the direct mount reads from the chunkservers every time; the default mount answers a repeat from the host cache', async () => {
    const buf = Buffer.alloc(SIZE);
    fillPseudoRandom(buf, 7);
    const fd = openSync(join(cluster.mountPoint, 'f'), 'w');
    writeSync(fd, buf);
    fsyncSync(fd);
    closeSync(fd);
    // the default mount: the first read may go to the servers, the repeat must not need to
    await txOfRead(join(cluster.mountPoint, 'f'));
    figures.cachedRepeatMiB = (await txOfRead(join(cluster.mountPoint, 'f'))) / MiB;
    figures.direct1MiB = (await txOfRead(join(cluster.directMountPoint, 'f'))) / MiB;
    figures.direct2MiB = (await txOfRead(join(cluster.directMountPoint, 'f'))) / MiB;
    expect(cluster.readMount.options).toContain('mfscachemode=DIRECT');
    expect(figures.cachedRepeatMiB as number).toBeLessThan(SIZE / MiB / 4);
    expect(figures.direct1MiB as number).toBeGreaterThanOrEqual(SIZE / MiB);
    expect(figures.direct2MiB as number).toBeGreaterThanOrEqual(SIZE / MiB);
  });

  it('a read stuck in mfsmount (every chunkserver gone) ends when the cluster stops with abort; no mfsmount or mount is left', async () => {
    for (const n of cluster.nodes) await cluster.killNode(n.name);
    const reader = spawn('cat', [join(cluster.directMountPoint, 'f')], { stdio: 'ignore' });
    const exited = new Promise<number>((r) => reader.on('exit', () => r(Date.now())));
    // the reader waits in mfsmount's retry loop (uninterruptible once mfsmount has the request)
    await new Promise((r) => setTimeout(r, 5_000));
    const state = () => readFileSync(`/proc/${reader.pid}/stat`, 'utf8').split(') ')[1]?.[0] ?? '?';
    figures.readerState = state();
    expect(reader.exitCode).toBeNull();
    reader.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 1_000));
    figures.readerStateAfterSigkill = state();
    // SIGKILL does not end a read mfsmount already has
    expect(reader.exitCode === null && reader.signalCode === null).toBe(true);
    const t0 = Date.now();
    await cluster.stop({ abort: true });
    const stopSeconds = (Date.now() - t0) / 1000;
    const readerEndSeconds =
      ((await Promise.race([exited, new Promise<number>((r) => setTimeout(() => r(Infinity), 10_000))])) - t0) / 1000;
    Object.assign(figures, { stopSeconds, readerEndSeconds });
    expect(stopSeconds).toBeLessThan(30);
    expect(readerEndSeconds).toBeLessThan(30);
    expect(fuseClientsUnder(runDir)).toEqual([]);
    expect(fuseMountsUnder(runDir)).toEqual([]);
  });
});
