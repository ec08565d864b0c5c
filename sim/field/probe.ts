// A field run on a delivered system the harness did not start: the machines read through
// their BMCs and the switch's management interface, then camera load written under the
// run's own test folder on the mount the recording servers use, bounded in time and size,
// every acknowledged segment read back, and the test data removed (unless kept). All of it
// goes to a history like any run's, judged by the same checkers; what a mount and a BMC
// cannot show is left to them to call INCONCLUSIVE.
import { existsSync, lstatSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RunClock, sleep } from '../clock';
import { HistoryWriter, type HistoryEvent } from '../history';
import type { TargetRole } from '../inventory-event';
import { recordInventory } from '../inventory/redfish-walk';
import { recordSwitchInventory } from '../inventory/switch-walk';
import type { VideoLoadSpec } from '../plan/scenario';
import { onCleanup } from '../topology/cleanup';
import type { CoreView } from '../core/adapter';
import { CoreObserver, recordPlacement } from '../observe/core-observer';
import { VideoLoad } from '../workload/video-load';
import { HEADER_BYTES } from '../workload/segment';
import { segmentBytes } from '../workload/cameras';
import { verifyAcknowledged, type VerifyBounds, type VerifyOutcome } from '../workload/verify';
import type { FieldFaultOutcome, ScheduledFieldFault } from './field-fault';
import { fileSystemOf, fileSystemProblem, type FileSystemExpected } from './mount-identity';
import { chooseSiteFiles, readSiteFiles, type SiteReadLimits } from './site-recordings';

export interface FieldMachine {
  name: string;
  role: TargetRole | 'switch';
  url: string;
  /** an Authorization header, read from the environment by the caller; never recorded */
  headers: Record<string, string>;
}

export interface ProbeSpec {
  runId: string;
  seed: string;
  outDir: string;
  /** the clauses the run claims (the hardware ones are added by what was read) */
  clauses: readonly string[];
  target: {
    name: string;
    mount: string;
    readMount: string;
    testFolder: string;
    maxTestBytes: number;
    /** how the core is reached, and so what file system the mounts must be */
    core: FileSystemExpected;
  };
  machines: readonly FieldMachine[];
  /** the core's own view through its management access (absent: probe-only, judged from the mount and the BMCs) */
  coreView?: CoreView;
  /** how often that view is read during the load */
  pollMs: number;
  workload: VideoLoadSpec;
  /** how long the cameras write, at most (the size bound may end them sooner) */
  seconds: number;
  /**
   * A fault during the load (needs coreView): a node's power cut through its BMC, a disk pulled by
   * the person at the rack. After `afterSeconds` of writing, and the cameras go on
   * `settleSeconds` after it ends, however long `seconds` is.
   */
  fault?: ScheduledFieldFault;
  /** the site's own recordings to read before the load and after it (a folder under the mount; absent: none is opened) */
  siteRecordings?: { folder: string } & SiteReadLimits;
  /** record where the core put each acknowledged segment's chunks, before the test data goes (T8's share on an added node) */
  placement?: boolean;
  keepTestData: boolean;
  verify: VerifyBounds;
  timeoutMs: number;
  log: (m: string) => void;
}

export interface ProbeRecord {
  historyPath: string;
  testDir: string;
  segments: { acked: number } & VerifyOutcome;
  load: { passed: boolean; failures: string[]; summaryPath: string };
  testData: { files: number; bytes: number; action: 'removed' | 'kept'; error?: string };
}

export class FieldRefusal extends Error {}

/** The last view of the core recorded, in one line for the log. */
function viewLine(last: { nodes?: HistoryEvent; health?: HistoryEvent }): string {
  const { nodes, health } = last;
  const n =
    nodes?.kind === 'core.nodes'
      ? `${nodes.nodes.length} storage nodes listed`
      : `nodes not read (${nodes?.kind === 'core.nodes.error' ? nodes.error : '—'})`;
  const h =
    health?.kind === 'core.health'
      ? `chunks missing ${health.missing}, endangered ${health.endangered}, under goal ${health.undergoal}, stable ${health.stable}`
      : `chunk health not read (${health?.kind === 'core.health.error' ? health.error : '—'})`;
  return `${n}; ${h}`;
}

/** Refuses a mount (and read mount) the run cannot safely write under, before anything is written. */
export function checkMount(mount: string, testFolder: string, readMount: string = mount): void {
  for (const [what, path] of [
    ['mount', mount],
    ['read mount', readMount],
  ] as const) {
    if (!existsSync(path)) throw new FieldRefusal(`${what} ${path} does not exist`);
    if (!statSync(path).isDirectory()) throw new FieldRefusal(`${what} ${path} is not a folder`);
  }
  const own = join(mount, testFolder);
  if (existsSync(own) && lstatSync(own).isSymbolicLink())
    throw new FieldRefusal(`${own} is a symbolic link: the test folder must be a plain folder under the mount`);
}

