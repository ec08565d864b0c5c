// The reference core: a real MooseFS cluster in local containers.
// One container network = one switch; one master container; one container per storage
// node (a chunkserver) whose bays are real loop-mounted filesystems; the host mounts the
// cluster with mfsmount, as the recording server would.
import { mkdirSync } from 'node:fs';
import { getPriority } from 'node:os';
import { join } from 'node:path';
import type { StartedTestContainer } from 'testcontainers';
import type { BindMode } from 'testcontainers/build/types';
import { run } from '../../exec';
import { mfscli, warmMfscli } from './mfscli';
import { viewOf } from './remote-view';
import { prepareBays, releaseBays } from '../../topology/bays';
import { runLabels } from '../../topology/labels';
import { ContainerCluster, SwitchNetwork, containerNameOf, newCoreContainer, type ContainerNode } from '../node-containers';
import { testcontainers } from '../../topology/docker-engine';
import { onCleanup } from '../../topology/cleanup';
import { claimRunDir } from '../../topology/reaper';
import {
  MASTER,
  type ChunkPlacementOfFile,
  type FileWithoutCopy,
  type CoreStartSpec,
  type CoreDiskView,
  type CoreOption,
  type CoreView,
  type NodeState,
  type PreparedNode,
  type RemovalState,
  type Seen,
  type StartedNode,
  type StorageCore,
  type StorageNodeSpec,
} from '../adapter';
import { diskReadyForRemoval, forgetChunkserver, removalState } from './removal';
import { masterSees } from './connections';
import { bayHoldingChunk, damagedChunkFiles, stillDamaged } from './chunk-files';
import { MfsCli, diskRowServing, fileInfo, placementUnder, rowAddress, withoutReadableCopy } from './introspect';
import { folderUsage, setFolderQuota, setNoTrash, type FolderUsage } from './quota';
import { setFolderGoal } from './folder-goal';
import { imageExists, recipeTag, referenceRecipe } from './image';
import { ensureArm64Emulation } from './binfmt';

export { MASTER };

/** MooseFS options as the entrypoint's MFSCFG_<KEY> variables (keys are MooseFS's own upper-case names). */
function cfgEnv(cfg: Record<string, string | number> | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(cfg ?? {})) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(k)) throw new Error(`MooseFS option '${k}' is not an upper-case config key`);
    env[`MFSCFG_${k}`] = String(v);
  }
  return env;
}

/** KEY = value lines of a MooseFS config file; the shipped example has every default commented out ('# KEY = value'). */
export function parseCfg(text: string, commented: boolean): Map<string, string> {
  const re = commented ? /^#\s?([A-Z][A-Z0-9_]*)\s*=\s*(.*?)\s*$/ : /^([A-Z][A-Z0-9_]*)\s*=\s*(.*?)\s*$/;
  const m = new Map<string, string>();
  for (const line of text.split('\n')) {
    const x = re.exec(line.trim());
    if (x) m.set(x[1]!, x[2]!);
  }
  return m;
}

/** Addresses and paths of this installation: they differ from the shipped file without changing the core's behaviour. */
const SITE_KEYS = /^(DATA_PATH|MASTER_HOST|.*_LISTEN_(HOST|PORT)|.*_FILENAME|HDD_CONF_FILENAME)$/;

/** The storage nodes' options once each: one set on some nodes only names them in its file. */
export function acrossNodes(perNode: readonly { name: string; options: readonly CoreOption[] }[]): CoreOption[] {
  const same = new Map<string, { option: CoreOption; nodes: string[] }>();
  for (const n of perNode)
    for (const o of n.options) {
      const k = `${o.key}=${o.value}`;
      const seen = same.get(k) ?? { option: o, nodes: [] };
      seen.nodes.push(n.name);
      same.set(k, seen);
    }
  return [...same.values()].map(({ option, nodes }) =>
    nodes.length === perNode.length ? option : { ...option, file: `${option.file} (${nodes.join(', ')})` },
  );
}

export function optionDifferences(file: string, mine: Map<string, string>, shipped: Map<string, string>): CoreOption[] {
  const out: CoreOption[] = [];
  for (const [key, value] of mine) {
    const d = shipped.get(key) ?? null;
    if (d === value) continue;
    out.push({ file, key, value, shipped: d, kind: SITE_KEYS.test(key) ? 'site' : 'tuning' });
  }
  return out;
}

/** where a node's bays are mounted inside it (entrypoint.sh lists them in mfshdd.cfg) */
const MOOSE_BAY_ROOT = '/mfs/bays';

