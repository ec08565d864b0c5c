// Polls the core's own view of its storage nodes and records it in the history. The
// checkers never ask the core themselves: they read these observations.
import type { CoreDiskState, CoreView, StorageCore } from '../core/adapter';
import type { HistoryWriter } from '../history';
import { sleep } from '../clock';
import { errorLine } from '../../lib/error-line';

export class CoreObserver {
  private readonly stopper = new AbortController();
  private loop: Promise<void> | null = null;
  errors = 0;
  constructor(
    private readonly core: CoreView,
    private readonly history: HistoryWriter,
    readonly intervalMs: number,
  ) {}

  start(): void {
    this.history.append({ kind: 'observer.start', intervalMs: this.intervalMs });
    this.loop = (async () => {
      while (!this.stopper.signal.aborted) {
        await this.observeOnce();
        await sleep(this.intervalMs, this.stopper.signal);
      }
    })();
  }

  async observeOnce(): Promise<void> {
    const look = await lookAt(this.core);
    if (!look.nodes) this.errors++;
    recordLook(this.history, look);
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.loop;
  }
}

/** Records where the chunks of the given files are, in the core's own words. */
export async function recordPlacement(
  core: Pick<StorageCore, 'placement'>,
  files: readonly { path: string; ackMono: number }[],
  history: HistoryWriter,
): Promise<number> {
  const ackOf = new Map(files.map((f) => [f.path, f.ackMono]));
  const placement = await core.placement(files.map((f) => f.path));
  for (const p of placement) {
    history.append({ kind: 'core.placement', path: p.path, ackMono: ackOf.get(p.path) ?? null, chunks: p.chunks });
  }
  history.sync();
  return placement.length;
}

/** One look at the core's own view; each part null when the core did not answer it, with why. */
export interface CoreLook {
  nodes: Awaited<ReturnType<CoreView['nodeStates']>> | null;
  health: Awaited<ReturnType<CoreView['chunkHealth']>> | null;
  /** null: not asked, or not answered */
  disks: CoreDiskState[] | null;
  errors: { nodes?: string; health?: string };
}

/** The questions at once: while the master is down they all fail, and that is what the look says. */
export async function lookAt(view: CoreView, o: { disks?: boolean } = {}): Promise<CoreLook> {
  const [nodes, health, disks] = await Promise.allSettled([
    view.nodeStates(),
    view.chunkHealth(),
    o.disks && view.diskStates ? view.diskStates() : Promise.resolve(null),
  ]);
  return {
    nodes: nodes.status === 'fulfilled' ? nodes.value : null,
    health: health.status === 'fulfilled' ? health.value : null,
    disks: disks.status === 'fulfilled' ? disks.value : null,
    errors: {
      ...(nodes.status === 'rejected' ? { nodes: errorLine(nodes.reason) } : {}),
      ...(health.status === 'rejected' ? { health: errorLine(health.reason) } : {}),
    },
  };
}

/** A look's node list and chunk health into the history (or what failed), tagged with who looked and for which fault. */
export function recordLook(history: HistoryWriter, look: CoreLook, tags: { by?: string; faultId?: string; when?: 'before' } = {}): void {
  if (look.nodes)
    history.append({
      kind: 'core.nodes',
      ...tags,
      nodes: look.nodes.map((n) => ({ address: n.address, chunks: n.chunks, usedBytes: n.usedBytes, totalBytes: n.totalBytes })),
    });
  else history.append({ kind: 'core.nodes.error', ...tags, error: look.errors.nodes ?? 'the core did not answer' });
  if (look.health) history.append({ kind: 'core.health', ...tags, ...look.health });
  else history.append({ kind: 'core.health.error', ...tags, error: look.errors.health ?? 'the core did not answer' });
}