/**
 * Why the target's mount would be refused, or null when it would not: checkMount's reason, or
 * a mount (or read mount) that is not the storage the target names (fileSystemProblem).
 */
export async function mountProblem(t: {
  mount: string;
  testFolder: string;
  readMount?: string;
  core: FileSystemExpected;
}): Promise<string | null> {
  try {
    checkMount(t.mount, t.testFolder, t.readMount ?? t.mount);
  } catch (e) {
    if (e instanceof FieldRefusal) return e.message;
    throw e;
  }
  const readMount = t.readMount ?? t.mount;
  return (
    (await fileSystemProblem('mount', t.mount, t.core)) ??
    (readMount === t.mount ? null : await fileSystemProblem('read mount', readMount, t.core))
  );
}

/**
 * The most the cameras can have written when the load is told to stop: what was acknowledged
 * or failed, and every segment each camera may still have in flight. The load stops before
 * this would pass the target's bound.
 */
export function bytesCommitted(
  progress: { bytes: number; writeErrors: number },
  w: Pick<VideoLoadSpec, 'cameras' | 'maxInFlightPerCamera' | 'bitrateMbps' | 'segmentSeconds'>,
): { now: number; inFlight: number } {
  const segment = HEADER_BYTES + segmentBytes(w);
  // in flight: each camera's segments that may be under way, and one more each started before the next look (every 200 ms)
  return { now: progress.bytes + progress.writeErrors * segment, inFlight: w.cameras * (w.maxInFlightPerCamera + 1) * segment };
}

/** A file the run writes under its folder and reads back through the read mount: both show the same storage. */
const MARKER = '.probe-marker';

async function sameStorage(testDir: string, readDir: string, runId: string): Promise<void> {
  const seen = async () => {
    await writeFile(join(testDir, MARKER), runId);
    // an uncached view may show a new file a moment later
    for (;;) {
      if ((await readFile(join(readDir, MARKER), 'utf8').catch(() => null)) === runId) return true;
      await sleep(250);
    }
  };
  const ok = await within(MARKER_WAIT_MS, seen(), () => false);
  await within(MARKER_WAIT_MS, rm(join(testDir, MARKER), { force: true }), () => undefined).catch(() => undefined);
  if (!ok)
    throw new FieldRefusal(
      `the read mount does not show what the mount wrote (${join(readDir, MARKER)} not seen within ${MARKER_WAIT_MS / 1000} s): another storage, not the same folder, or a storage that does not answer`,
    );
}

async function sizeOf(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isFile()) continue;
    files++;
    bytes += (await stat(join(e.parentPath, e.name)).catch(() => ({ size: 0 }))).size;
  }
  return { files, bytes };
}

/** How long the count and removal of the test data are waited for: a storage that stopped answering must not hold the run for good. */
const SETTLE_WAIT_MS = 120_000;
/** How long the marker may take to be written and seen through the read mount. */
const MARKER_WAIT_MS = 10_000;

