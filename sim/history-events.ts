// Every event kind the history holds, declared once: the schema `append` checks each event
// against, the reader validates a saved history with, and checkers narrow by `kind` on.
// Each kind names the fields its writers always or sometimes set and checkers read; other
// fields (of the event and of nested objects) pass unchecked, so adding a field needs no
// format bump, while an undeclared kind or a declared field of another type is refused.
import { z } from 'zod';
import { inventoryEventSchema, switchInventoryEventSchema } from './inventory-event';

/** The history format: written in the first line of every history (see HISTORY_HEADER). */
export const HISTORY_FORMAT = 'accept-history';
/** 2: first line is the header, every event is one of the kinds below. 1: no header, no schema. */
export const HISTORY_VERSION = 2;

export const historyHeaderSchema = z.looseObject({
  format: z.literal(HISTORY_FORMAT),
  version: z.number().int(),
  kinds: z.number().int().optional(),
});
export type HistoryHeader = z.infer<typeof historyHeaderSchema>;

const str = z.string();
const num = z.number();
const bool = z.boolean();
const int = z.number().int();
const opt = <T extends z.ZodType>(t: T) => t.optional();
/** readonly: writers hand over their own readonly arrays */
const arr = <T extends z.ZodType>(t: T) => z.array(t).readonly();
/** an event kind and its fields; unknown fields pass */
const ev = <K extends string, S extends z.ZodRawShape>(kind: K, shape: S) => z.looseObject({ kind: z.literal(kind), ...shape });

// shared shapes of what the core shows
const chunkHealth = z.object({ missing: num, endangered: num, undergoal: num, stable: num, overgoal: num });
const nodeChunks = z.object({ address: str, chunks: num, usedBytes: num, totalBytes: num });
const diskView = z.object({ node: str, bay: str, status: str, serving: opt(bool), chunks: num, lastError: opt(str.nullable()) });
/** a recorded disk view serves data: the core's own judgement, or, in a history written before it was recorded, MooseFS's 'ok' */
export const diskServing = (v: { status: string; serving?: boolean }): boolean => v.serving ?? v.status === 'ok';
// a bay pulled and a disk inserted through the node's binding (PullResult, InsertResult)
const pulled = z.object({
  ok: bool,
  reason: opt(str),
  slot: num,
  serial: opt(str),
  coreNoticedSeconds: num.nullable(),
  coreStatus: opt(str),
  released: bool,
});
const inserted = z.object({ ok: bool, reason: opt(str), slot: num, serial: opt(str), blank: bool, coreAcceptedSeconds: num.nullable() });
const bay = { node: str, slot: num, bay: str };
/** the load tags each sample with the fault phase it fell in */
const phaseLabel = { phase: opt(str), fault: opt(str) };
const matchers = z.record(str, str);
const counterRow = z.object({ labels: str, value: num });

export const coreOptionSeenSchema = z.object({
  file: str,
  key: str,
  value: str,
  shipped: str.nullable(),
  kind: z.enum(['tuning', 'site']),
});
export const nodeEvidenceSchema = z.object({
  name: str,
  address: str,
  bays: num,
  requested: z.object({ arch: str, cpus: num.nullable(), memoryMiB: num.nullable() }),
  arch: str,
  archNote: str.nullable(),
  docker: z.object({ nanoCpus: num, memoryBytes: num }),
  cgroup: z.object({ version: num.nullable(), cpuQuotaUs: num.nullable(), cpuPeriodUs: num.nullable(), memoryLimitBytes: num.nullable() }),
  mountedBays: num,
  /** the node's own df of its bays at the start (absent in older histories) */
  bayBytes: opt(z.object({ total: num, free: num })),
  sha256MBps: num.nullable(),
});
export const faultySlotSchema = z.object({
  node: str,
  slot: num,
  serial: str.nullable(),
  label: str,
  row: num,
  column: num,
  rack: str,
  uFrom: num,
  uTo: num,
  health: str.nullable(),
});
export const trendPointSchema = z.object({
  atMs: num,
  temperatureC: num,
  reallocated: num,
  pending: num,
  offlineUncorrectable: num,
  gSense: num,
});
const thresholdRecord = z.object({ metric: str, expression: str, ok: bool, observed: opt(num), detail: str, message: str });

