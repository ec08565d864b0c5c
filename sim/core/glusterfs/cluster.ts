// The second core: a real GlusterFS 10.3 cluster in local containers (issue 14).
// GlusterFS has no master. Every storage node runs glusterd; the management server (the
// contract's own, MASTER here) runs a glusterd with no bricks, from which the volume is
// made and asked, and from which the recording servers fetch the volume's layout. One brick
// per bay, replica sets of `goal` bricks across distinct nodes (replica-sets.ts), brick
// multiplexing on (one brick process per node); the host mounts the volume with the FUSE
// client, as the recording server would. A file is GlusterFS's unit of placement: where
// the adapter's interface says chunk, this core answers for whole files (chunk index 0).
import { closeSync, existsSync, mkdirSync, openSync, statSync, statfsSync, unlinkSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createConnection } from 'node:net';
import { basename, dirname, join } from 'node:path';
import type { StartedTestContainer } from 'testcontainers';
import type { BindMode } from 'testcontainers/build/types';
import { run } from '../../exec';
import { sleep, withinMs } from '../../clock';
import { prepareBays } from '../../topology/bays';
import { runLabels } from '../../topology/labels';
import { onCleanup } from '../../topology/cleanup';
import { claimRunDir } from '../../topology/reaper';
import { ContainerCluster, SwitchNetwork, containerNameOf, newCoreContainer, type ContainerNode } from '../node-containers';
import {
  NotProvided,
  type ChunkHealthCounts,
  type ChunkPlacementOfFile,
  type CoreDiskView,
  type CoreOption,
  type CoreStartSpec,
  type FileWithoutCopy,
  type NodeState,
  type PreparedNode,
  type RemovalState,
  type Seen,
  type StartedNode,
  type StorageCore,
  type StorageNodeSpec,
} from '../adapter';
import { GLUSTER_BAY_ROOT } from './image';
import {
  brickStatuses,
  healInfo,
  poolList,
  quotaLimit,
  reconfiguredOptions,
  volumeLayout,
  type BrickStatus,
  type HealEntries,
} from './cli';
import { replicaSets } from './replica-sets';
import { copiesOfFiles, type BrickFiles } from './copies';
import { nodeListingArgs, parseNodeListing } from './node-listing';
import { freshShared } from '../../../lib/fresh-shared';

/**
 * The disk holding `dir` takes a change now: a file made and removed beside it. A filesystem shut
 * down (a disk pulled while mounted) still lists a cached folder but refuses to create (EIO);
 * an empty bay's bare mount point is immutable (EPERM). Not a sync: nothing unflushed is written out.
 */
function takesChanges(dir: string): boolean {
  const probe = join(dirname(dir), `.accept-probe-${process.pid}-${randomUUID()}`);
  try {
    closeSync(openSync(probe, 'wx'));
    return true;
  } catch {
    return false;
  } finally {
    try {
      unlinkSync(probe);
    } catch {
      // never made, or its disk shut down meanwhile (then the disk goes with it)
    }
  }
}

/** glusterd's management port, which clients fetch the volume's layout from */
const GLUSTERD_PORT = 24007;

