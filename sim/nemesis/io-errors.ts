// T5 on the real core: I/O errors injected into one bay of one chunkserver, at the syscall
// boundary (ioerr/ioerr-preload.c, preloaded into mfschunkserver only), and the core's own
// view of that disk (mfscli -SHD) recorded over time:
//   burst       exactly `count` chunk I/O calls fail, then none; the nemesis watches the
//               disk for `observeSeconds` more (still ok? still used by the core?)
//   persistent  every chunk I/O call fails until the core marks the disk damaged (or the
//               wait runs out); then errors stop and the disk is replaced as in T3 (pulled,
//               a blank one inserted through the node's binding), so the run ends healthy.
// A disk the core ejected after a burst (the control) is replaced the same way, recorded
// as clean-up. Everything the checker needs is in the history; it never asks the core.
import { join } from 'node:path';
import type { FaultSpec } from '../plan/faults';
import type { StorageNodeSpec } from '../plan/scenario';
import type { CoreDiskView } from '../core/adapter';
import { diskServing } from '../history-events';
import { sleep } from '../clock';
import { bayName } from '../topology/bays';
import type { NemesisContext } from './context';
import { IOERR_LIBRARY, IoErrorControl, buildIoErrorLibrary } from './ioerr/control';

export type IoErrorFault = Extract<FaultSpec, { fault: 'io-errors' }>;

const POLL_MS = 300;

/** Where a node's preload folder lives in the run's work folder. */
export const preloadDirOf = (workDir: string, node: string) => join(workDir, 'preload', node);

export const scheduleHasIoErrors = (faults: readonly { fault: string }[]) => faults.some((f) => f.fault === 'io-errors');

/**
 * The nodes as they must be started for a run that injects I/O errors: each with the
 * library preloaded into its chunkserver and its own control folder (errors off).
 */
export async function withIoErrorInjection(nodes: readonly StorageNodeSpec[], workDir: string): Promise<StorageNodeSpec[]> {
  const library = await buildIoErrorLibrary(join(workDir, 'preload', 'lib'));
  return nodes.map((n) => {
    const hostDir = preloadDirOf(workDir, n.name);
    IoErrorControl.prepare(hostDir, library);
    return { ...n, preload: { hostDir, library: IOERR_LIBRARY } };
  });
}

// ejected by the core's own judgement (MooseFS: 'damaged' or 'invalid', no longer 'ok'), never by its words
const isDamaged = (v: CoreDiskView | undefined) => !!v && !diskServing(v);