const EVENTS = [
  // the run
  ev('run.start', {
    runId: opt(str),
    seed: opt(str),
    scenario: str,
    variant: str,
    clauses: arr(str),
    accel: opt(num),
    trialDay: opt(num),
    trialAccel: opt(num),
    targets: opt(z.unknown()),
  }),
  ev('run.end', { verified: opt(num), lost: opt(num), corrupt: opt(num), unreadable: opt(num), seconds: opt(num), acked: num }),
  ev('run.error', { error: str }),
  // field mode: the delivered system the run was pointed at (no credentials), and what became of its test data
  ev('field.target', {
    name: str,
    mount: str,
    readMount: str,
    testFolder: str,
    maxTestBytes: num,
    core: str,
    // what the kernel listed for the mount and the read mount when the run began (absent in runs before 2026-12-08)
    fileSystems: opt(arr(z.object({ path: str, mountPoint: str, type: str, source: str }))),
    machines: arr(z.object({ name: str, role: str, url: str, authenticated: bool })),
  }),
  // the site's own recordings a field run was asked to read (--read-existing), before the load and after it: each file's hash, nothing copied
  ev('field.site-recordings', {
    when: z.enum(['before', 'after']),
    folder: str,
    truncated: bool,
    files: arr(z.object({ path: str, bytes: num, mtimeMs: num, sha256: str.nullable(), error: opt(str) })),
  }),
  // a reset or a locate LED a field run asked of a BMC, and the power state (the LED's state: readBack) the BMC reported after it
  ev('field.redfish', {
    id: str,
    node: str,
    action: str,
    status: num.nullable(),
    powerState: str.nullable(),
    readBack: opt(str),
    error: opt(str),
  }),
  // a step a person at the rack is asked to take in a field run, and their answer (who, and when by the wall clock)
  ev('operator.step', {
    id: str,
    step: str,
    instruction: str,
    answer: z.enum(['done', 'cannot', 'abort', 'timeout']),
    who: str,
    answeredWall: num,
  }),
  // a drive's state as its BMC reports it, when a field run sees it change (the slot as on the chassis label)
  ev('field.drive', { id: str, node: str, slot: num, state: str, atWall: num }),
  // a switch port's operational state as the switch's management interface reports it, when a field run sees it change
  ev('field.port', { id: str, node: str, switchPort: str, state: str, atWall: num }),
  // a node's PowerState as its BMC reports it, when a field run sees it change
  ev('field.power', { id: str, node: str, state: str, atWall: num }),
  ev('field.test-data', { folder: str, files: num, bytes: num, action: z.enum(['removed', 'kept']), error: opt(str) }),
  ev('topology.up', {
    core: str,
    version: str,
    master: str,
    nodes: arr(z.object({ name: str, address: str, bays: num, arch: opt(str) })),
    goal: num,
    seconds: opt(num),
  }),
  ev('topology.evidence', { nodes: arr(nodeEvidenceSchema) }),
  // a model-based run (sim/model): each sequence on the shared cluster, and each command as it ran
  ev('model.sequence', { index: int, dir: str, goal: int, selfHeal: bool, defect: str.nullable() }),
  // fault: the registry's kind of what the command does to the cluster, where no nemesis fault.start marks it (null: workload)
  ev('model.command', { seq: int, index: opt(int), command: str, args: z.record(str, z.unknown()), fault: str.nullable() }),
  ev('model.command.end', { seq: int, command: str, seconds: num, faultId: opt(str) }),
  ev('core.config', { options: arr(coreOptionSeenSchema) }),
  // what each node of the core used: idle (a short window after the start) and over the camera load
  ev('core.resources', {
    phase: z.enum(['idle', 'load']),
    seconds: num,
    nodes: arr(
      z.object({
        name: str,
        role: z.enum(['master', 'storage']),
        cpuCores: num.nullable(),
        rssBytes: num.nullable(),
        cacheBytes: num.nullable(),
      }),
    ),
  }),
  ev('control.defect', { defect: str, where: str, path: opt(str) }),
  ev('nemesis.nodes-off', { nodes: arr(str), why: str }),

  // the observer: what the core shows
  ev('observer.start', { intervalMs: num }),
  // when 'before': the core's own list as a fault began (the nodes a heal must see again)
  ev('core.nodes', { nodes: arr(nodeChunks), by: opt(str), faultId: opt(str), when: opt(z.enum(['before'])) }),
  ev('core.nodes.error', { error: opt(str) }),
  // the nemesis's own look while it waits for a heal records the three counts 'healed' reads
  ev('core.health', {
    missing: num,
    endangered: num,
    undergoal: num,
    stable: opt(num),
    overgoal: opt(num),
    oneCopyByGoal: opt(num),
    by: opt(str),
    faultId: opt(str),
    when: opt(z.enum(['before'])),
  }),
  ev('core.health.error', { error: opt(str) }),
  // copies a power cut emptied still on a node's disks, read again while its heal is awaited (hw.power.on has the first count)
  ev('core.damaged-copies', { node: str, count: num, by: opt(str), faultId: opt(str) }),
  // a heal watch that ended with chunks missing: the files holding them, as the core names them (error: it could not tell)
  ev('core.files-without-copy', {
    faultId: str,
    files: arr(z.object({ path: str, chunks: arr(num) })),
    seconds: num,
    error: opt(str),
    by: opt(str),
  }),
  ev('core.placement', { path: str, ackMono: num.nullable(), chunks: arr(z.object({ id: str, copies: arr(str) })) }),
  // unserved: the nemesis's comparison of the twins' present bays with the core's list (the model runs' heal waits for it)
  ev('core.disks', { disks: arr(diskView), by: opt(str), faultId: opt(str), unserved: opt(arr(str)) }),
  // path: the core's own name for the disk, where it differs from the bay's (a delivered system's)
  ev('core.disk', {
    id: str,
    ...bay,
    path: opt(str),
    why: str,
    status: str,
    serving: opt(bool),
    chunks: num.nullable(),
    lastError: str.nullable(),
  }),
  ev('core.disk.damaged', { id: str, ...bay, status: str, atWall: num.nullable(), injectedUpToHere: num }),
  ev('core.process', {
    faultId: str,
    target: str,
    // seen: during a heal watch, each time the process differs from the last one recorded
    when: z.enum(['before', 'seen', 'after']),
    pid: opt(num.nullable()),
    startedAt: opt(str.nullable()),
    restartCount: opt(num.nullable()),
    running: opt(bool),
    paused: opt(bool),
  }),

  // the camera load and the read-back
  ev('load.start', {
    name: str,
    cameras: num,
    bitrateMbps: num,
    segmentSeconds: num,
    segmentBytes: num,
    maxInFlightPerCamera: num,
    uploads: z.unknown(),
    players: z.unknown(),
    downloads: z.unknown(),
    durationSeconds: num.nullable(),
    thresholds: z.unknown(),
  }),
  ev('segment.write', {
    outcome: z.enum(['ok', 'fail']),
    role: str,
    camera: str,
    seq: num,
    path: str,
    dueMono: num,
    startMono: num,
    latencyMs: num,
    /** the payload's seed (acknowledged writes; histories before segment format 2 have a sha256 instead) */
    payloadSeed: opt(num),
    bytes: opt(num),
    endMs: opt(num),
    error: opt(str),
    ...phaseLabel,
  }),
  ev('segment.drop', { role: str, camera: str, seq: num, dueMono: num, cause: str, reason: str, ...phaseLabel }),
  ev('segment.read', { outcome: str, role: str, camera: str, seq: num, path: str, latencyMs: num, error: opt(str), ...phaseLabel }),
  ev('recording.download', {
    outcome: str,
    camera: opt(str),
    segments: opt(num),
    bytes: opt(num),
    ms: opt(num),
    vu: opt(num),
    reason: opt(str),
    error: opt(str),
    ...phaseLabel,
  }),
  /** the cameras' day folders made before the first segment, as a recording server running since before the day began has them */
  ev('load.folders', { folders: num, seconds: num, error: opt(str) }),
  ev('load.stop', { written: num, writeErrors: num, dropped: num, reads: num, readErrors: num, bytes: num, acked: num }),
  /** writer threads still in a call on the mount when the load ended (a hung client or core), and what freed them */
  ev('load.writers-stuck', { paths: arr(str), unblocked: arr(str), ended: bool }),
  ev('load.summary', {
    name: str,
    passed: bool,
    aborted: z.object({ reason: str, atMs: num, message: str }).nullable(),
    durationMs: num,
    thresholds: arr(thresholdRecord),
    failures: arr(str),
    recording: opt(
      z.object({
        completeness: num,
        gapCount: num,
        totalGapSeconds: num,
        worst: z.object({ camera: str, completeness: num }).nullable(),
        phases: opt(z.unknown()),
      }),
    ),
  }),
  ev('verify.start', {
    segments: num,
    mount: str,
    mountOptions: arr(str),
    reader: str,
    readDeadlineSeconds: num,
    maxTotalSeconds: num,
    parallel: num,
  }),
  ev('segment.verify', {
    outcome: str,
    camera: str,
    seq: num,
    path: str,
    error: opt(str),
    /** the payload seed in the header read back */
    payloadSeed: opt(num),
    readMs: opt(num),
    firstAttempt: opt(z.object({ readMs: opt(num), error: opt(str) })),
  }),
  ev('verify.end', { ok: num, lost: num, corrupt: num, unreadable: num, seconds: num }),

  // faults (the nemesis) and the healing it saw
  ev('fault.start', {
    id: str,
    fault: str,
    node: opt(str),
    target: opt(str),
    address: opt(str),
    mode: opt(str),
    selfHeal: opt(bool),
    slot: opt(num),
    bay: opt(str),
    nature: opt(str),
  }),
  ev('fault.effect', { id: str }),
  ev('fault.cleanup', { id: str, action: str, coreAcceptedSeconds: opt(num.nullable()) }),
  ev('fault.end', {
    id: str,
    recovered: opt(bool),
    waitedSeconds: opt(num),
    pulled: opt(pulled),
    inserted: opt(inserted),
    injected: opt(num),
    firstErrorWall: opt(num.nullable()),
    lastErrorWall: opt(num.nullable()),
    damagedWall: opt(num.nullable()),
    replaced: opt(z.unknown()),
    /** a field step that was not carried out, and why: nothing to judge the core by */
    notDone: opt(str),
    /** a node connected in the field that the core did not list within this many seconds of its BMC showing it On */
    notListedWithinSeconds: opt(num),
  }),
  ev('heal.by', {
    id: str,
    mechanism: str,
    simulatedBootSeconds: num,
    /** of the simulated boot, what the node was kept down for in real time (inside the measured time) */
    playedBootSeconds: opt(num),
    action: opt(str),
    silentSeconds: opt(num),
  }),
  ev('heal.power-restored', { id: str }),
  // a fault not done, and why (a field run's safety check: the system's redundancy could not absorb it)
  ev('fault.refused', { id: str, fault: str, target: str, reason: str }),
  ev('io.error.injected', { id: str, ...bay, call: str, errno: num, atWall: num, n: num }),
  ev('twin.spinup', { id: str, node: str, disks: num, peakAmps: num, withinRating: bool, psu12vAmps: num, nature: opt(str) }),
  ev('scaleout.prepare', { node: str, bays: num, defect: str.nullable() }),
  // mode 'operator': a node a person at the rack connected, added when its BMC showed it powered on (bays: not known then)
  ev('scaleout.add', { node: str, bays: num.nullable(), configured: arr(str), defect: str.nullable(), mode: opt(z.enum(['operator'])) }),
  ev('scaleout.powered', { node: str, address: str }),
  ev('lifecycle.drain.start', { id: str, node: str, address: str, chunks: num.nullable(), health: chunkHealth, maxSeconds: num }),
  ev('lifecycle.drain.progress', {
    id: str,
    node: str,
    t: num,
    removal: str.nullable(),
    markedChunks: num.nullable(),
    disks: z.record(str, num),
    health: chunkHealth.nullable(),
    ready: bool,
  }),
  ev('lifecycle.drain.end', {
    id: str,
    node: str,
    address: str,
    ready: bool,
    seconds: num,
    chunksAtStart: num.nullable(),
    markedChunks: num.nullable(),
    copiedElsewhere: num,
  }),
  ev('lifecycle.remove.refused', { id: str, node: str, address: str, reason: str }),
  ev('lifecycle.remove.start', { id: str, node: str, address: str, running: bool, drained: bool }),
  ev('lifecycle.remove.end', {
    id: str,
    node: str,
    address: str,
    listedAfter: str,
    forgot: bool,
    message: str,
    stoppedSeenSeconds: num.nullable(),
    deletedSeconds: num.nullable(),
    atGoal: bool,
    atGoalSeconds: num.nullable(),
    health: chunkHealth,
  }),
  ev('lifecycle.fail.start', { id: str, node: str, address: str, maxSeconds: num }),
  ev('lifecycle.fail.end', {
    id: str,
    node: str,
    address: str,
    detectedSeconds: num.nullable(),
    atGoalSeconds: num.nullable(),
    waitedSeconds: num,
    health: chunkHealth.nullable(),
  }),
  // mode 'operator': the cable pulled by the person at the rack (field mode), its port named as the switch names it
  ev('link.start', {
    id: str,
    action: str,
    node: str,
    port: num.nullable(),
    hold: z.union([num, str]),
    mode: opt(z.literal('operator')),
    switchPort: opt(str),
  }),
  ev('link.end', {
    id: str,
    action: str,
    node: str,
    port: num.nullable(),
    address: str,
    downSeconds: num,
    detectedAfterSeconds: num.nullable(),
    reconnectedAfterSeconds: num.nullable(),
    connectedAtEnd: bool,
    timeline: arr(z.object({ t: num, seen: str })),
    pollSeconds: num,
  }),
  // S6: a mirror session from a node's port to the analyzer, shown by the traffic it copied
  ev('switch.mirror', {
    id: str,
    node: str,
    port: num,
    direction: z.enum(['rx', 'tx', 'both']),
    seconds: num,
    sourceBytes: num,
    sourcePackets: num,
    mirroredBytes: num,
    mirroredPackets: num,
    afterBytes: num,
    disagreements: arr(str),
  }),
  ev('switch.mirror.error', { id: str, node: str, error: str }),
  // T4: known plaintext of acknowledged segments looked for on every bay's raw disk image and in downloads
  ev('encryption.probe', {
    id: str,
    /** 'harness-encryption': the recording server is the harness's reference implementation that encrypts */
    recordingPath: z.enum(['as-made', 'harness-encryption']),
    encryption: str.nullable(),
    keyFingerprint: str.nullable(),
    samples: num,
    /** each bay's file system synced before its image was read (unsynced data may not be on it yet) */
    synced: bool,
    syncError: opt(str),
    plaintextBytes: num,
    bays: num,
    baysUnread: arr(str),
    scannedBytes: num,
    scanSeconds: num,
    atRestRuns: num,
    atRestBytes: num,
    atRestExamples: arr(z.object({ node: str, bay: str, offset: num, segment: str, segmentOffset: num, length: num })),
    downloads: num,
    downloadErrors: arr(str),
    downloadPlaintextRuns: num,
    playableWithoutKey: num,
    /** null: the harness holds no key (the recording path is not its own) */
    decodedWithKey: num.nullable(),
    /** downloads as long as their plaintext: a stream cipher's keystream can be read off them */
    lengthPreserving: num,
    /** pairs of those whose keystreams are equal: one known recording decodes the other without the key */
    keystreamReusePairs: num,
    /** pairs of downloads with the same first 16 bytes (all plaintexts share them): a deterministic cipher */
    equalFirstBlockPairs: num,
  }),
  ev('encryption.probe.error', { id: str, error: str }),
  // T10: the recording server's retention period and the recording space's quota, changed online
  ev('retention.set', { id: str, seconds: num, previous: num.nullable() }),
  // stamped before the unlink; what the recording server read of it just before (a loss inside the period shows)
  ev('segment.delete', {
    camera: str,
    seq: num,
    path: str,
    endMs: num,
    ageSeconds: num,
    lastRead: z.enum(['ok', 'lost', 'corrupt', 'unreadable']),
    lastReadError: opt(str),
  }),
  ev('segment.delete.error', { path: str, error: str }),
  ev('retention.error', { error: str }),
  ev('quota.set', {
    id: str,
    folder: str,
    /** what was asked: bytes, or null to remove the quota */
    bytes: num.nullable(),
    /** the folder's use when it was asked */
    heldBytes: num.nullable(),
    ok: bool,
    /** the quota in force, read back afterwards */
    inForce: num.nullable(),
    /** asked as a multiple of what the folder held (bytes then says what that came to, null if it was never known) */
    ofHeld: opt(num),
    error: opt(str),
  }),
  ev('quota.probe', {
    id: str,
    folder: str,
    quotaBytes: num,
    /** the quota read back after it was set (null: none in force) */
    inForce: num.nullable(),
    attemptedBytes: num,
    /** what the writes accepted before an error (a client's cache may accept more than it stores) */
    acceptedBytes: num,
    /** the core refused the writes with 'quota exceeded' (EDQUOT) */
    refused: bool,
    error: opt(str),
  }),
  ev('quota.usage', { id: str, folder: str, lengthBytes: num, quotaBytes: num.nullable(), coreUsedBytes: opt(num) }),

  // the node's hardware binding (bays, power, BMC event log), per node
  ev('hw.event', { node: str, messageId: str, severity: str, message: str, virtualMs: num }),
  ev('hw.bay.pulled', { ...bay, serial: str.nullable(), live: bool, agent: str }),
  ev('hw.bay.core-noticed', { ...bay, seconds: num.nullable(), status: str }),
  ev('hw.bay.released', { ...bay, released: bool, seconds: num }),
  ev('hw.bay.inserted', { ...bay, serial: str.nullable(), blank: bool, image: str }),
  ev('hw.bay.core-accepted', { ...bay, seconds: num.nullable(), chunks: num.nullable() }),
  ev('hw.bay.died', { ...bay }),
  ev('hw.reset', { node: str, resetType: str, action: str }),
  ev('hw.power.cut', { node: str, why: str, disksKeepPower: bool, seconds: num }),
  ev('hw.power.shutdown', { node: str, why: str, seconds: num }),
  ev('hw.power.on', {
    node: str,
    seconds: num,
    simulatedSpinUpMs: opt(num),
    /** chunk files found empty or header-less on the node's bays before it booted (null: not read) */
    damagedChunkFiles: opt(num.nullable()),
    damagedChunkExamples: opt(arr(str)),
  }),
  ev('hw.agent.rescan-again', { node: str }),

  // disk health (twins' BMCs), the slot service and the one-screen page
  ev('disk.aging', { virtualDays: num, wallSeconds: num, accel: num.nullable(), deaths: opt(arr(str)), nature: opt(str) }),
  ev('disk.defect', { node: str, slot: num, serial: str, defect: z.unknown(), nature: opt(str) }),
  ev('disk.trend', { node: str, slot: num, serial: str, points: arr(trendPointSchema), nature: opt(str) }),
  ev('disk.check', {
    round: str,
    check: z.enum(['basic', 'deep']),
    node: str,
    slot: num,
    serial: str.nullable(),
    model: opt(str.nullable()),
    responding: bool,
    smartPassed: bool.nullable(),
    attributes: z.record(str, num),
    missing: arr(num),
    grade: str.nullable(),
    reportedGrade: opt(str.nullable()),
    twinVirtualMs: opt(num),
  }),
  ev('m7.faulty-slots', { slots: arr(faultySlotSchema) }),
  ev('m7.led', { node: str, slot: num, on: bool, httpStatus: num, readback: bool.nullable(), twinLed: bool, seconds: num }),
  ev('m7.replace.start', { count: num }),
  ev('m7.replace', { node: str, slot: num, oldSerial: str.nullable(), newSerial: str.nullable(), seconds: num, pulled, inserted }),
  ev('m7.replace.end', { seconds: num, core: arr(diskView) }),
  ev('m2.pull', { node: str, slot: num, withinSeconds: num }),
  ev('m2.page', {
    loaded: bool,
    error: opt(str),
    loadSeconds: opt(num),
    node: opt(str),
    slot: opt(num),
    baySeconds: opt(num.nullable()),
    alarmSeconds: opt(num.nullable()),
    snapshots: opt(num),
    pageSeq: opt(num),
    screenshot: opt(str),
  }),
  ev('m2.reinsert', { node: str, slot: num, coreAcceptedSeconds: num.nullable() }),
  ev('ops.drill.start', { spec: z.unknown() }),
  ev('ops.drill.end', {}),

  // the operations stack: Prometheus, Alertmanager, the relay, the channels
  ev('ops.stack.up', { prometheus: str, alertmanager: str, routes: opt(z.record(str, arr(str))) }),
  ev('ops.stack.down', {}),
  // an alert without a name is written as null
  ev('ops.ready', { alertsBefore: arr(str.nullish()) }),
  ev('ops.alert', {
    alertname: opt(str),
    node: opt(str.nullable()),
    slot: opt(str.nullable()),
    severity: opt(str.nullable()),
    state: str,
    labels: z.record(str, str),
  }),
  ev('ops.am.alert', {
    alertname: opt(str),
    node: opt(str.nullable()),
    slot: opt(str.nullable()),
    severity: opt(str.nullable()),
    fingerprint: str,
    state: str,
    silencedBy: opt(arr(str)),
    inhibitedBy: opt(arr(str)),
  }),
  ev('ops.watch.error', { source: str, error: str }),
  ev('ops.relay', { channel: str, ok: bool, status: opt(num), detail: opt(str) }),
  ev('ops.maintenance', { matchers, seconds: num, applied: bool }),
  ev('ops.silence', { id: str, matchers, seconds: num }),
  ev('ops.stats', {
    prometheusAlertsSent: opt(num),
    amNotifications: opt(arr(counterRow)),
    amNotificationsFailed: opt(arr(counterRow)),
    /** false when the counters kept moving while they were read (a notification in flight) */
    settled: opt(bool),
  }),
  ev('outside.arrival', { channel: str, accepted: bool, status: num, error: opt(str), text: str, arrivedWall: num }),
  ev('alarm.inject', {
    id: str,
    node: str,
    slot: num,
    serial: opt(str.nullable()),
    severity: z.enum(['critical', 'warning']),
    alertname: str,
    purpose: arr(str),
    masked: bool,
  }),
  ev('alarm.repeat', { id: str, node: str, slot: num, n: num }),
  ev('alarm.clear', { id: str, node: str, slot: num, how: str }),
  ev('alarm.phase.end', { phase: str }),
  ev('capacity.fill.start', { fileMiB: num, exhaustedBelowPercent: num, stallSeconds: num }),
  ev('capacity.sample', { freeBytes: num, totalBytes: num, writtenBytes: num }),
  ev('capacity.exhausted', { reason: str, writtenBytes: num }),
  ev('capacity.fill.timeout', { seconds: num, writtenBytes: num }),
  ev('capacity.freed', { path: str }),

  // the hardware inventory read through Redfish (T1, T2, M1), declared with the walk
  inventoryEventSchema.loose(),
  // the switch's ports read from its management interface (S1)
  switchInventoryEventSchema.loose(),
] as const;

