// A disk pulled and put back by the person at the rack, on a delivered system the harness did
// not start: the slot's locate LED lit through the BMC (Redfish LocationIndicatorActive), the
// step shown on the terminal, its effect seen through the BMC (the drive Absent, then back)
// and timed from there to the core's own disk list (the disk let go, then served again),
// never from a key press. Refused while the core reports a chunk below its goal. Recorded as
// the nemesis records a pull, so T3 judges it alike; a step not carried out is recorded as
// such (nothing to judge the core by), never as the core's failure.
import { sleep } from '../clock';
import { fetchJson } from '../inventory/fetch-json';
import { bayName } from '../topology/bays';
import { onCleanup, stopRequested } from '../topology/cleanup';
import type { CoreDiskState } from '../core/adapter';
import { lookAt, recordLook } from '../observe/core-observer';
import {
  faultEnder,
  ledHint,
  onBmc,
  redundancyRefusal,
  refuser,
  setLocateLed,
  type FieldFaultContext,
  type FieldFaultOutcome,
} from './field-fault';
import { type Operator, type OperatorReply, answerSaid } from './operator';
import { abortedBy, rackStep, type StepSeen } from './rack-step';

export interface FieldDiskPull {
  id: string;
  /** the node's name in the target file */
  node: string;
  /** its address as the core lists it */
  address: string;
  /** the slot as on the chassis label (the BMC's LocationOrdinalValue) */
  slot: number;
  /** the core's path of the disk in that slot, when the target file says (else any disk of the node letting go counts) */
  corePath?: string;
  bmc: { url: string; headers: Record<string, string> };
  /** the disk stays out at least this long once the BMC shows the bay empty */
  outSeconds: number;
  /** longest each step's effect is waited for: by the BMC after the answer 'done', by the core after the BMC */
  watchSeconds: number;
  /** longest the person has for each step */
  stepSeconds: number;
  pollMs: number;
  timeoutMs: number;
}

const FAULT = 'disk-pull';

const label = (slot: number) => `slot ${String(slot).padStart(2, '0')}`;

/** The drive resource of the slot, found by its place (LocationOrdinalValue) in the chassis' drives, on the BMC only. */
async function driveOf(f: FieldDiskPull): Promise<URL> {
  const get = async (u: URL) => {
    const r = await fetchJson(u, f.bmc.headers, f.timeoutMs);
    if (!r.ok) throw new Error(`${u.href}: ${r.error}`);
    return r.body;
  };
  const members = (body: Record<string, unknown>) =>
    ((body.Members as { '@odata.id'?: string }[] | undefined) ?? []).flatMap((m) => (m['@odata.id'] ? [m['@odata.id']] : []));
  for (const chassis of members(await get(new URL('/redfish/v1/Chassis', f.bmc.url)))) {
    const c = await get(onBmc(chassis, f.bmc));
    const drives = (c.Drives as { '@odata.id'?: string } | undefined)?.['@odata.id'];
    if (!drives) continue;
    for (const d of members(await get(onBmc(drives, f.bmc)))) {
      const url = onBmc(d, f.bmc);
      const place = (await get(url)).PhysicalLocation as { PartLocation?: { LocationOrdinalValue?: number } } | undefined;
      if (place?.PartLocation?.LocationOrdinalValue === f.slot) return url;
    }
  }
  throw new Error(
    `${f.bmc.url}: no drive in ${label(f.slot)} among the chassis' drives (PhysicalLocation.PartLocation.LocationOrdinalValue)`,
  );
}

/** The drive's Status.State as the BMC reports it now, null when it does not answer. */
async function driveState(f: FieldDiskPull, drive: URL): Promise<string | null> {
  const r = await fetchJson(drive, f.bmc.headers, f.timeoutMs);
  return r.ok ? String((r.body.Status as { State?: string } | undefined)?.State ?? 'unknown') : null;
}

/** The slot's locate LED on or off (field-fault.ts setLocateLed). */
const locateLed = (f: FieldDiskPull, ctx: FieldFaultContext, drive: URL, on: boolean) =>
  setLocateLed(ctx, f, drive, { what: `Drive ${label(f.slot)}`, where: `${f.node} ${label(f.slot)}` }, on);