export class MooseCluster extends ContainerCluster implements StorageCore {
  readonly name = 'MooseFS';
  readonly notProvided = {};
  version = 'unknown';
  readonly mountPoint: string;
  /**
   * A second mount of the same cluster for reads that must reach the chunkservers:
   * mfscachemode=DIRECT (no host page cache; MooseFS sets direct_io on every open), so a
   * read-back cannot be answered from what the host still has cached from the write.
   */
  readonly directMountPoint: string;
  private master!: StartedTestContainer;
  private masterIp = '';
  private cli!: MfsCli;
  /** the core's own view through that CLI, made with it */
  private view!: CoreView;

  private constructor(private readonly spec: CoreStartSpec) {
    super(spec.runId, MOOSE_BAY_ROOT);
    this.mountPoint = join(spec.runDir, 'mnt');
    this.directMountPoint = join(spec.runDir, 'mnt-direct');
  }

  /** the run's work folder (bays, mount point, recorded interfaces) */
  get runDir(): string {
    return this.spec.runDir;
  }

  masterArch = 'unknown';
  get masterAddress(): string {
    return this.masterIp;
  }

  static async start(spec: CoreStartSpec): Promise<MooseCluster> {
    const c = new MooseCluster(spec);
    claimRunDir(spec.runDir);
    warmMfscli(); // before the mount: this process must not start processes once FUSE files are open
    // undo everything of this run on Ctrl-C, even if start() is still half-way
    // (aborting its FUSE connections first: a read stuck in mfsmount would keep the process alive)
    c.releases.push(onCleanup(`cluster ${spec.runId}`, () => c.stop({ abort: true })));
    // the nodes' disks (mkfs and loop mounts) are made while the network and the master come up
    const disks = Promise.allSettled(spec.nodes.map((n) => c.prepareNode(n)));
    try {
      c.network = await SwitchNetwork.create(spec.runId);
      await c.startMaster();
    } finally {
      await disks; // a failed start is undone only once every disk it made is there to release
    }
    const settled = await disks;
    const failed = settled.flatMap((d) => (d.status === 'rejected' ? [d.reason as Error] : []));
    if (failed.length)
      throw new AggregateError(failed, `disks of ${failed.length} node(s) not prepared: ${failed.map((e) => e.message).join('; ')}`);
    const prepared = settled.map((d) => (d as PromiseFulfilledResult<PreparedNode>).value);
    await Promise.all(spec.nodes.map((n, i) => c.powerOnNode(n, prepared[i]!)));
    await c.mount();
    await c.untilDisksScanned(spec.nodes.reduce((sum, n) => sum + n.bays, 0));
    return c;
  }

