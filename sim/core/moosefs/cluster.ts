// The reference core: a real MooseFS cluster in local containers.
// One container network = one switch; one master container; one container per storage
// node (a chunkserver) whose bays are real loop-mounted filesystems; the host mounts the
// cluster with mfsmount, as the recording server would.
import '../../topology/testcontainers-env';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GenericContainer, Wait, getContainerRuntimeClient, type StartedTestContainer } from 'testcontainers';
import type { BindMode } from 'testcontainers/build/types';
import { run } from '../../exec';
import { prepareBays, releaseBays, unmountUnder } from '../../topology/bays';
import { runLabels } from '../../topology/labels';
import { onCleanup } from '../../topology/cleanup';
import { OWNER_FILE } from '../../topology/reaper';
import type { ChunkPlacementOfFile, NodeState, StartedNode, StorageCore, StorageNodeSpec } from '../adapter';
import { MfsCli, fileInfo } from './introspect';

/** Linux interface names have at most 15 characters. */
export const bridgeName = (runId: string) => `acc-${createHash('sha256').update(runId).digest('hex').slice(0, 10)}`;

/** Never pull: every image is built here (DESIGN.md); testcontainers must not try. */
const neverPull = { shouldPull: () => false };

export interface MooseClusterSpec {
  runId: string;
  /** per-run folder on the host (bays, mount point); under the harness work root */
  runDir: string;
  image: string;
  goal: number;
  nodes: StorageNodeSpec[];
  /** master's REPLICATIONS_DELAY_INIT, seconds (MooseFS default 60) */
  replicationsDelayInit?: number;
  log?: (msg: string) => void;
}

interface NodeHandle extends StartedNode {
  arch: string;
  container: StartedTestContainer;
  dir: string;
}

export class MooseCluster implements StorageCore {
  readonly name = 'MooseFS';
  version = 'unknown';
  readonly mountPoint: string;
  private master!: StartedTestContainer;
  private masterIp = '';
  private networkName = '';
  private handles: NodeHandle[] = [];
  private cli!: MfsCli;
  private releases: (() => void)[] = [];

  private constructor(private readonly spec: MooseClusterSpec) {
    this.mountPoint = join(spec.runDir, 'mnt');
  }

  get nodes(): readonly StartedNode[] {
    return this.handles.map(({ name, address, bays, arch }) => ({ name, address, bays, arch }));
  }
  masterArch = 'unknown';
  get masterAddress(): string {
    return this.masterIp;
  }

  static async start(spec: MooseClusterSpec): Promise<MooseCluster> {
    const c = new MooseCluster(spec);
    mkdirSync(spec.runDir, { recursive: true });
    writeFileSync(join(spec.runDir, OWNER_FILE), String(process.pid));
    // undo everything of this run on Ctrl-C, even if start() is still half-way
    c.releases.push(onCleanup(`cluster ${spec.runId}`, () => c.stop()));
    await c.startNetwork();
    await c.startMaster();
    await Promise.all(spec.nodes.map((n) => c.addNode(n)));
    await c.mount();
    return c;
  }

  private log(msg: string) {
    this.spec.log?.(msg);
  }

  private async startNetwork() {
    const client = await getContainerRuntimeClient();
    this.networkName = `accept-${this.spec.runId}-switch0`;
    await client.container.dockerode.createNetwork({
      Name: this.networkName,
      Driver: 'bridge',
      CheckDuplicate: true,
      // a recognisable bridge name, so ./setup's iptables rule (acc-+) covers it
      Options: { 'com.docker.network.bridge.name': bridgeName(this.spec.runId) },
      Labels: runLabels(this.spec.runId, 'switch'),
    });
  }

  private async startMaster() {
    this.master = await new GenericContainer(this.spec.image)
      .withName(`accept-${this.spec.runId}-master`)
      .withNetworkMode(this.networkName)
      .withEnvironment({ ROLE: 'master', MFS_REPLICATIONS_DELAY_INIT: String(this.spec.replicationsDelayInit ?? 60) })
      .withLabels(runLabels(this.spec.runId, 'master'))
      .withPullPolicy(neverPull)
      .withWaitStrategy(Wait.forLogMessage(/mfsmaster daemon initialized properly/))
      .withStartupTimeout(60_000)
      .start();
    this.masterIp = this.master.getIpAddress(this.networkName);
    this.cli = new MfsCli(this.masterIp);
    const v = await this.master.exec(['mfsmaster', '-v']);
    this.masterArch = (await this.master.exec(['uname', '-m'])).output.trim() || 'unknown';
    this.version = v.output.match(/\d+\.\d+\.\d+/)?.[0] ?? 'unknown';
  }