/** One step of the pull: the drive's state on the BMC, then the core's disks. */
function step(
  f: FieldDiskPull,
  ctx: FieldFaultContext & { operator: Operator },
  drive: URL,
  name: 'pull' | 'insert',
  instruction: string,
  bmcShows: (state: string) => boolean,
  coreShows: (disks: CoreDiskState[]) => CoreDiskState | undefined,
  last: { state: string | null },
): Promise<{ reply: OperatorReply; seen: StepSeen<CoreDiskState> }> {
  return rackStep(
    {
      id: f.id,
      step: name,
      instruction,
      deviceState: () => driveState(f, drive),
      deviceShows: bmcShows,
      async coreShows() {
        const disks = (await ctx.view.diskStates?.().catch(() => null)) ?? null;
        return disks ? coreShows(disks) : undefined;
      },
      onState: (state) => ctx.history.append({ kind: 'field.drive', id: f.id, node: f.node, slot: f.slot, state, atWall: Date.now() }),
    },
    { stepSeconds: f.stepSeconds, afterDoneSeconds: f.watchSeconds, coreSeconds: f.watchSeconds, pollMs: f.pollMs },
    ctx,
    last,
  );
}

export async function fieldDiskPull(f: FieldDiskPull, ctx: FieldFaultContext & { operator: Operator }): Promise<FieldFaultOutcome> {
  const { history, log } = ctx;
  const where = `${f.node} ${label(f.slot)}`;
  const refuse = refuser(ctx, { id: f.id, fault: FAULT, target: where }, `pulling the disk of ${where}`);
  const before = await lookAt(ctx.view, { disks: true });
  // safety on a production system: a disk's copies must all have another copy elsewhere
  const unsafe = redundancyRefusal(before, f.node, f.address, `a disk of ${f.node}`);
  if (unsafe || !before.nodes || !before.health) return refuse(unsafe ?? 'the core did not answer');
  if (!before.disks) return refuse("the core's management access lists no disks: whether it let go of the pulled disk could not be seen");
  const serving = before.disks.filter((d) => d.address === f.address && d.serving);
  if (!serving.length) return refuse(`the core lists no disk of ${f.node} in service`);
  if (f.corePath && !serving.some((d) => d.path === f.corePath))
    return refuse(`the core does not serve ${f.corePath} on ${f.node}, the disk the target file places in ${label(f.slot)}`);
  let drive: URL;
  try {
    drive = await driveOf(f);
  } catch (e) {
    return refuse((e as Error).message);
  }
  const state = await driveState(f, drive);
  if (state !== 'Enabled') return refuse(`the BMC reports the drive in ${where} ${state ?? 'unreadable'}: no disk in service to pull`);
  if (stopRequested()) return refuse('the run is being stopped');

  recordLook(history, before, { by: 'nemesis', faultId: f.id, when: 'before' });
  history.append({
    kind: 'fault.start',
    id: f.id,
    fault: FAULT,
    node: f.node,
    slot: f.slot,
    address: f.address,
    mode: 'operator',
    ...(f.corePath ? { bay: f.corePath } : {}),
  });
  // the drive's state as the BMC reports it, recorded at each change from here on
  const last = { state: state as string | null };
  history.append({ kind: 'field.drive', id: f.id, node: f.node, slot: f.slot, state, atWall: Date.now() });
  history.sync();
  const end = faultEnder(history, f.id);
  const lit = await locateLed(f, ctx, drive, true);
  let out = false;
  // the disk out as the BMC last showed it: a run stopped during a step leaves the LED lit and says so
  const isOut = () => out || last.state === 'Absent';
  // a run stopped with the disk out: the LED stays lit and the terminal says what to put back
  const reminder = onCleanup(`${where}: the locate LED off, the disk back in`, async () => {
    if (isOut()) log(`${f.id}: THE DISK OF ${where.toUpperCase()} IS STILL OUT: put it back (its locate LED stays lit)`);
    else await locateLed(f, ctx, drive, false);
  });
  const servingPaths = new Set(serving.map((d) => d.path));
  const watched = f.corePath ? [f.corePath] : [...servingPaths];
  try {
    const pull = await step(
      f,
      ctx,
      drive,
      'pull',
      `pull the disk out of ${where} (${ledHint(lit)}), then answer done`,
      (s) => s === 'Absent',
      // the core let go: the disk (the slot's, else any of the node's it served) listed as not served,
      // or not listed while the same look lists the node's other disks (a node that did not answer lets go of nothing)
      (disks) => {
        const mine = disks.filter((d) => d.address === f.address);
        // the node answering in this look: another of its disks served (a whole node down is not the disk let go)
        const answering = (path: string) => mine.some((d) => d.serving && d.path !== path);
        const listed = watched.flatMap((p) => mine.filter((d) => d.path === p && !d.serving));
        if (listed[0] && answering(listed[0].path)) return listed[0];
        const unlisted = watched.find((p) => !mine.some((d) => d.path === p));
        return unlisted && answering(unlisted) ? { address: f.address, path: unlisted, status: 'not listed', serving: false } : undefined;
      },
      last,
    );
    const stop = abortedBy(pull.reply);
    if (pull.seen.deviceWall === null) {
      const why =
        pull.reply.answer === 'done'
          ? `${pull.reply.who} answered done, but the BMC never showed ${where} empty (within ${f.watchSeconds} s of the answer)`
          : `the pull was not done: ${answerSaid(pull.reply, f.stepSeconds)}`;
      log(`${f.id}: ${why}`);
      // the BMC may be slow to show it: a disk that might be out is asked back, its LED left lit
      if (pull.reply.answer === 'done') {
        out = true;
        log(`${f.id}: IF THE DISK OF ${where.toUpperCase()} WAS PULLED, PUT IT BACK (its locate LED stays lit)`);
      }
      return end({ notDone: why }, stop);
    }
    out = true;
    const noticed = pull.seen.coreSeconds;
    if (pull.seen.shown)
      history.append({
        kind: 'core.disk',
        id: f.id,
        node: f.node,
        slot: f.slot,
        bay: bayName(f.slot),
        path: pull.seen.shown.path,
        why: 'let go after the pull',
        status: pull.seen.shown.status,
        serving: false,
        chunks: null,
        lastError: null,
      });
    log(
      `${f.id}: the BMC showed ${where} empty; ${noticed === null ? `the core still served every disk of ${f.node} ${f.watchSeconds} s later` : `the core let go of ${pull.seen.shown?.path} ${noticed} s after`}`,
    );
    // the disk stays out its time (the core's chance to notice) before it is asked back
    const outFor = f.outSeconds * 1000 - (Date.now() - pull.seen.deviceWall);
    if (outFor > 0) await sleep(outFor, ctx.signal);
    const gonePath = pull.seen.shown?.path;
    const insert = await step(
      f,
      ctx,
      drive,
      'insert',
      `put the same disk back into ${where} (${ledHint(lit)}), then answer done`,
      // a working disk: a dead one put back is not the core's to serve
      (s) => s === 'Enabled',
      // taken back: every disk of the node served before is served again
      (disks) => {
        const now = new Map(disks.filter((d) => d.address === f.address).map((d) => [d.path, d]));
        return [...servingPaths].every((p) => now.get(p)?.serving) ? now.get(gonePath ?? [...servingPaths][0]!) : undefined;
      },
      last,
    );
    const pulled = { ok: true, slot: f.slot, coreNoticedSeconds: noticed, coreStatus: pull.seen.shown?.status, released: noticed !== null };
    if (insert.seen.deviceWall === null) {
      const why =
        insert.reply.answer === 'done'
          ? `${insert.reply.who} answered done, but the BMC never showed a working disk in ${where} again (last: ${last.state ?? 'unreadable'})`
          : `the disk was not put back: ${answerSaid(insert.reply, f.stepSeconds)}`;
      log(`${f.id}: ${why}: THE DISK OF ${where.toUpperCase()} IS STILL OUT`);
      return end({ pulled, notDone: why }, abortedBy(pull.reply, insert.reply));
    }
    out = false;
    const accepted = insert.seen.coreSeconds;
    log(
      `${f.id}: the BMC showed a disk in ${where} again; ${accepted === null ? `the core did not serve it within ${f.watchSeconds} s` : `the core served it ${accepted} s after`}`,
    );
    return end(
      { pulled, inserted: { ok: true, slot: f.slot, blank: false, coreAcceptedSeconds: accepted } },
      abortedBy(pull.reply, insert.reply),
    );
  } finally {
    if (!isOut()) {
      await locateLed(f, ctx, drive, false);
      reminder();
    }
  }
}
