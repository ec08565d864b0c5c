// Polls the core's own view of its storage nodes and records it in the history. The
// checkers never ask the core themselves: they read these observations.
import type { CoreView, StorageCore } from '../core/adapter';
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
    // both questions at once: while the master is down both fail, and that is recorded
    const [nodes, health] = await Promise.allSettled([this.core.nodeStates(), this.core.chunkHealth()]);
    if (nodes.status === 'fulfilled') {
      this.history.append({
        kind: 'core.nodes',
        nodes: nodes.value.map((n) => ({ address: n.address, chunks: n.chunks, usedBytes: n.usedBytes, totalBytes: n.totalBytes })),
      });
    } else {
      this.errors++;
      this.history.append({ kind: 'core.nodes.error', error: errorLine(nodes.reason) });
    }
    if (health.status === 'fulfilled') this.history.append({ kind: 'core.health', ...health.value });
    else this.history.append({ kind: 'core.health.error', error: errorLine(health.reason) });
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.loop;
  }
}

/** Records where the chunks of the given files are, in the core's own words. */
export async function recordPlacement(
  core: StorageCore,
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