export async function ioErrors(id: string, f: IoErrorFault, ctx: NemesisContext): Promise<void> {
  const { cluster, history } = ctx;
  if (!ctx.workDir) throw new Error(`${id}: I/O-error injection needs the run's work folder`);
  const control = IoErrorControl.open(preloadDirOf(ctx.workDir, f.node));
  const bay = bayName(f.slot);
  // the core's view of the bay; a failed mfscli call is asked again, never taken for a missing disk
  const view = async (): Promise<CoreDiskView | undefined> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await cluster.diskViews()).find((v) => v.node === f.node && v.bay === bay);
      } catch (e) {
        if (attempt >= 5) throw e;
        await sleep(500, ctx.signal);
      }
    }
  };

  let last = await view();
  const snapshot = (v: CoreDiskView | undefined, why: string) =>
    history.append({
      kind: 'core.disk',
      id,
      node: f.node,
      slot: f.slot,
      bay,
      why,
      status: v?.status ?? 'absent',
      serving: v?.serving ?? false,
      chunks: v?.chunks ?? null,
      lastError: v?.lastError ?? null,
    });
  snapshot(last, 'before');
  history.append({ kind: 'core.process', faultId: id, target: f.node, when: 'before', ...(await cluster.processIdentity(f.node)) });
  control.readNew(); // anything logged before this fault is not this fault's
  const opsBefore = control.counters(f.slot).ops;
  history.append({
    kind: 'fault.start',
    id,
    fault: 'io-errors',
    node: f.node,
    slot: f.slot,
    bay,
    mode: f.mode,
    count: f.mode === 'burst' ? f.count : null,
    opsBefore,
    injection: 'LD_PRELOAD syscall wrapper in mfschunkserver (EIO)',
  });
  history.sync();
  ctx.log(`${id}: ${f.mode === 'burst' ? `burst of ${f.count} I/O errors` : 'persistent I/O errors'} on ${f.node} ${bay}`);
  control.arm(f.slot, f.mode, f.mode === 'burst' ? f.count : 0);

  // mutated by poll(): an object, so that control-flow narrowing does not pin the fields
  const st: { injected: number; firstWall: number | null; lastErrWall: number | null; damagedWall: number | null; seenServing: boolean } = {
    injected: 0,
    firstWall: null,
    lastErrWall: null,
    damagedWall: null,
    seenServing: !!last && diskServing(last),
  };
  const poll = async () => {
    // the core's view first, then the log: every error the core could have counted is drained
    const v = await view();
    for (const e of control.readNew()) {
      if (e.slot !== f.slot) continue;
      st.injected++;
      st.firstWall ??= e.atWall;
      st.lastErrWall = e.atWall;
      history.append({
        kind: 'io.error.injected',
        id,
        node: f.node,
        slot: e.slot,
        bay,
        call: e.call,
        errno: e.errno,
        atWall: e.atWall,
        n: st.injected,
      });
    }
    if (v?.status !== last?.status || v?.lastError !== last?.lastError || v?.chunks !== last?.chunks) snapshot(v, 'changed');
    // ejected means taken out of service: a disk never seen serving in this watch (still being scanned, say) is not
    st.seenServing ||= !!v && diskServing(v);
    if (st.damagedWall === null && st.seenServing && isDamaged(v)) {
      st.damagedWall = Date.now();
      history.append({
        kind: 'core.disk.damaged',
        id,
        node: f.node,
        slot: f.slot,
        bay,
        status: v!.status,
        atWall: st.damagedWall,
        injectedUpToHere: st.injected,
      });
    }
    last = v;
  };

  const t0 = Date.now();
  const waitMs = f.maxWaitSeconds * 1000;
  if (f.mode === 'burst') {
    // the burst lasts until the bay has seen `count` chunk I/O calls
    while (control.counters(f.slot).remaining > 0 && Date.now() - t0 < waitMs) {
      await poll();
      await sleep(POLL_MS, ctx.signal);
    }
    const left = control.counters(f.slot).remaining;
    control.clear(f.slot);
    await poll();
    const opsAtEnd = control.counters(f.slot).ops;
    history.append({
      kind: 'fault.effect',
      id,
      burstComplete: left === 0,
      injected: st.injected,
      opsAfterBurstStart: opsAtEnd - opsBefore,
    });
    ctx.log(
      `${id}: ${st.injected} errors injected${left > 0 ? ` (${left} not used: the bay saw too little I/O in ${f.maxWaitSeconds} s)` : ''}; watching the disk for ${f.observeSeconds} s`,
    );
    const tEnd = Date.now();
    while (Date.now() - tEnd < f.observeSeconds * 1000) {
      await sleep(POLL_MS, ctx.signal);
      await poll();
    }
    const opsAfter = control.counters(f.slot).ops - opsAtEnd;
    history.append({ kind: 'fault.effect', id, service: 'after-burst', opsAfterBurst: opsAfter, observedSeconds: f.observeSeconds });
    snapshot(last, 'after-observation');
  } else {
    // the wait runs from the first error, as the T5 figure does (errors may come late: they need chunk I/O on the bay)
    while (st.damagedWall === null && Date.now() - (st.firstWall ?? t0) < waitMs) {
      await poll();
      if (st.damagedWall === null) await sleep(POLL_MS, ctx.signal);
    }
    control.clear(f.slot);
    await poll();
    history.append({ kind: 'fault.effect', id, injected: st.injected, ejected: st.damagedWall !== null });
    ctx.log(
      `${id}: ${st.damagedWall !== null ? `MooseFS marked ${bay} damaged ${((st.damagedWall - (st.firstWall ?? t0)) / 1000).toFixed(1)} s after the first error (${st.injected} errors injected)` : `still not ejected after ${f.maxWaitSeconds} s`}`,
    );
  }

  let replaced: unknown = null;
  if (st.damagedWall !== null) {
    // the disk's errors were real to the core: replace it as a technician would (T3's path)
    const { binding } = ctx.rack.node(f.node);
    const pulled = await binding.pull(f.slot);
    const inserted = await binding.insert(f.slot, 'blank');
    replaced = { pulled, inserted };
    history.append({
      kind: 'fault.cleanup',
      id,
      action: 'damaged disk replaced by a blank one (pull + insert through the node binding)',
      coreAcceptedSeconds: inserted.coreAcceptedSeconds,
    });
    snapshot(await view(), 'after-replacement');
  }
  history.append({ kind: 'core.process', faultId: id, target: f.node, when: 'after', ...(await cluster.processIdentity(f.node)) });
  history.append({
    kind: 'fault.end',
    id,
    injected: st.injected,
    firstErrorWall: st.firstWall,
    lastErrorWall: st.lastErrWall,
    damagedWall: st.damagedWall,
    replaced,
  });
}