  /** Prepares the node's disks (the hardware), then powers it on knowing only the master's address. */
  async prepareNode(spec: StorageNodeSpec): Promise<{ dir: string }> {
    const dir = join(this.spec.runDir, 'nodes', spec.name);
    await prepareBays(dir, spec.bays, spec.baySizeMiB);
    return { dir };
  }

  async powerOnNode(spec: StorageNodeSpec, dir: string): Promise<StartedNode> {
    let c = new GenericContainer(this.spec.image)
      .withName(`accept-${this.spec.runId}-${spec.name}`)
      .withNetworkMode(this.networkName)
      .withEnvironment({
        ROLE: 'chunkserver',
        MASTER_HOST: this.masterIp,
        // the negative control: every disk marked for removal, so the node registers
        // but the master never places a new chunk on it
        HDD_PREFIX: spec.defect === 'cannot-receive-chunks' ? '*' : '',
      })
      .withLabels(runLabels(this.spec.runId, `node:${spec.name}`))
      // rslave: bays mounted or unmounted on the host later appear/vanish inside too
      .withBindMounts([{ source: join(dir, 'bays'), target: '/mfs/bays', mode: 'rw,rslave' as BindMode }])
      .withPullPolicy(neverPull)
      .withWaitStrategy(Wait.forLogMessage(/mfschunkserver daemon initialized properly/))
      .withStartupTimeout(120_000);
    if (spec.cpus || spec.memoryMiB) {
      c = c.withResourcesQuota({ cpu: spec.cpus, memory: spec.memoryMiB ? spec.memoryMiB / 1024 : undefined });
    }
    const container = await c.start();
    // the architecture as the node itself reports it (an emulated arm64 node says aarch64)
    const arch = (await container.exec(['uname', '-m'])).output.trim() || 'unknown';
    const handle: NodeHandle = { name: spec.name, address: container.getIpAddress(this.networkName), bays: spec.bays, arch, container, dir };
    this.handles.push(handle);
    this.handles.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
    return { name: handle.name, address: handle.address, bays: handle.bays, arch };
  }

  async addNode(spec: StorageNodeSpec): Promise<StartedNode> {
    const { dir } = await this.prepareNode(spec);
    return this.powerOnNode(spec, dir);
  }

  private async mount() {
    mkdirSync(this.mountPoint, { recursive: true });
    await run('mfsmount', [this.mountPoint, '-H', this.masterIp], { timeoutMs: 30_000 });
    await run('mfssetgoal', ['-r', String(this.spec.goal), this.mountPoint], { timeoutMs: 30_000 });
  }

  async nodeStates(): Promise<NodeState[]> {
    const rows = await this.cli.chunkservers();
    return rows.map((r) => ({ address: r.ip, registered: true, chunks: r.chunks, usedBytes: r.usedBytes, totalBytes: r.totalBytes }));
  }

  async chunkHealth() {
    return this.cli.chunkHealth();
  }

  async placement(paths: readonly string[]): Promise<ChunkPlacementOfFile[]> {
    const abs = paths.map((p) => join(this.mountPoint, p));
    const info = await fileInfo(abs);
    return info.map((f) => ({
      path: f.path.startsWith(this.mountPoint) ? f.path.slice(this.mountPoint.length) : f.path,
      chunks: f.chunks.map((c) => ({ id: c.id, copies: c.copies.filter((k) => k.status === 'VALID').map((k) => k.server.replace(/:\d+$/, '')) })),
    }));
  }

  private stopping: Promise<void> | null = null;
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }
  private async doStop() {
    this.releases.forEach((r) => r());
    // order: the client mount, then the containers (they hold the bays), then bays and network
    await unmountUnder(this.mountPoint).catch(() => undefined);
    const client = await getContainerRuntimeClient();
    const docker = client.container.dockerode;
    const names = [...this.handles.map((h) => `accept-${this.spec.runId}-${h.name}`), `accept-${this.spec.runId}-master`];
    await Promise.all(names.map((n) => docker.getContainer(n).remove({ force: true, v: true }).catch(() => undefined)));
    // a node that failed half-way through start may have bays but no handle
    const nodesDir = join(this.spec.runDir, 'nodes');
    if (existsSync(nodesDir)) await Promise.all(readdirSync(nodesDir).map((n) => releaseBays(join(nodesDir, n))));
    if (this.networkName) await docker.getNetwork(this.networkName).remove().catch(() => undefined);
    this.log(`cluster ${this.spec.runId} removed`);
  }
}