/** a TCP connection to address:port is accepted within timeoutMs (then closed at once) */
function portAnswers(address: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: address, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** the one volume the recording servers write to */
export const VOLUME = 'recordings';

/** glusterd's refusal while another transaction holds the volume's lock */
const BUSY = /Another transaction is in progress/;

/** how long a brick just reset onto its disk is left to start before a rescan may reset it again */
const RESET_SETTLE_MS = 30_000;

/** how long one gluster CLI call may take (a peer that does not answer makes glusterd wait its own 120 s otherwise) */
const CLI_MS = 30_000;

/** the reasons this core refuses what the interface asks (issue 14: said, never a silent PASS) */
const NOT_PROVIDED = {
  setFolderGoal:
    'GlusterFS keeps every file of a volume in its replica count: a folder cannot keep another number of copies (a volume of its own would)',
  addNode:
    'GlusterFS adds bricks in whole replica sets, each set across distinct nodes: one node alone joins a replicated volume only with bricks of other nodes moved to it (replace-brick, a data migration) or together with a second new node',
  prepareNode: 'see addNode',
  powerOnNode: 'see addNode',
  markDisksForRemoval:
    'GlusterFS removes bricks in whole replica sets, which span nodes: one node is emptied only by replace-brick of each of its bricks onto other nodes',
  removalState: 'see markDisksForRemoval',
  forgetNode: 'a node leaves (peer detach) only once no brick of the volume is on it: see markDisksForRemoval',
  removeNode: 'see markDisksForRemoval',
} as const satisfies Partial<Record<keyof StorageCore, string>>;

/** The files a brick holds, one line each in find's `format`, read on the host (DHT's link files, mode ---------T, point to where a file lives: no copies) */
const listBrick = (dir: string, format: string) =>
  // -ignore_readdir_race: a file deleted while it is listed (retention) is no error of the disk
  run(
    'find',
    [dir, '-ignore_readdir_race', '-path', `${dir}/.glusterfs`, '-prune', '-o', '-type', 'f', '!', '-perm', '1000', '-printf', format],
    {
      timeoutMs: 60_000,
      allowFailure: true,
    },
  );

export class GlusterCluster extends ContainerCluster implements StorageCore {
  readonly name = 'GlusterFS';
  readonly notProvided: Partial<Record<keyof StorageCore, string>> = NOT_PROVIDED;
  version = 'unknown';
  masterArch = 'unknown';
  readonly mountPoint: string;
  /** a second mount with direct I/O: read-backs reach the bricks, not the host's page cache */
  protected readonly directMountPoint: string;
  private mgmt!: StartedTestContainer;
  private mgmtIp = '';
  /** the volume's options as `volume create` wrote them, before the harness set any (what the core ships) */
  private shippedOptions = new Map<string, string>();
  /** cluster-wide options the harness set (`volume set all`) */
  private clusterOptions = new Map<string, string>();

  private constructor(private readonly spec: CoreStartSpec) {
    super(spec.runId, GLUSTER_BAY_ROOT);
    this.mountPoint = join(spec.runDir, 'mnt');
    this.directMountPoint = join(spec.runDir, 'mnt-direct');
  }

  get runDir(): string {
    return this.spec.runDir;
  }
  get masterAddress(): string {
    return this.mgmtIp;
  }
  get readMount(): { path: string; options: string[] } {
    return { path: this.directMountPoint, options: ['direct-io-mode=enable'] };
  }

  static async start(spec: CoreStartSpec): Promise<GlusterCluster> {
    const c = new GlusterCluster(spec);
    for (const n of spec.nodes) {
      if (n.arch && n.arch !== 'amd64' && !n.archOptional) throw new Error(`${n.name}: the GlusterFS image is built for amd64 only`);
      if (n.defect) throw new NotProvided('GlusterFS', `the '${n.defect}' defect`, 'the negative controls break the reference core only');
    }
    if (spec.masterDefect)
      throw new NotProvided('GlusterFS', `the '${spec.masterDefect}' defect`, 'the negative controls break the reference core only');
    claimRunDir(spec.runDir);
    c.releases.push(onCleanup(`cluster ${spec.runId}`, () => c.stop({ abort: true })));
    const disks = Promise.allSettled(spec.nodes.map((n) => c.prepareBaysOf(n)));
    try {
      c.network = await SwitchNetwork.create(spec.runId);
      c.mgmt = await c.startContainer('master', spec.image, null);
      c.mgmtIp = c.mgmt.getIpAddress(c.network.name);
    } finally {
      await disks;
    }
    const settled = await disks;
    const failed = settled.flatMap((d) => (d.status === 'rejected' ? [d.reason as Error] : []));
    if (failed.length)
      throw new AggregateError(failed, `disks of ${failed.length} node(s) not prepared: ${failed.map((e) => e.message).join('; ')}`);
    await Promise.all(
      spec.nodes.map(async (n, i) => {
        const prepared = (settled[i] as PromiseFulfilledResult<PreparedNode>).value;
        c.handles.push(await c.startNode(n, prepared));
      }),
    );
    c.handles.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
    await c.untilGlusterdAnswers(c.mgmt);
    c.version = (await c.exec(c.mgmt, ['glusterd', '--version'])).match(/glusterfs (\d+\.\d+)/)?.[1] ?? 'unknown';
    c.masterArch = (await c.exec(c.mgmt, ['uname', '-m'])).trim() || 'unknown';
    await c.makeVolume();
    await c.mount();
    return c;
  }

  protected log(msg: string) {
    this.spec.log?.(msg);
  }

  private async prepareBaysOf(spec: StorageNodeSpec): Promise<PreparedNode> {
    const dir = join(this.spec.runDir, 'nodes', spec.name);
    return { dir, disks: await prepareBays(dir, spec.bays, spec.baySizeMiB) };
  }

  /** a glusterd container: the management server (no bays) or a storage node (its bays bound in) */
  private async startContainer(name: string, image: string, node: { spec: StorageNodeSpec; dir: string } | null) {
    const net = this.network!;
    let c = (await newCoreContainer(image))
      .withRestartOnFailure(this.spec.restartOnFailure ?? true)
      .withInit()
      // bricks keep their identity in trusted.* attributes, which need CAP_SYS_ADMIN
      .withAddedCapabilities('SYS_ADMIN')
      // the quota commands mount the volume inside the node that runs them
      .withFuse()
      .withName(containerNameOf(this.spec.runId, name))
      .withStaticIp(net.name, net.allocateIp())
      .withLabels(runLabels(this.spec.runId, node ? `node:${name}` : 'master'))
      .withEnvironment({
        BAY_ROOT: GLUSTER_BAY_ROOT,
        ...(node?.spec.preload ? { ACCEPT_PRELOAD: `/accept/preload/${node.spec.preload.library}` } : {}),
      })
      .withStartupTimeout(120_000);
    if (node) {
      // rslave: bays mounted or unmounted on the host later appear/vanish inside too
      c = c.withBindMounts([
        { source: join(node.dir, 'bays'), target: GLUSTER_BAY_ROOT, mode: 'rw,rslave' as BindMode },
        ...(node.spec.preload ? [{ source: node.spec.preload.hostDir, target: '/accept/preload', mode: 'rw' as BindMode }] : []),
      ]);
      if (node.spec.cpus || node.spec.memoryMiB)
        c = c.withResourcesQuota({ cpu: node.spec.cpus, memory: node.spec.memoryMiB ? node.spec.memoryMiB / 1024 : undefined });
    }
    return c.start();
  }

  private async startNode(spec: StorageNodeSpec, prepared: PreparedNode): Promise<ContainerNode> {
    const container = await this.startContainer(spec.name, this.spec.image, { spec, dir: prepared.dir });
    const arch = (await this.exec(container, ['uname', '-m'])).trim() || 'unknown';
    return {
      name: spec.name,
      address: container.getIpAddress(this.network!.name),
      bays: spec.bays,
      arch,
      container,
      dir: prepared.dir,
      disks: prepared.disks,
      spec,
      image: this.spec.image,
      archNote:
        spec.arch && spec.arch !== 'amd64' ? `asked for ${spec.arch}, runs as amd64: the GlusterFS image is built for amd64 only` : null,
    };
  }

  /** a command in a container, bounded; its output, or an error with it */
  private async exec(c: StartedTestContainer, cmd: string[], timeoutMs = CLI_MS): Promise<string> {
    const r = await withinMs(c.exec(cmd), timeoutMs, `${cmd.slice(0, 4).join(' ')} (run ${this.spec.runId})`);
    if (r.exitCode !== 0) throw new Error(`${cmd.join(' ').slice(0, 160)} exited ${r.exitCode}: ${r.output.trim().slice(-400)}`);
    return r.output;
  }

  /**
   * The gluster CLI on the management server (`--mode=script`: no question asked). glusterd runs
   * one transaction per volume at a time and refuses another meanwhile (answered with exit 0 in
   * XML): such a refusal is asked again, within the same time bound.
   */
  private async gluster(args: string[], timeoutMs = CLI_MS): Promise<string> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const left = until - Date.now();
      const seconds = Math.max(1, Math.floor(left / 1000) - 1);
      const attempt = this.exec(this.mgmt, ['gluster', '--mode=script', `--timeout=${seconds}`, ...args], left);
      const out = await attempt.catch((e: Error) => {
        if (!BUSY.test(e.message) || Date.now() > until - 1_000) throw e;
        return null;
      });
      if (out !== null && !BUSY.test(out)) return out;
      if (Date.now() > until - 1_000)
        throw new Error(`gluster ${args.join(' ')}: the volume stayed busy for ${timeoutMs / 1000} s (${out?.trim().slice(0, 200)})`);
      await sleep(500);
    }
  }

  private async untilGlusterdAnswers(c: StartedTestContainer, timeoutMs = 60_000): Promise<void> {
    const t0 = Date.now();
    for (;;) {
      const r = await withinMs(c.exec(['gluster', '--mode=script', '--timeout=5', 'pool', 'list']), 10_000, 'glusterd').catch(() => null);
      if (r?.exitCode === 0) return;
      if (Date.now() - t0 > timeoutMs)
        throw new Error(`glusterd did not answer within ${timeoutMs / 1000} s: ${r?.output.trim() ?? 'no answer'}`);
      await sleep(250);
    }
  }

  /** where a bay's brick is, as the volume names it */
  private brickOf(h: ContainerNode, bay: string): string {
    return `${h.address}:${GLUSTER_BAY_ROOT}/${bay}/brick`;
  }

  private bayNames(h: ContainerNode): string[] {
    return h.disks.bays.map((b) => b.mountPoint.split('/').pop()!);
  }

  private async makeVolume(): Promise<void> {
    await Promise.all(this.handles.map((h) => this.untilGlusterdAnswers(h.container)));
    for (const h of this.handles) await this.gluster(['peer', 'probe', h.address]);
    // a volume takes bricks only of peers in the cluster: connected and past the handshake (a peer
    // that cannot reach its prober back stays 'Accepted peer request', connected)
    const joined = async () =>
      (await this.poolList()).filter((p) => p.connected && (p.state === null || p.state === 'Peer in Cluster')).length;
    const t0 = Date.now();
    while ((await joined()) < this.handles.length + 1) {
      if (Date.now() - t0 > 60_000)
        throw new Error(`peers not all in the cluster 60 s after probing: ${JSON.stringify(await this.poolList())}`);
      await sleep(250);
    }
    const { sets, leftOver } = replicaSets(
      this.handles.map((h) => ({ node: h.name, bricks: this.bayNames(h).map((b) => this.brickOf(h, b)) })),
      this.spec.goal,
    );
    if (sets.length === 0) throw new Error(`no replica set of ${this.spec.goal} bricks on distinct nodes can be made of these nodes`);
    if (leftOver.length)
      this.log(`${leftOver.length} bricks left out of the volume: no partner on another node (${leftOver.map((b) => b.brick).join(', ')})`);
    await this.setClusterOption('cluster.brick-multiplex', 'on');
    const replica = this.spec.goal > 1 ? ['replica', String(this.spec.goal)] : [];
    await this.gluster(['volume', 'create', VOLUME, ...replica, ...sets.flat().map((b) => b.brick)], 120_000);
    this.shippedOptions = new Map((await this.volumeOptions()).map((o) => [o.key, o.value]));
    // the self-heal daemon's crawl interval: the counterpart of MooseFS's REPLICATIONS_DELAY_INIT (GlusterFS ships 600 s)
    await this.gluster(['volume', 'set', VOLUME, 'cluster.heal-timeout', String(this.spec.replicationsDelayInit ?? 600)]);
    // a scenario's options are the reference core's (MooseFS's upper-case keys) unless they name a GlusterFS option (dotted)
    const options = Object.entries(this.spec.masterConfig ?? {});
    for (const [k, v] of options.filter(([k]) => k.includes('.'))) await this.gluster(['volume', 'set', VOLUME, k, String(v)]);
    const foreign = options.filter(([k]) => !k.includes('.')).map(([k, v]) => `${k}=${v}`);
    if (foreign.length) this.log(`MooseFS options not applied to GlusterFS: ${foreign.join(', ')}`);
    if (this.spec.mountOptions?.length) this.log(`MooseFS mount options not applied to GlusterFS: ${this.spec.mountOptions.join(', ')}`);
    await this.gluster(['volume', 'start', VOLUME], 120_000);
    await this.untilBricksOnline(sets.flat().length);
    await this.brickFiles(); // every brick listed once: a disk pulled later is answered from it
  }

  private async setClusterOption(key: string, value: string) {
    await this.gluster(['volume', 'set', 'all', key, value]);
    this.clusterOptions.set(key, value);
  }

  private async untilBricksOnline(expected: number, timeoutMs = 120_000): Promise<void> {
    const t0 = Date.now();
    for (;;) {
      const online = (await this.brickStatuses().catch(() => [])).filter((b) => b.online).length;
      if (online >= expected) return;
      if (Date.now() - t0 > timeoutMs)
        throw new Error(`only ${online} of ${expected} bricks online ${timeoutMs / 1000} s after the volume started`);
      await sleep(250);
    }
  }

  private async mount() {
    await this.mountOne(this.mountPoint, []);
    await this.mountOne(this.directMountPoint, this.readMount.options);
  }

  /** the FUSE client on the host, the volume's layout fetched from the management server or, if it is down, a storage node */
  private async mountOne(dir: string, extra: readonly string[]) {
    mkdirSync(dir, { recursive: true });
    const options = [`backup-volfile-servers=${this.handles.map((h) => h.address).join(':')}`, ...extra].join(',');
    await run('mount', ['-t', 'glusterfs', '-o', options, `${this.mgmtIp}:/${VOLUME}`, dir], { timeoutMs: 60_000 });
  }

  // ---- what the core says ------------------------------------------------------------

  private async poolList() {
    return poolList(await this.gluster(['--xml', 'pool', 'list']));
  }

  private async brickStatuses(): Promise<BrickStatus[]> {
    return brickStatuses(await this.gluster(['--xml', 'volume', 'status', VOLUME, 'detail']));
  }

  private async volumeOptions() {
    return reconfiguredOptions(await this.gluster(['--xml', 'volume', 'info', VOLUME]));
  }

  private nodeOfAddress(address: string): ContainerNode | undefined {
    return this.handles.find((h) => h.address === address);
  }

  async nodeSeen(address: string): Promise<Seen> {
    const peer = (await this.poolList()).find((p) => p.host === address);
    return !peer ? 'absent' : peer.connected ? 'connected' : 'disconnected';
  }

  /**
   * The management server answers over the network as the recording servers reach it: its
   * glusterd's port takes a connection from the host (a link cut fails here; the CLI alone runs
   * inside the container and would answer), and its glusterd answers the CLI (a frozen one does not).
   */
  async masterAnswers(timeoutMs = 3_000): Promise<boolean> {
    const t0 = Date.now();
    if (!(await portAnswers(this.mgmtIp, GLUSTERD_PORT, timeoutMs))) return false;
    return this.gluster(['pool', 'list'], Math.max(500, timeoutMs - (Date.now() - t0))).then(
      () => true,
      () => false,
    );
  }

  /** every brick of the volume, online or not as the core sees it (a node that is down is not in `volume status` at all) */
  async diskViews(): Promise<CoreDiskView[]> {
    const { bricks, online } = await this.brickStates();
    const files = await this.brickFiles(bricks);
    const count = new Map(files.map((f) => [f.brick, f.files.length]));
    // the core's own word decides whether a disk serves: a folder the harness cannot read (a disk
    // pulled) is said in the status, but GlusterFS notices only when its brick's health check does
    const stale = new Set(files.filter((f) => f.stale).map((f) => f.brick));
    return bricks.flatMap((b) => {
      const [address, path = ''] = b.brick.split(':');
      const h = this.nodeOfAddress(address!);
      if (!h) return [];
      return [
        {
          node: h.name,
          bay: path.split('/').at(-2) ?? path,
          status: `${online.has(b.brick) ? 'online' : 'offline'}${stale.has(b.brick) ? ', folder unreadable' : ''}`,
          serving: online.has(b.brick),
          chunks: count.get(b.brick) ?? 0,
          lastError: null,
        },
      ];
    });
  }

  /**
   * The volume's bricks and which of them serve, with the entries awaiting a heal. `heal info`
   * answers while a node hangs; `volume status` waits on the hung node and then holds the
   * volume's lock for minutes (seen: 180 s), so it is asked only of a volume with one copy.
   */
  private readonly brickStates = freshShared(() => this.brickStatesNow());
  private async brickStatesNow(): Promise<{
    bricks: { brick: string; set: number }[];
    online: Set<string>;
    heal: HealEntries[];
    splitBrain: HealEntries[];
  }> {
    const bricks = await this.volumeBricks();
    if (this.spec.goal <= 1) {
      const statuses = await this.brickStatuses();
      return { bricks, online: new Set(statuses.filter((s) => s.online).map((s) => s.brick)), heal: [], splitBrain: [] };
    }
    const heal = healInfo(await this.gluster(['--xml', 'volume', 'heal', VOLUME, 'info']));
    // an entry in split-brain is also one awaiting a heal: asked only while some entry awaits one
    const splitBrain = heal.some((h) => h.entries.length > 0)
      ? healInfo(await this.gluster(['--xml', 'volume', 'heal', VOLUME, 'info', 'split-brain']), 'volume heal info split-brain')
      : [];
    return { bricks, online: new Set(heal.filter((h) => h.status === 'Connected').map((h) => h.brick)), heal, splitBrain };
  }

  /** each brick's files when its folder was last read: a brick whose disk is gone is answered from it, its copies unreadable */
  private readonly lastListing = new Map<string, string[]>();

  /**
   * The files on every brick of the volume, listed from the host side of the bays (a node that
   * is down still has its disks), one find per node. A brick whose folder cannot be read (its
   * disk pulled, or failing) is answered from its last listing and marked stale; one never
   * listed rejects: the core's files cannot be told without it. Calls that overlap (one
   * observer poll asks for disks, copies and nodes) share one listing made after each call.
   */
  private async brickFiles(of?: readonly { brick: string; set: number }[]): Promise<BrickFiles[]> {
    const all = await this.listing();
    if (!of) return all;
    const wanted = new Set(of.map((b) => b.brick));
    return all.filter((f) => wanted.has(f.brick));
  }

  private readonly listing = freshShared(async () => this.listBricks(await this.volumeBricks()));

  private async listBricks(bricks: readonly { brick: string; set: number }[]): Promise<BrickFiles[]> {
    const found = new Map<string, string[] | null>();
    await Promise.all(
      this.handles.map(async (h) => {
        const mine = bricks.filter((b) => b.brick.startsWith(`${h.address}:`));
        if (!mine.length || !h.disks.bays.length) return;
        const root = dirname(h.disks.bays[0]!.mountPoint);
        const bays = h.disks.bays.map((b) => basename(b.mountPoint));
        const list = async () =>
          parseNodeListing(
            root,
            bays,
            existsSync(root)
              ? await run('find', nodeListingArgs(root), { timeoutMs: 60_000, allowFailure: true, env: { ...process.env, LC_ALL: 'C' } })
              : { code: 1, stdout: '', stderr: '' },
          );
        let listed = await list();
        // a failure that named no bay (a timeout, say) leaves every bay of the node unreadable: asked once more first
        if ([...listed.values()].every((f) => f === null)) listed = await list();
        for (const b of mine) {
          const bay = b.brick.split('/').at(-2) ?? '';
          // a bay whose disk is out has no brick folder: nothing listed there is not an empty brick
          found.set(b.brick, existsSync(join(root, bay, 'brick')) ? (listed.get(bay) ?? null) : null);
        }
      }),
    );
    return bricks.map((b) => {
      const files = found.get(b.brick);
      if (files) {
        this.lastListing.set(b.brick, files);
        return { brick: b.brick, set: b.set, files };
      }
      const last = this.lastListing.get(b.brick);
      if (!last)
        throw new Error(
          `the files of brick ${b.brick} cannot be told: its folder ${this.hostDirOf(b.brick) ?? '(no bay)'} is unreadable and was never listed`,
        );
      return { brick: b.brick, set: b.set, files: last, stale: true };
    });
  }

  /**
   * The volume's bricks in order, each with its replica set's number. Read once: only `volume
   * create` here sets them (a reset brick keeps its name), and every observer poll asked twice.
   */
  private layout: Promise<{ brick: string; set: number }[]> | null = null;
  private volumeBricks(): Promise<{ brick: string; set: number }[]> {
    this.layout ??= this.gluster(['--xml', 'volume', 'info', VOLUME]).then((xml) => {
      const { bricks, replica } = volumeLayout(xml);
      return bricks.map((brick, i) => ({ brick, set: Math.floor(i / replica) }));
    });
    // a failed reading is not kept: the next call asks again
    this.layout.catch(() => (this.layout = null));
    return this.layout;
  }

  /** the host's folder of a brick ADDRESS:/gluster/bays/bayNN/brick */
  private hostDirOf(brick: string): string | null {
    const [address, path] = brick.split(':');
    const h = this.nodeOfAddress(address!);
    const bay = path?.split('/').at(-2);
    const b = h?.disks.bays.find((x) => x.mountPoint.endsWith(`/${bay}`));
    return b ? join(b.mountPoint, 'brick') : null;
  }

  /** every file's readable copies: on an online brick, holding the file, not awaiting a heal from another brick */
  private async copies() {
    const { bricks, online, heal, splitBrain } = await this.brickStates();
    const files = await this.brickFiles(bricks);
    // a set none of whose bricks could be read now may hold files written since: its files cannot be told
    const sets = new Set(files.map((f) => f.set));
    const blind = [...sets].filter((s) => files.filter((f) => f.set === s).every((f) => f.stale));
    if (blind.length) throw new Error(`no brick of replica set(s) ${blind.join(', ')} can be read now: their files cannot be told`);
    // a brick answered from its last listing has no readable copy, whatever its process says
    const readable = new Set([...online].filter((b) => !files.some((f) => f.brick === b && f.stale)));
    return copiesOfFiles(files, readable, heal, splitBrain);
  }

  async chunkHealth(): Promise<ChunkHealthCounts> {
    const counts = { missing: 0, endangered: 0, undergoal: 0, stable: 0, overgoal: 0, oneCopyByGoal: 0 } satisfies ChunkHealthCounts;
    for (const f of await this.copies()) {
      const n = f.readable.length;
      if (n === 0) counts.missing++;
      else if (n < f.goal) counts[n === 1 ? 'endangered' : 'undergoal']++;
      else if (n === f.goal) counts.stable++;
      else counts.overgoal++;
      if (n === 1 && f.goal === 1) counts.oneCopyByGoal++;
    }
    return counts;
  }

  async filesWithoutCopy(): Promise<FileWithoutCopy[]> {
    return (await this.copies()).filter((f) => f.readable.length === 0).map((f) => ({ path: f.path, chunks: [0] }));
  }

  /** the bay whose brick holds the file (a file is its own chunk: its id is its path) */
  async bayOfChunk(node: string, chunkId: string): Promise<number | null> {
    // a DHT link file (mode ---------T, empty) only points to the brick that holds the file
    const holds = (path: string) => {
      const st = statSync(path, { throwIfNoEntry: false });
      return !!st && st.isFile() && (st.mode & 0o7777) !== 0o1000;
    };
    const b = this.handle(node).disks.bays.find((x) => holds(join(x.mountPoint, 'brick', chunkId)));
    return b ? b.slot : null;
  }

  /** the bricks with a readable copy of each file, by their nodes' addresses (a file is one 'chunk', index 0) */
  async placement(paths: readonly string[]): Promise<ChunkPlacementOfFile[]> {
    const copies = await this.copies();
    return paths.map((p) => {
      const path = p.startsWith('/') ? p : `/${p}`;
      const f = copies.find((x) => x.path === path);
      return { path, chunks: f ? [{ id: path, copies: f.readable.map((b) => b.split(':')[0]!) }] : [] };
    });
  }

  /** per node: a peer glusterd answers, the files on its bricks, and its bricks' file systems' size (read on the host side of the bays, as `volume status detail` reads them inside) */
  async nodeStates(): Promise<NodeState[]> {
    const [peers, files] = await Promise.all([this.poolList(), this.brickFiles()]);
    // listed means registered, as the reference lists only the chunkservers its master sees
    const connected = new Set(peers.filter((p) => p.connected).map((p) => p.host));
    return this.handles
      .filter((h) => connected.has(h.address))
      .map((h) => {
        let total = 0;
        let free = 0;
        for (const b of h.disks.bays) {
          if (!existsSync(join(b.mountPoint, 'brick'))) continue; // an empty bay
          const st = statfsSync(b.mountPoint);
          total += st.blocks * st.bsize;
          free += st.bfree * st.bsize;
        }
        return {
          address: h.address,
          registered: true,
          chunks: files.filter((f) => f.brick.startsWith(`${h.address}:`)).reduce((s, f) => s + f.files.length, 0),
          usedBytes: total - free,
          totalBytes: total,
        };
      });
  }

  async configDifferences(): Promise<CoreOption[]> {
    const out: CoreOption[] = [];
    for (const o of await this.volumeOptions()) {
      const shipped = this.shippedOptions.get(o.key) ?? null;
      if (shipped === o.value) continue;
      out.push({
        file: `volume ${VOLUME}`,
        key: o.key,
        value: o.value,
        shipped,
        kind: /^(auth|transport)\./.test(o.key) ? 'site' : 'tuning',
      });
    }
    for (const [key, value] of this.clusterOptions)
      out.push({ file: 'cluster (volume set all)', key, value, shipped: null, kind: 'tuning' });
    return out;
  }

  // ---- capacity on demand ---------------------------------------------------------------

  async setFolderQuota(folder: string, bytes: number | null): Promise<void> {
    await this.ensureQuota();
    if (bytes === null) return void (await this.gluster(['volume', 'quota', VOLUME, 'remove', folder]));
    await this.gluster(['volume', 'quota', VOLUME, 'limit-usage', folder, `${bytes}B`]);
    // GlusterFS counts a folder's use in the background (its marker): a limit is in force only
    // once the count has caught up with what the folder holds, else the first write past it passes
    const t0 = Date.now();
    for (;;) {
      const lengthBytes = await this.lengthOf(folder);
      // a CLI error now is asked again until the bound: the error then says why
      const used = await this.quotaOf(folder).then(
        (q) => q?.used ?? null,
        (e: Error) => (Date.now() - t0 > 30_000 ? Promise.reject(e) : null),
      );
      if (used !== null && used >= lengthBytes) return;
      if (Date.now() - t0 > 30_000)
        throw new Error(
          `GlusterFS counts ${used ?? 'nothing'} bytes used in ${folder} 30 s after its limit was set; it holds ${lengthBytes}`,
        );
      await sleep(250);
    }
  }

  /** the folder's quota as the core keeps it (null: no limit on it) */
  private async quotaOf(folder: string): Promise<{ hardLimit: number; used: number } | null> {
    try {
      return quotaLimit(await this.gluster(['--xml', 'volume', 'quota', VOLUME, 'list', folder]), folder);
    } catch (e) {
      // the CLI's refusal for a path without a limit; anything else is an answer the harness cannot read
      if (/limit not set|not configured|no quota/i.test((e as Error).message)) return null;
      throw e;
    }
  }

  private quotaOn = false;
  private async ensureQuota() {
    if (this.quotaOn) return;
    await this.gluster(['volume', 'quota', VOLUME, 'enable'], 120_000);
    // enforced at once, not after the default 5-60 s of cached usage
    await this.gluster(['volume', 'quota', VOLUME, 'hard-timeout', '0']);
    await this.gluster(['volume', 'quota', VOLUME, 'soft-timeout', '0']);
    this.quotaOn = true;
  }

  async folderUsage(folder: string): Promise<{ lengthBytes: number; quotaBytes: number | null }> {
    const lengthBytes = await this.lengthOf(folder);
    return { lengthBytes, quotaBytes: this.quotaOn ? ((await this.quotaOf(folder))?.hardLimit ?? null) : null };
  }

  /** the sum of the folder's files' lengths, read through the mount (GlusterFS's quota counts blocks, not lengths) */
  private async lengthOf(folder: string): Promise<number> {
    const r = await run('find', [join(this.directMountPoint, folder), '-type', 'f', '-printf', '%s\\n'], { timeoutMs: 60_000 });
    return r.stdout
      .split('\n')
      .filter(Boolean)
      .reduce((s, x) => s + Number(x), 0);
  }

  async setNoTrash(_folder: string): Promise<void> {
    // GlusterFS's trash is volume-wide and off as shipped; it is kept off
    await this.gluster(['volume', 'set', VOLUME, 'features.trash', 'off']);
  }

  async setFolderGoal(folder: string, copies: number): Promise<void> {
    if (copies === this.spec.goal) return;
    throw new NotProvided(
      this.name,
      'setFolderGoal',
      `${NOT_PROVIDED.setFolderGoal} (${folder}: ${copies} asked, the volume keeps ${this.spec.goal})`,
    );
  }

  // ---- nodes in and out: refused, with the reason ---------------------------------------

  private refuse(op: keyof typeof NOT_PROVIDED): never {
    throw new NotProvided(this.name, op, NOT_PROVIDED[op]);
  }
  async addNode(): Promise<StartedNode> {
    return this.refuse('addNode');
  }
  async prepareNode(): Promise<PreparedNode> {
    return this.refuse('prepareNode');
  }
  async powerOnNode(): Promise<StartedNode> {
    return this.refuse('powerOnNode');
  }
  async removeNode(): Promise<void> {
    this.refuse('removeNode');
  }
  async markDisksForRemoval(): Promise<void> {
    this.refuse('markDisksForRemoval');
  }
  async removalState(): Promise<RemovalState> {
    return this.refuse('removalState');
  }
  async forgetNode(): Promise<{ ok: boolean; message: string }> {
    return this.refuse('forgetNode');
  }
  /**
   * What a power cut emptied on the node's bricks (read on the host, the node still off): files
   * that are empty there while another brick of their set holds bytes. GlusterFS counts such a
   * copy as good unless a brick of its set blames it (a pending heal), so the heal watch waits
   * for these to be filled again. `among`: only these (host paths found before), if still so.
   */
  async damagedChunkFiles(node: string, among?: readonly string[]): Promise<string[]> {
    const h = this.handle(node);
    const bricks = await this.volumeBricks();
    const mine = bricks.filter((b) => b.brick.startsWith(`${h.address}:`));
    const sizes = async (brick: string): Promise<Map<string, number>> => {
      const dir = this.hostDirOf(brick);
      if (!dir || !existsSync(dir)) return new Map();
      const r = await listBrick(dir, '/%P\\t%s\\n');
      if (r.code !== 0) throw new Error(`brick ${brick}: its folder could not be read (${r.stderr.trim().slice(0, 200)})`);
      return new Map(
        r.stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => {
            const [path = '', size = '0'] = l.split('\t');
            return [path, Number(size)] as const;
          }),
      );
    };
    const damaged: string[] = [];
    for (const b of mine) {
      const own = await sizes(b.brick);
      const peers = await Promise.all(bricks.filter((x) => x.set === b.set && x.brick !== b.brick).map((x) => sizes(x.brick)));
      const dir = this.hostDirOf(b.brick)!;
      for (const [path, size] of own) if (size === 0 && peers.some((p) => (p.get(path) ?? 0) > 0)) damaged.push(join(dir, path));
    }
    return among ? damaged.filter((p) => among.includes(p)) : damaged;
  }
  diskReadyForRemoval(_status: string): boolean {
    return false;
  }

  // ---- hardware and processes -------------------------------------------------------------

  /**
   * What an operator runs when the node's disks changed: each brick whose disk is in its bay
   * but whose process does not serve it is reset onto it (reset-brick, which restarts that brick
   * alone: `volume start force` refuses the whole volume while any brick's disk is out). A bay
   * with no disk needs nothing: the brick's own health check takes it out of service.
   */
  async rescanDisks(node: string): Promise<void> {
    const h = this.handle(node);
    const { bricks, online } = await this.brickStates();
    for (const { brick } of bricks.filter((b) => b.brick.startsWith(`${h.address}:`))) {
      const dir = this.hostDirOf(brick);
      // a brick reset moments ago is still starting: resetting it again would only restart it
      const settling = Date.now() - (this.resetAt.get(brick) ?? 0) < RESET_SETTLE_MS;
      // a disk pulled but still mounted (its filesystem shut down): nothing to reset onto
      if (!online.has(brick) && !settling && dir && existsSync(dir) && takesChanges(dir)) await this.resetBrick(brick);
    }
  }

  /** a disk put in (blank or the same): its brick folder made, and the brick reset onto it */
  async adoptBay(node: string, bay: string): Promise<void> {
    const h = this.handle(node);
    await this.exec(h.container, ['mkdir', '-p', `${GLUSTER_BAY_ROOT}/${bay}/brick`]);
    await this.resetBrick(this.brickOf(h, bay));
  }

  /** when each brick was last reset onto its disk */
  private readonly resetAt = new Map<string, number>();
  private async resetBrick(brick: string): Promise<void> {
    // marked first: a rescan overlapping this one (up to 120 s) sees it settling and does not reset it again
    this.resetAt.set(brick, Date.now());
    await this.gluster(['volume', 'reset-brick', VOLUME, brick, brick, 'commit', 'force'], 120_000);
    this.resetAt.set(brick, Date.now());
  }

  protected mountWrite(): Promise<void> {
    return this.mountOne(this.mountPoint, []);
  }
}