  /**
   * A chunkserver says 'initialized' before it has scanned every folder; a cluster is up
   * when the master lists every disk ok (48 fresh bays take well under a second here).
   */
  private async untilDisksScanned(expected: number, timeoutMs = 120_000): Promise<void> {
    const t0 = Date.now();
    for (;;) {
      const views = await this.diskViews();
      // a node started with the 'cannot-receive-chunks' defect lists its disks as marked for removal
      const refusing = new Set(this.spec.nodes.filter((n) => n.defect === 'cannot-receive-chunks').map((n) => n.name));
      const ok = views.filter((v) => v.serving || (refusing.has(v.node) && /marked for removal/.test(v.status))).length;
      if (ok >= expected) return;
      if (Date.now() - t0 > timeoutMs) {
        const bad = views
          .filter((v) => !v.serving)
          .slice(0, 5)
          .map((v) => `${v.node}/${v.bay} ${v.status}`);
        throw new Error(`only ${ok} of ${expected} disks ok in the master's view ${timeoutMs / 1000} s after start (${bad.join(', ')})`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  protected log(msg: string) {
    this.spec.log?.(msg);
  }

  private async startMaster() {
    const net = this.network!;
    const { Wait } = await testcontainers();
    this.master = await (
      await newCoreContainer(this.spec.image)
    )
      .withRestartOnFailure(this.spec.restartOnFailure ?? true)
      .withName(containerNameOf(this.spec.runId, 'master'))
      .withStaticIp(net.name, net.allocateIp())
      .withEnvironment({
        ROLE: 'master',
        MFS_REPLICATIONS_DELAY_INIT: String(this.spec.replicationsDelayInit ?? 60),
        ...cfgEnv(this.spec.masterConfig),
      })
      .withLabels(runLabels(this.spec.runId, 'master'))
      .withTmpFs(this.spec.masterDefect === 'forgets-metadata' ? { '/var/lib/mfs': 'rw,mode=0755' } : {})
      .withWaitStrategy(Wait.forLogMessage(/mfsmaster daemon initialized properly/))
      .withStartupTimeout(60_000)
      .start();
    this.masterIp = this.master.getIpAddress(net.name);
    this.cli = new MfsCli(this.masterIp);
    this.view = viewOf(this.cli);
    const v = await this.master.exec(['mfsmaster', '-v']);
    this.masterArch = (await this.master.exec(['uname', '-m'])).output.trim() || 'unknown';
    this.version = v.output.match(/\d+\.\d+\.\d+/)?.[0] ?? 'unknown';
  }

  /** Prepares the node's disks (the hardware); powerOnNode then starts it knowing only the master's address. */
  async prepareNode(spec: StorageNodeSpec): Promise<PreparedNode> {
    const dir = join(this.spec.runDir, 'nodes', spec.name);
    const disks = await prepareBays(dir, spec.bays, spec.baySizeMiB);
    return { dir, disks };
  }

  async powerOnNode(spec: StorageNodeSpec, prepared: PreparedNode): Promise<StartedNode> {
    const { dir, disks } = prepared;
    const { image, archNote } = await this.imageFor(spec);
    if (archNote) this.log(`${spec.name}: ${archNote}`);
    const net = this.network!;
    const { Wait } = await testcontainers();
    let c = (await newCoreContainer(image))
      .withRestartOnFailure(this.spec.restartOnFailure ?? true)
      .withName(containerNameOf(this.spec.runId, spec.name))
      .withStaticIp(net.name, net.allocateIp())
      .withEnvironment({
        ROLE: 'chunkserver',
        MASTER_HOST: this.masterIp,
        // the negative control: every disk marked for removal, so the node registers
        // but the master never places a new chunk on it
        HDD_PREFIX: spec.defect === 'cannot-receive-chunks' ? '*' : '',
        ...cfgEnv(spec.coreConfig),
        ...(spec.preload ? { ACCEPT_PRELOAD: `/accept/preload/${spec.preload.library}` } : {}),
      })
      .withLabels(runLabels(this.spec.runId, `node:${spec.name}`))
      // rslave: bays mounted or unmounted on the host later appear/vanish inside too
      .withBindMounts([
        { source: join(dir, 'bays'), target: '/mfs/bays', mode: 'rw,rslave' as BindMode },
        ...(spec.preload ? [{ source: spec.preload.hostDir, target: '/accept/preload', mode: 'rw' as BindMode }] : []),
      ])
      .withWaitStrategy(Wait.forLogMessage(/mfschunkserver daemon initialized properly/))
      .withStartupTimeout(120_000);
    if (spec.cpus || spec.memoryMiB) {
      c = c.withResourcesQuota({ cpu: spec.cpus, memory: spec.memoryMiB ? spec.memoryMiB / 1024 : undefined });
    }
    const container = await c.start();
    // the architecture as the node itself reports it (an emulated arm64 node says aarch64)
    const arch = (await container.exec(['uname', '-m'])).output.trim() || 'unknown';
    const handle: ContainerNode = {
      name: spec.name,
      address: container.getIpAddress(net.name),
      bays: spec.bays,
      arch,
      container,
      dir,
      disks,
      spec,
      image,
      archNote,
    };
    this.handles.push(handle);
    this.handles.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
    return { name: handle.name, address: handle.address, bays: handle.bays, arch };
  }

  /** The image of the node's architecture; an optional foreign one falls back to amd64 with the reason. */
  private async imageFor(spec: StorageNodeSpec): Promise<{ image: string; archNote: string | null }> {
    if (!spec.arch || spec.arch === 'amd64') return { image: this.spec.image, archNote: null };
    const tag = this.spec.arm64Image ?? recipeTag(referenceRecipe('arm64'));
    let why: string | null = null;
    try {
      ensureArm64Emulation(this.log.bind(this));
      if (!(await imageExists(tag))) why = `no arm64 image ${tag} on this machine (build it: accept image --arch arm64)`;
    } catch (e) {
      why = `this machine cannot emulate arm64: ${(e as Error).message}`;
    }
    if (!why) return { image: tag, archNote: null };
    if (!spec.archOptional) throw new Error(`${spec.name} must run as ${spec.arch}: ${why}`);
    return { image: this.spec.image, archNote: `asked for ${spec.arch}, runs as amd64: ${why}` };
  }

  /** Limits, architecture and disks of every node, read back from Docker and from inside the node. */
  async configDifferences(): Promise<CoreOption[]> {
    const out: CoreOption[] = [];
    const read = async (c: StartedTestContainer, cfg: string, example: string) => {
      const r = await c.exec(['sh', '-c', `cat ${cfg}; echo '--- shipped'; cat ${example}`]);
      const [mine = '', shipped = ''] = r.output.split('--- shipped');
      return optionDifferences(cfg.replace(/^.*\//, ''), parseCfg(mine, false), parseCfg(shipped, true));
    };
    out.push(...(await read(this.master, '/etc/mfs/mfsmaster.cfg', '/usr/share/doc/moosefs-master/examples/mfsmaster.cfg')));
    // every storage node's own file: an option set on some nodes only names them
    const perNode = await Promise.all(
      this.handles.map(async (h) => ({
        name: h.name,
        options: await read(h.container, '/etc/mfs/mfschunkserver.cfg', '/usr/share/doc/moosefs-chunkserver/examples/mfschunkserver.cfg'),
      })),
    );
    out.push(...acrossNodes(perNode));
    for (const o of this.spec.mountOptions ?? []) {
      const [key = o, value = 'on'] = o.split('=');
      out.push({ file: 'mfsmount', key, value, shipped: null, kind: 'tuning' });
    }
    return out;
  }

  async addNode(spec: StorageNodeSpec): Promise<StartedNode> {
    return this.powerOnNode(spec, await this.prepareNode(spec));
  }

  /** Takes a node out for good (model-based runs reuse one cluster): container, disks, and the master's record of it. */
  async removeNode(node: string): Promise<void> {
    const h = this.handle(node);
    // already gone is fine; an engine that does not answer is not (the bays may still be in use)
    await this.containers.remove(this.containerName(node));
    await releaseBays(h.dir);
    this.handles = this.handles.filter((x) => x !== h);
    await this.forgetNode(h.address, null);
  }

  // ---- what a node's hardware and its hot-plug agent do to the real node ----------------

  /** Where the node's bays are seen by the core (inside the container). */
  readonly bayRootInNode = MOOSE_BAY_ROOT;

  /** The core's own view of every disk of every node (mfscli -SHD). */
  async diskViews(): Promise<CoreDiskView[]> {
    const rows = await this.cli.disks();
    const byAddress = new Map(this.handles.map((h) => [h.address, h.name]));
    return rows.map((r) => ({
      node: byAddress.get(rowAddress(r)) ?? r.server,
      bay: r.path.replace(/\/+$/, '').split('/').pop() ?? r.path,
      status: r.status,
      serving: diskRowServing(r),
      chunks: r.chunks,
      lastError: r.errors === 'no errors' ? null : r.errors,
    }));
  }

  /** MooseFS re-reads mfshdd.cfg on SIGHUP: it drops damaged folders and scans new ones. */
  async rescanDisks(node: string): Promise<void> {
    // not through Docker's kill API: Docker 20.10 marks a container 'manually stopped' on
    // any `docker kill`, SIGHUP included, and its restart policy then no longer restarts
    // it after a crash (found by the model-based test: a pull, then a crash, never healed)
    const pid = await this.mainPid(node);
    if (pid <= 0) throw new Error(`${node} is not running: no core process to ask for a disk rescan`);
    process.kill(pid, 'SIGHUP');
  }

  /**
   * What an operator does to decommission a node: '*' before every disk in mfshdd.cfg and
   * a reload; the master then copies its chunks elsewhere. `false` cancels it. (The
   * entrypoint writes mfshdd.cfg afresh at every start: a restarted node serves again.)
   */
  async markDisksForRemoval(node: string, marked: boolean): Promise<void> {
    const expr = marked ? 's|^/|*/|' : 's|^\\*/|/|';
    const r = await this.handle(node).container.exec(['sed', '-i', expr, '/etc/mfs/mfshdd.cfg']);
    if (r.exitCode !== 0)
      throw new Error(`marking the disks of ${node} ${marked ? 'for removal' : 'in service'} failed: ${r.output.trim()}`);
    await this.rescanDisks(node);
  }

  diskReadyForRemoval(status: string): boolean {
    return diskReadyForRemoval(status);
  }

  removalState(address: string): Promise<RemovalState> {
    return removalState(this.masterIp, address);
  }

  forgetNode(address: string, port: number | null): Promise<{ ok: boolean; message: string }> {
    return forgetChunkserver(this.masterIp, address, port ?? 9422);
  }

  nodeSeen(address: string): Promise<Seen> {
    return masterSees(this.masterIp)(address);
  }

  /**
   * Makes a disk put in usable: owned by the chunkserver's user (a blank one is root's as
   * formatted) and in mfshdd.cfg (a node booted while the bay was empty left it out), with
   * the prefix the node started with (HDD_PREFIX). One exec: this is on every insert.
   */
  async adoptBay(node: string, bay: string): Promise<void> {
    const dir = `${this.bayRootInNode}/${bay}`;
    const script = `chown mfs:mfs '${dir}' && { grep -qE '^\\*?${dir}$' /etc/mfs/mfshdd.cfg || echo "\${HDD_PREFIX:-}${dir}" >> /etc/mfs/mfshdd.cfg; }`;
    const r = await this.handle(node).container.exec(['sh', '-c', script]);
    if (r.exitCode !== 0) throw new Error(`adopting ${bay} on ${node} (chown, mfshdd.cfg) failed: ${r.output.trim()}`);
  }

  bayOfChunk(node: string, chunkId: string): Promise<number | null> {
    return bayHoldingChunk(this.disksOf(node).root, chunkId);
  }

  damagedChunkFiles(node: string, among?: readonly string[]): Promise<string[]> {
    return among ? stillDamaged(among) : damagedChunkFiles(this.disksOf(node).bays.map((b) => b.mountPoint));
  }

  // ---- crash, hang and their self-heal (storage nodes and the master alike) --------------

  /** Is the master answering (mfscli) within `timeoutMs`? A frozen master accepts the TCP connection but never replies. */
  async masterAnswers(timeoutMs = 3_000): Promise<boolean> {
    const r = await mfscli(['-H', this.masterIp, '-SIN', '-p'], { timeoutMs, allowFailure: true });
    return r.code === 0;
  }

  /** where and how read-backs (final verification, players) read: the direct mount */
  get readMount(): { path: string; options: string[] } {
    return { path: this.directMountPoint, options: this.directMountOptions };
  }

  private get directMountOptions(): string[] {
    return [...(this.spec.mountOptions ?? []).filter((o) => !o.startsWith('mfscachemode=')), 'mfscachemode=DIRECT'];
  }

  private async mount() {
    for (const [dir, options] of [
      [this.mountPoint, this.spec.mountOptions ?? []],
      [this.directMountPoint, this.directMountOptions],
    ] as const)
      await this.mountOne(dir, options);
    await run('mfssetgoal', ['-r', String(this.spec.goal), this.mountPoint], { timeoutMs: 30_000 });
  }

  private async mountOne(dir: string, options: readonly string[]) {
    // mfsmount raises itself to nice -19 unless told: a run started at a lower priority keeps its mounts there
    const nice = getPriority();
    const opts = [...options, ...(nice > 0 ? [`mfsnice=${nice}`] : [])].flatMap((o) => ['-o', o]);
    mkdirSync(dir, { recursive: true });
    await run('mfsmount', [dir, '-H', this.masterIp, ...opts], { timeoutMs: 30_000 });
  }

  nodeStates(): Promise<NodeState[]> {
    return this.view.nodeStates();
  }

  chunkHealth() {
    return this.view.chunkHealth();
  }

  setFolderQuota(folder: string, bytes: number | null): Promise<void> {
    return setFolderQuota(join(this.mountPoint, folder), bytes);
  }

  folderUsage(folder: string): Promise<FolderUsage> {
    return folderUsage(join(this.mountPoint, folder));
  }

  setNoTrash(folder: string): Promise<void> {
    return setNoTrash(join(this.mountPoint, folder));
  }

  setFolderGoal(folder: string, copies: number): Promise<void> {
    return setFolderGoal(join(this.mountPoint, folder), copies);
  }

  placement(paths: readonly string[]): Promise<ChunkPlacementOfFile[]> {
    return placementUnder(this.mountPoint, paths);
  }

  async filesWithoutCopy(): Promise<FileWithoutCopy[]> {
    // through the command helper, on the read mount: the recording servers' mount is the one a
    // master hang leaves with writes stuck (a find there was killed at its 60 s bound in a CI run)
    const root = this.directMountPoint;
    const found = await run('find', [root, '-type', 'f'], { timeoutMs: 60_000 });
    const paths = found.stdout.split('\n').filter(Boolean);
    // a file deleted between the two (retention) or not answered is simply not listed
    const info = await fileInfo(paths, { whole: true });
    return info
      .map((f) => ({
        path: f.path.startsWith(root) ? f.path.slice(root.length) : f.path,
        chunks: f.chunks.filter(withoutReadableCopy).map((k) => k.index),
      }))
      .filter((f) => f.chunks.length > 0);
  }

  protected mountWrite(): Promise<void> {
    return this.mountOne(this.mountPoint, this.spec.mountOptions ?? []);
  }
}