export const eventBodySchema = z.discriminatedUnion('kind', EVENTS);
export type EventBody = z.infer<typeof eventBodySchema>;
export type EventKind = EventBody['kind'];
export const EVENT_KINDS: readonly EventKind[] = EVENTS.map((s) => s.shape.kind.value);

/** what the writer adds to every event */
export interface Envelope {
  /** index in the journal, from 0 */
  i: number;
  /** wall-clock epoch ms */
  wall: number;
  /** ms since the run started, monotonic */
  mono: number;
  /** virtual epoch ms (device physics) */
  virt: number;
}
const envelopeSchema = z.object({ i: int, wall: num, mono: num, virt: num });

/** One recorded event; narrow it by `kind` (or take a kind's events with eventsOf). */
export type HistoryEvent = Envelope & EventBody;
export type EventOf<K extends EventKind> = Envelope & Extract<EventBody, { kind: K }>;

/** The first problem of an event against its kind's schema, on one line ('' when it is valid). */
export function eventProblem(value: unknown, withEnvelope: boolean): string {
  const r = eventBodySchema.safeParse(value);
  if (!r.success) return issueLine(r.error);
  if (!withEnvelope) return '';
  const e = envelopeSchema.safeParse(value);
  return e.success ? '' : issueLine(e.error);
}

function issueLine(err: z.ZodError): string {
  const i = err.issues[0]!;
  const where = i.path.length ? i.path.join('.') : '(event)';
  // an unknown kind: the union's own message lists every kind; say it shorter
  if (i.code === 'invalid_union' && i.path.join('.') === 'kind') return 'kind: not a declared event kind';
  return `${where}: ${i.message}`;
}