/** The promise's value, or late()'s once `ms` went by (late must not throw: it runs in a timer; what was started goes on, a call into a hung mount cannot be taken back). */
async function within<T>(ms: number, p: Promise<T>, late: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<T>((r) => (timer = setTimeout(() => r(late()), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Removes the run's folder under the test folder, and the test folder when nothing else is in it. */
async function removeTestData(testDir: string, testRoot: string): Promise<void> {
  await rm(testDir, { recursive: true, force: true });
  if ((await readdir(testRoot).catch(() => ['?'])).length === 0) await rmdir(testRoot).catch(() => undefined);
}

export async function runProbe(s: ProbeSpec): Promise<ProbeRecord> {
  const refused = await mountProblem(s.target);
  if (refused) throw new FieldRefusal(refused);
  const clock = new RunClock(1);
  const historyPath = join(s.outDir, 'history.jsonl');
  const history = new HistoryWriter(historyPath, clock);
  history.append({ kind: 'run.start', runId: s.runId, seed: s.seed, scenario: 'probe', variant: 'reference', clauses: s.clauses });
  const t = s.target;
  history.append({
    kind: 'field.target',
    name: t.name,
    mount: t.mount,
    readMount: t.readMount,
    testFolder: t.testFolder,
    maxTestBytes: t.maxTestBytes,
    core: t.core.kind,
    fileSystems: [...new Set([t.mount, t.readMount])].map((path) => ({ path, ...fileSystemOf(path)! })),
    machines: s.machines.map((m) => ({ name: m.name, role: m.role, url: m.url, authenticated: Object.keys(m.headers).length > 0 })),
  });
  const testRoot = join(t.mount, t.testFolder);
  const testDir = join(testRoot, s.runId);
  let load: VideoLoad | undefined;
  let observer: CoreObserver | undefined;
  const lastView: { nodes?: HistoryEvent; health?: HistoryEvent } = {};
  let settling: Promise<ProbeRecord['testData']> | undefined;
  const settleTestData = () =>
    (settling ??= (async () => {
      s.log(s.keepTestData ? `counting the test data under ${testDir}` : `removing the test data under ${testDir}`);
      const work = (async (): Promise<ProbeRecord['testData']> => {
        const size = await sizeOf(testDir);
        if (s.keepTestData) return { ...size, action: 'kept' };
        try {
          await removeTestData(testDir, testRoot);
          return { ...size, action: 'removed' };
        } catch (e) {
          return { ...size, action: 'removed', error: (e as Error).message };
        }
      })();
      const data = await within(SETTLE_WAIT_MS, work, (): ProbeRecord['testData'] => ({
        files: 0,
        bytes: 0,
        action: s.keepTestData ? 'kept' : 'removed',
        error: `not ${s.keepTestData ? 'counted' : 'removed'} within ${SETTLE_WAIT_MS / 1000} s (the storage does not answer)`,
      }));
      history.append({ kind: 'field.test-data', folder: testDir, ...data });
      s.log(
        data.error
          ? `test data NOT ${s.keepTestData ? 'counted' : 'removed'} under ${testDir}: ${data.error}`
          : s.keepTestData
            ? `test data kept: ${testDir} (${data.files} files, ${(data.bytes / 1e6).toFixed(1)} MB)`
            : `test data removed: ${data.files} files, ${(data.bytes / 1e6).toFixed(1)} MB under ${testDir}`,
      );
      return data;
    })());
  // Ctrl-C during the load: a fault's watch ends, the writers stop and the run's test data goes, as at the end
  const stopper = new AbortController();
  const undo = onCleanup(`field test data ${testDir}`, async () => {
    stopper.abort();
    await load?.abort('interrupted');
    await settleTestData();
    history.close();
  });
  const readDir = join(t.readMount, t.testFolder, s.runId);
  try {
    // the run's folder, and proof that the read mount shows it, before anything else
    const made = await within(
      MARKER_WAIT_MS,
      mkdir(testDir, { recursive: true }).then(() => true),
      () => false,
    );
    if (!made) throw new FieldRefusal(`${testDir} not made within ${MARKER_WAIT_MS / 1000} s: the storage does not answer`);
    await sameStorage(testDir, readDir, s.runId);
    for (const m of s.machines) {
      if (m.role === 'switch') {
        const e = await recordSwitchInventory(history, {
          url: m.url,
          target: m.name,
          source: 'switch',
          timeoutMs: s.timeoutMs,
          headers: m.headers,
        });
        s.log(`${m.name} ${m.url}: ${e.reachable ? `${e.ports.length} Ethernet ports (${e.source})` : `not readable: ${e.error}`}`);
      } else {
        const e = await recordInventory(history, {
          url: m.url,
          target: m.name,
          role: m.role,
          source: 'bmc',
          timeoutMs: s.timeoutMs,
          headers: m.headers,
        });
        s.log(
          `${m.name} ${m.url}: ${e.reachable ? `${e.resources.filter((r) => r.status === 'read').length} resources read (${e.source})` : `not readable: ${e.error}`}`,
        );
      }
    }
    if (s.coreView) {
      history.subscribe((e) => {
        if (e.kind === 'core.nodes' || e.kind === 'core.nodes.error') lastView.nodes = e;
        if (e.kind === 'core.health' || e.kind === 'core.health.error') lastView.health = e;
      });
      observer = new CoreObserver(s.coreView, history, s.pollMs);
      await observer.observeOnce();
      s.log(`the core's own view: ${viewLine(lastView)}`);
      observer.start();
    }
    // the site's recordings, when asked: read through the read mount before anything is written
    const site = s.siteRecordings;
    const siteRoot = site ? join(t.readMount, site.folder) : '';
    const siteFiles = site ? await chooseSiteFiles(siteRoot, site.maxBytes) : null;
    /** the same files read whole again, recorded (field.site-recordings) and said */
    const readSite = async (when: 'before' | 'after') => {
      if (!site || !siteFiles) return;
      const files = await readSiteFiles(siteRoot, siteFiles.paths, site.fileTimeoutMs);
      history.append({ kind: 'field.site-recordings', when, folder: site.folder, truncated: siteFiles.truncated, files });
      const bound = siteFiles.truncated ? ` (the ${(site.maxBytes / 2 ** 20).toFixed(0)} MiB bound reached: the rest not read)` : '';
      s.log(
        `the site's recordings under ${siteRoot}: ${files.filter((f) => f.sha256).length} of ${files.length} files read whole ${when} the load${bound}`,
      );
    };
    await readSite('before');
    load = new VideoLoad(s.workload, { mountPoint: testDir, readMountPoint: readDir, history, clock, seed: s.seed });
    await load.prepare();
    s.log(
      `load: ${s.workload.cameras} cameras x ${s.workload.bitrateMbps} Mbps for at most ${s.seconds} s or ${(t.maxTestBytes / 2 ** 20).toFixed(0)} MiB, under ${testDir}`,
    );
    load.start();
    const t0 = Date.now();
    const committed = () => bytesCommitted(load!.progress, s.workload);
    const pl = s.fault;
    let fault: Promise<FieldFaultOutcome> | undefined;
    let faultEnded: number | null = null;
    let faultFailed = false;
    let stop: string | undefined;
    const faultPending = () => !!pl && (faultEnded === null || Date.now() - faultEnded < pl.settleSeconds * 1000);
    while ((Date.now() - t0) / 1000 < s.seconds || faultPending()) {
      if (pl && !fault && (Date.now() - t0) / 1000 >= pl.afterSeconds) {
        if (!s.coreView) throw new FieldRefusal(`${pl.id}: a fault needs the core's own view (probe-only cannot check redundancy)`);
        fault = pl.perform({ history, view: s.coreView, log: s.log, signal: stopper.signal }).finally(() => (faultEnded = Date.now()));
        // an error ends the loop at once (the await below rethrows it); so does the operator's abort
        fault.then((o) => (stop = o.ran ? o.stop : undefined)).catch(() => (faultFailed = true));
      }
      if (faultFailed) break;
      if (stop) {
        s.log(`${stop}: the cameras stop`);
        break;
      }
      const c = committed();
      if (c.now + c.inFlight >= t.maxTestBytes) {
        s.log(
          `the test data reached its bound (${(c.now / 2 ** 20).toFixed(0)} MiB written, ${(c.inFlight / 2 ** 20).toFixed(0)} MiB may be in flight): the cameras stop`,
        );
        break;
      }
      await sleep(200);
    }
    if (pl && fault && faultEnded === null)
      s.log(`${pl.id}: the cameras stop while the fault is still watched: the write rate after it is not measured`);
    // segments in flight finish: within the bound, by the reserve kept for them above; a fault
    // under way still ends after (its watch is bounded), so the bound holds through it
    const outcome = await load.finish();
    if (fault) await fault;
    else if (pl)
      history.append({
        kind: 'fault.refused',
        id: pl.id,
        fault: pl.fault,
        target: pl.target,
        reason: 'the test data reached its bound before the fault was due',
      });
    if (observer) {
      await observer.stop();
      await observer.observeOnce();
      s.log(`the core's own view after the load: ${viewLine(lastView)}`);
    }
    const view = s.coreView;
    if (s.placement && view?.placementUnder) {
      s.log(`recording chunk placement of ${load.acked.length} acknowledged segments (the core's own placement)`);
      const n = await recordPlacement({ placement: (paths) => view.placementUnder!(testDir, paths) }, load.acked, history).catch(
        (e: Error) => (s.log(`chunk placement not read: ${e.message}`), 0),
      );
      s.log(`chunk placement of ${n} segments recorded`);
    } else if (s.placement) s.log(`the core's management access does not say where chunks are: no placement recorded`);
    const summaryPath = join(s.outDir, 'load-summary.json');
    writeFileSync(summaryPath, JSON.stringify(outcome.summary, null, 2));
    s.log(`load summary (JSON: ${summaryPath})\n${outcome.text}`);
    s.log(`verifying ${load.acked.length} acknowledged segments through ${readDir}`);
    const v = await verifyAcknowledged(load.acked, { path: readDir, options: [] }, history, s.verify, undefined, load.recordingKey);
    s.log(
      `read back ${v.verified} of ${load.acked.length} acknowledged segments intact (${v.lost} lost, ${v.corrupt} corrupt, ${v.unreadable} unreadable)`,
    );
    await readSite('after');
    history.append({ kind: 'run.end', ...v, acked: load.acked.length });
    return {
      historyPath,
      testDir,
      segments: { acked: load.acked.length, ...v },
      load: { passed: outcome.passed, failures: outcome.failures, summaryPath },
      testData: await settleTestData(),
    };
  } catch (e) {
    history.append({ kind: 'run.error', error: (e as Error).message });
    throw e;
  } finally {
    undo();
    if (load) await load.abort('the probe ended').catch(() => undefined);
    await observer?.stop().catch(() => undefined);
    await settleTestData();
    history.close();
  }
}
