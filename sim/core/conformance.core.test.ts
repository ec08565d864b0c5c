// What any storage core must do for the harness to judge it, written against the StorageCore
// interface only (sim/core/adapter.ts) and run against every core in CORES. A vendor adds
// theirs to CORES (README, "Adding a storage core") and runs this file before any scenario.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, type TestContext } from 'vitest';
import { workRoot } from '../../lib/paths';
import { fillPseudoRandom } from '../../lib/random';
import { sleep } from '../clock';
import { run } from '../exec';
import { MASTER, NotProvided, type ProcessIdentity, type Seen, type StorageCore } from './adapter';
import { CORES, CORE_NAMES } from './cores';
import { SwitchBinding } from '../topology/switch-binding';
import { SwitchTwin } from '../../devices/switch/switch-model';
import { bayName, createDiskImage, imageOf, mountBay, shutdownBay, unmountBay } from '../topology/bays';

const MiB = 1 << 20;
const BAYS = 4;
const GOAL = 2;

/** polls until `ok` holds of what `read` gives, or the time is up; resolves to the last value read */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, seconds: number): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await read().catch(() => undefined as T);
    if (v !== undefined && ok(v)) return v;
    if (Date.now() - t0 > seconds * 1000) return v;
    await sleep(500);
  }
}

/**
 * What the core declares it cannot do must be refused with NotProvided and the same reason,
 * and the test is then skipped with that reason (a declaration the core does not keep FAILs).
 */
async function refusedAsDeclared(c: StorageCore, op: keyof StorageCore, call: () => Promise<unknown>, ctx: TestContext): Promise<void> {
  const reason = c.notProvided[op];
  if (reason === undefined) return;
  const err = await call().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `${String(op)} is declared not provided but did not refuse`).toBeInstanceOf(NotProvided);
  expect((err as NotProvided).message).toContain(reason);
  ctx.skip(`${c.name} does not provide ${String(op)}: ${reason}`);
}

const isMountPoint = async (path: string) => (await run('mountpoint', ['-q', path], { allowFailure: true })).code === 0;

/** A frozen node and master answer nothing, and answer again when thawed. */
async function hangAnswersNothing(c: StorageCore): Promise<void> {
  await c.freezeNode('node1');
  try {
    expect((await c.processIdentity('node1')).paused).toBe(true);
    expect(await c.petWatchdog('node1', 2_000)).toBe(false);
  } finally {
    await c.thawNode('node1');
  }
  expect(await c.petWatchdog('node1', 5_000)).toBe(true);
  await c.freezeNode(MASTER);
  try {
    expect(await c.masterAnswers(2_000)).toBe(false);
  } finally {
    await c.thawNode(MASTER);
  }
  await answersAgainWithin(c, 30);
}

/** the master answers again within `seconds` */
async function answersAgainWithin(c: StorageCore, seconds: number): Promise<void> {
  expect(
    await until(
      () => c.masterAnswers(3_000),
      (ok) => ok,
      seconds,
    ),
    `the master answers again within ${seconds} s`,
  ).toBe(true);
}

/** A crashed node's process is replaced by its restart policy, and stays down with the policy off until booted. */
async function crashReplacesProcess(c: StorageCore, seconds: number): Promise<void> {
  const before = await c.processIdentity('node2');
  expect(before.running).toBe(true);
  expect(await c.crashProcess('node2')).toBeGreaterThan(0);
  const replaced = (p: ProcessIdentity) => p.running && (p.pid !== before.pid || p.restartCount > before.restartCount);
  const after = await until(() => c.processIdentity('node2'), replaced, seconds);
  expect(replaced(after)).toBe(true);
  const address = c.nodes.find((n) => n.name === 'node2')!.address;
  const connected = () =>
    until(
      () => c.nodeSeen(address),
      (s) => s === 'connected',
      60,
    );
  expect(await connected()).toBe('connected');
  await c.setRestartOnFailure('node2', false);
  try {
    expect(await c.crashProcess('node2'), 'a process to crash once restart is off').toBeGreaterThan(0);
    expect(
      await until(
        () => c.isRunning('node2'),
        (r) => !r,
        15,
      ),
    ).toBe(false);
    await sleep(3_000);
    expect(await c.isRunning('node2')).toBe(false);
    await c.bootNode('node2');
    expect(await c.isRunning('node2')).toBe(true);
  } finally {
    await c.setRestartOnFailure('node2', true);
  }
  expect(await connected()).toBe('connected');
}

/** A folder given one copy keeps one: a file written under it has every chunk on one node only. */
async function oneCopyKept(c: StorageCore, folder: string): Promise<void> {
  mkdirSync(join(c.mountPoint, folder));
  await c.setFolderGoal(folder, 1);
  const bytes = Buffer.alloc(2 * MiB);
  fillPseudoRandom(bytes, 7);
  const path = `${folder}/one-copy.bin`;
  const fd = openSync(join(c.mountPoint, path), 'w');
  writeSync(fd, bytes);
  fsyncSync(fd);
  closeSync(fd);
  const [placed] = await c.placement([path]);
  expect(placed?.chunks.length).toBeGreaterThan(0);
  for (const k of placed!.chunks) expect(new Set(k.copies).size, `${path} ${k.id}`).toBe(1);
}

/** With every node holding a copy of `lost` down, the core names it (chunk 0) and exactly the other files with all copies there. */
async function namesTheLostFiles(c: StorageCore, lost: string, alsoLost: readonly string[]): Promise<void> {
  const t0 = Date.now();
  const named = await c.filesWithoutCopy();
  console.log(`filesWithoutCopy: ${named.length} files named in ${Date.now() - t0} ms`);
  expect(named).toContainEqual({ path: lost, chunks: [0] });
  expect(named.map((f) => f.path).sort()).toEqual([lost, ...alsoLost].sort());
}

/**
 * The real core behind an adapter that lies about three things the checkers rely on: a frozen
 * master 'answers', a node's process identity never changes (a crash looks unhealed), and a
 * folder's goal is 'set' without telling the core.
 */
function lyingAdapter(c: StorageCore): StorageCore {
  const frozenPid = new Map<string, ProcessIdentity>();
  return new Proxy(c, {
    get(target, prop) {
      if (prop === 'masterAnswers') return async () => true;
      if (prop === 'setFolderGoal') return async () => undefined;
      if (prop === 'processIdentity')
        return async (name: string) => {
          const real = await target.processIdentity(name);
          const first = frozenPid.get(name) ?? real;
          frozenPid.set(name, first);
          return { ...real, pid: first.pid, restartCount: first.restartCount, startedAt: first.startedAt };
        };
      const v: unknown = Reflect.get(target, prop);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

for (const key of CORE_NAMES) {
  const core = CORES[key];
  describe(`storage core conformance: ${core.title}`, () => {
    const runId = `conform-${Date.now().toString(36)}`;
    let c: StorageCore;
    const files: { path: string; bytes: Buffer }[] = [];
    /** how the core sees the node at this address, once it says `want` or when the time is up */
    const seenAs = (address: string, want: Seen, seconds: number) =>
      until(
        () => c.nodeSeen(address),
        (s) => s === want,
        seconds,
      );
    const connected = (address: string) => seenAs(address, 'connected', 60);
    /** every file written so far reads back byte for byte through the read mount */
    const expectDataWhole = () => {
      for (const f of files) expect(readFileSync(join(c.readMount.path, f.path)).equals(f.bytes), f.path).toBe(true);
    };
    /**
     * After the core says every copy is back: the data reads back whole within `seconds` (a
     * client reconnects to the nodes on its own timer: GlusterFS's answered ENOENT for a few
     * seconds after both copies' nodes were back); how long it took is printed.
     */
    const expectDataWholeWithin = async (seconds: number) => {
      const t0 = Date.now();
      for (;;) {
        try {
          expectDataWhole();
          console.log(
            `${c.name}: every file read back whole ${((Date.now() - t0) / 1000).toFixed(1)} s after the core said its copies were back`,
          );
          return;
        } catch (e) {
          if (Date.now() - t0 > seconds * 1000) throw e;
          await sleep(500);
        }
      }
    };

    beforeAll(async () => {
      c = await core.start({
        runId,
        runDir: join(workRoot(), 'runs', runId),
        image: inject('coreImages')[key],
        goal: GOAL,
        replicationsDelayInit: 10,
        nodes: [1, 2, 3].map((n) => ({ name: `node${n}`, bays: BAYS, baySizeMiB: 512 })),
      });
    });
    afterAll(async () => {
      await c?.stop({ abort: true });
    });

    it('starts every node with its bays, each known to the core and on the switch network', async () => {
      expect(c.nodes.map((n) => n.name)).toEqual(['node1', 'node2', 'node3']);
      expect(new Set(c.nodes.map((n) => n.address)).size).toBe(3);
      const states = await c.nodeStates();
      for (const n of c.nodes) expect(states.find((s) => s.address === n.address)?.registered, n.name).toBe(true);
      const views = await c.diskViews();
      for (const n of c.nodes)
        expect(
          views.filter((v) => v.node === n.name),
          n.name,
        ).toHaveLength(BAYS);
      for (const n of c.nodes) expect(c.disksOf(n.name).bays).toHaveLength(BAYS);
      const members = c.switchMembers();
      expect(members[0]).toMatchObject({ role: 'master', address: c.masterAddress });
      expect(members.slice(1).map((m) => m.address)).toEqual(c.nodes.map((n) => n.address));
      expect(c.version).toMatch(/\d/);
      expect(c.masterArch).not.toBe('unknown');
    });

    it('keeps what is written: read back through the read mount, each chunk on goal distinct nodes, counted at goal', async () => {
      for (let i = 0; i < 3; i++) {
        const bytes = Buffer.alloc(4 * MiB);
        fillPseudoRandom(bytes, 100 + i);
        const path = `/conform-${i}.bin`;
        const fd = openSync(join(c.mountPoint, path), 'w');
        writeSync(fd, bytes);
        fsyncSync(fd);
        closeSync(fd);
        files.push({ path, bytes });
      }
      expect(readdirSync(c.readMount.path)).toEqual(expect.arrayContaining(files.map((f) => f.path.slice(1))));
      expectDataWhole();
      const addresses = new Set(c.nodes.map((n) => n.address));
      const placed = await until(
        () => c.placement(files.map((f) => f.path)),
        (p) => p.every((f) => f.chunks.length > 0 && f.chunks.every((k) => new Set(k.copies).size === GOAL)),
        30,
      );
      for (const f of placed) {
        expect(f.chunks.length, f.path).toBeGreaterThan(0);
        for (const k of f.chunks) {
          expect(new Set(k.copies).size, `${f.path} ${k.id}: ${k.copies.join(', ')}`).toBe(GOAL);
          for (const a of k.copies) expect(addresses.has(a), `${f.path} ${k.id} on ${a}`).toBe(true);
        }
      }
      const health = await c.chunkHealth();
      expect(health.missing + health.endangered + health.undergoal).toBe(0);
      expect(health.stable + health.overgoal).toBeGreaterThan(0);
    });

    it('a folder’s goal: what is written under it is kept in that many copies', async (ctx) => {
      await refusedAsDeclared(c, 'setFolderGoal', () => c.setFolderGoal('/conform-goal', 1), ctx);
      await oneCopyKept(c, '/conform-goal');
    });

    it('a folder’s quota set, read back and enforced online, then raised and removed; deleted files leave no trash', async () => {
      const folder = '/conform-quota';
      mkdirSync(join(c.mountPoint, folder));
      await c.setNoTrash(folder);
      const write = (name: string) => {
        const fd = openSync(join(c.mountPoint, folder, name), 'w');
        try {
          writeSync(fd, Buffer.alloc(2 * MiB, 7));
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      };
      /** writes 1 MiB at a time, each synced, until the core refuses one (or `maxMiB` went in) */
      const writeUntilRefused = (name: string, maxMiB: number) => {
        const fd = openSync(join(c.mountPoint, folder, name), 'w');
        let written = 0;
        try {
          for (; written < maxMiB; written++) {
            writeSync(fd, Buffer.alloc(MiB, 7));
            fsyncSync(fd);
          }
          closeSync(fd);
          return { written, refused: null };
        } catch (e) {
          try {
            closeSync(fd);
          } catch {
            // refused again at close
          }
          return { written, refused: e as Error };
        }
      };
      try {
        write('a.bin');
        await c.setFolderQuota(folder, 3 * MiB);
        expect(await c.folderUsage(folder)).toEqual({ lengthBytes: 2 * MiB, quotaBytes: 3 * MiB });
        // over the quota: the core refuses a write within a bounded overshoot (EDQUOT, which libuv cannot name);
        // a core whose count lags (GlusterFS's) lets some go past the limit first: printed, bounded
        const over = writeUntilRefused('b.bin', 8);
        console.log(
          `${c.name}: ${over.written} MiB of synced writes accepted with 1 MiB left under the quota (${Math.max(0, over.written - 1)} MiB past it)`,
        );
        // the 1 MiB left fits: a core refusing it enforces a quota it does not hold to
        expect(over.written, `refused within the quota: ${over.refused?.message}`).toBeGreaterThanOrEqual(1);
        expect(over.refused?.message ?? 'not refused', `${over.written} MiB written past a quota with 1 MiB left`).toMatch(/quota|-122/i);
        unlinkSync(join(c.mountPoint, folder, 'b.bin'));
        await c.setFolderQuota(folder, 10 * MiB);
        write('c.bin');
        await c.setFolderQuota(folder, null);
        expect((await c.folderUsage(folder)).quotaBytes).toBeNull();
      } finally {
        // nothing of this test is left for the later ones (the lost-file test names every file)
        for (const f of readdirSync(join(c.mountPoint, folder))) unlinkSync(join(c.mountPoint, folder, f));
      }
      expect((await c.folderUsage(folder)).lengthBytes).toBe(0);
    });

    it('names every option it runs with that differs from what it ships, the ones the harness set among them', async () => {
      const options = await c.configDifferences();
      expect(
        options.some((o) => o.kind === 'tuning' && o.value === '10'),
        JSON.stringify(options),
      ).toBe(true);
      for (const o of options) expect(o.file && o.key).toBeTruthy();
      const evidence = await c.nodeEvidence();
      expect(evidence.map((e) => e.name)).toEqual(['node1', 'node2', 'node3']);
      for (const e of evidence) expect(e.mountedBays, e.name).toBe(BAYS);
    });

    it('a hang: the frozen target answers nothing, and answers again when thawed (node and master)', () => hangAnswersNothing(c));

    it('a cut cable: the master answers nothing over the network, and answers again when plugged back', async () => {
      const binding = await SwitchBinding.bind({
        runId,
        runDir: join(workRoot(), 'runs', runId),
        twin: new SwitchTwin({ id: 'sw-conform' }),
        members: c.switchMembers(),
      });
      try {
        const port = binding.portOf(MASTER)!;
        expect(await c.masterAnswers(3_000), 'answers before the cut').toBe(true);
        await binding.setCable(port, false);
        expect(await c.masterAnswers(2_000), 'answers with its cable cut').toBe(false);
        await binding.setCable(port, true);
        await answersAgainWithin(c, 30);
      } finally {
        await binding.stop();
      }
    });

    it('a crash: the process is replaced by its own restart, and not when restart is off until it is booted', () =>
      crashReplacesProcess(c, 30));

    // the suite proves something only if it fails an adapter that does not tell the truth
    it('FAILs an adapter that lies: a frozen master that "answers", a crashed node that keeps its process, a goal never set', async () => {
      const lying = lyingAdapter(c);
      await expect(hangAnswersNothing(lying)).rejects.toThrow(/expected true to be false/);
      await expect(crashReplacesProcess(lying, 10)).rejects.toThrow();
      if (!c.notProvided.setFolderGoal) await expect(oneCopyKept(lying, '/conform-goal-lying')).rejects.toThrow(/expected 2 to be 1/);
      // the real adapter still passes both on the same cluster
      await hangAnswersNothing(c);
      await crashReplacesProcess(c, 30);
    });

    it('a power loss: everything of the node stops at once; booted, it serves its data again', async () => {
      const node3 = c.nodes.find((n) => n.name === 'node3')!.address;
      // listed and serving before, so that 'not listed' after the cut is the core noticing it
      expect((await c.nodeStates()).map((x) => x.address)).toContain(node3);
      expect((await c.diskViews()).filter((x) => x.node === 'node3' && x.serving)).toHaveLength(BAYS);
      // how long each step took, printed: the GlusterFS half of this test took 16-106 s in CI runs
      const t0 = Date.now();
      const steps: string[] = [];
      const step = (what: string) => steps.push(`${what} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      await c.killNode('node3');
      expect(await c.isRunning('node3')).toBe(false);
      // the core's own view: the node is no longer listed, and none of its disks serves
      expect(
        (
          await until(
            () => c.nodeStates(),
            (s) => !s.some((x) => x.address === node3),
            30,
          )
        ).map((x) => x.address),
      ).not.toContain(node3);
      step('not listed');
      expect(
        (
          await until(
            () => c.diskViews(),
            (v) => !v.some((x) => x.node === 'node3' && x.serving),
            30,
          )
        ).filter((x) => x.node === 'node3' && x.serving),
      ).toEqual([]);
      step('no disk serving');
      await c.bootNode('node3');
      step('booted');
      const address = c.nodes.find((n) => n.name === 'node3')!.address;
      expect(await connected(address)).toBe('connected');
      step('connected');
      // what is claimed: booted, it serves its data again (no file without a readable copy, all of it
      // whole); whether every copy is back by then is printed, not waited for (a fresh clone's CI once
      // spent the whole 90 s of a wait for it, which nothing asserted)
      const health = await until(
        () => c.chunkHealth(),
        (h) => h.missing === 0,
        90,
      );
      step(
        health.missing + health.endangered + health.undergoal === 0
          ? 'no file without a copy, every copy back'
          : `no file without a copy, not yet every copy back ${JSON.stringify(health)}`,
      );
      console.log(`${c.name}: power loss of node3, from the cut: ${steps.join(', ')}`);
      expect(health.missing).toBe(0);
      await expectDataWholeWithin(30);
    });

    it('names the files whose chunks no node holds a readable copy of, and none once the copy is back; FAILs an adapter that names none', async () => {
      // a file with one copy (a folder's goal of 1) where the core keeps one, else a file whose every copy is lost with its nodes
      const path = c.notProvided.setFolderGoal ? files[0]!.path : '/conform-goal/one-copy.bin';
      const written = [...files.map((f) => f.path), ...(c.notProvided.setFolderGoal ? [] : ['/conform-goal/one-copy.bin'])];
      const before = await c.placement(written);
      const holdersOf = (p: string) => new Set(before.find((f) => f.path === p)?.chunks.flatMap((k) => k.copies) ?? []);
      const holders = c.nodes.filter((n) => holdersOf(path).has(n.address));
      expect(holders.length, JSON.stringify(before)).toBeGreaterThan(0);
      const down = new Set(holders.map((h) => h.address));
      const alsoLost = written.filter((p) => p !== path && holdersOf(p).size > 0 && [...holdersOf(p)].every((a) => down.has(a)));
      for (const p of written) expect(holdersOf(p).size, `${p} has no placement`).toBeGreaterThan(0);
      for (const h of holders) await c.killNode(h.name);
      try {
        expect(
          (
            await until(
              () => c.chunkHealth(),
              (h) => h.missing > 0,
              30,
            )
          ).missing,
        ).toBeGreaterThan(0);
        await namesTheLostFiles(c, path, alsoLost);
        const silent = new Proxy(c, {
          get: (target, prop) => (prop === 'filesWithoutCopy' ? async () => [] : (Reflect.get(target, prop) as unknown)),
        });
        await expect(namesTheLostFiles(silent, path, alsoLost)).rejects.toThrow();
      } finally {
        for (const h of holders) await c.bootNode(h.name);
      }
      for (const h of holders) expect(await connected(h.address)).toBe('connected');
      await until(
        () => c.chunkHealth(),
        (h) => h.missing === 0,
        60,
      );
      expect(await c.filesWithoutCopy()).toEqual([]);
      await expectDataWholeWithin(30);
    });

    // a whole drain waits out the core's chunk loop (a minute or more): the T9 lifecycle reference
    // proves it; here the mark must take effect on every disk of the node and be undone
    it('a node added knowing only the master, marked for removal and back, then removed: gone from the core, the data whole', async (ctx) => {
      await refusedAsDeclared(c, 'addNode', () => c.addNode({ name: 'node4', bays: BAYS, baySizeMiB: 512 }), ctx);
      const added = await c.addNode({ name: 'node4', bays: BAYS, baySizeMiB: 512 });
      expect(c.nodes.map((n) => n.name)).toContain('node4');
      expect(await connected(added.address)).toBe('connected');
      const viewsOf = async () => (await c.diskViews()).filter((v) => v.node === 'node4');
      const statusesOf = async () => (await viewsOf()).map((v) => v.status);
      const allServing = (vs: { serving: boolean }[] | undefined) => vs?.length === BAYS && vs.every((v) => v.serving);
      // addNode returns once the node is up, not once its disks are scanned: the baseline is the core serving them all
      const served = await until(viewsOf, allServing, 60);
      expect(served?.map((v) => `${v.bay} ${v.status}`)).toSatisfy(() => allServing(served));
      const inService = served!.map((v) => v.status);
      await c.markDisksForRemoval('node4', true);
      const marked = await until(statusesOf, (s) => s.length === BAYS && s.every((x) => !inService.includes(x)), 30);
      expect(marked, `in service: ${inService.join(', ')}`).toSatisfy(
        (s: string[]) => s.length === BAYS && s.every((x) => !inService.includes(x)),
      );
      expect((await c.removalState(added.address)).seen).toBe('connected');
      await c.markDisksForRemoval('node4', false);
      const back = await until(viewsOf, allServing, 60);
      expect(back?.map((v) => `${v.bay} ${v.status}`)).toSatisfy(() => allServing(back));
      expect(back!.map((v) => v.status)).toEqual(inService);
      await c.removeNode('node4');
      expect(c.nodes.map((n) => n.name)).not.toContain('node4');
      expect(await seenAs(added.address, 'absent', 30)).toBe('absent');
      expectDataWhole();
    });

    // last before the stop: a copy kept once (the folder given one copy) on the pulled disk is lost with it, as it must be
    it('a disk pulled stops serving in the core’s own view; a blank disk put in its bay is taken in and serves, the data whole', async () => {
      const node = 'node1';
      const slot = 1;
      const bay = c.disksOf(node).bays[slot]!;
      const view = () => c.diskViews().then((vs) => vs.find((v) => v.node === node && v.bay === bayName(slot)));
      expect((await view())?.serving, 'serving before the pull').toBe(true);
      // as the udev agent does: the core is asked to look at the node's disks again while it has not acted
      let asked = 0;
      const rescanned = async () => {
        if (Date.now() - asked > 5_000) {
          asked = Date.now();
          await c.rescanDisks(node);
        }
        return view();
      };
      let t0 = Date.now();
      await shutdownBay(bay);
      // listed and not serving: a view that fails or drops the bay is not the core noticing the pull
      const gone = await until(rescanned, (v) => v !== undefined && !v.serving, 90);
      expect(gone, 'the pulled disk listed by the core').toBeDefined();
      expect(gone!.serving, `still serving 90 s after the pull: ${gone!.status}`).toBe(false);
      console.log(
        `${c.name}: pulled disk no longer serving after ${((Date.now() - t0) / 1000).toFixed(1)} s (${gone?.status ?? 'not listed'})`,
      );
      // asked again with the dead disk still in its bay (the udev agent's repeat): nothing to take in, no error
      await c.rescanDisks(node);
      expect((await view())?.serving, 'listed, and not serving from a dead disk').toBe(false);
      expect(await unmountBay(bay, 15_000), 'the dead filesystem released').toBe(true);
      const image = imageOf(bay, 1);
      await createDiskImage(image, 512);
      t0 = Date.now();
      asked = 0;
      await mountBay(bay, image);
      await c.adoptBay(node, bayName(slot));
      const back = await until(rescanned, (v) => v?.serving === true, 90);
      expect(back?.serving, `blank disk not serving after 90 s: ${back?.status}`).toBe(true);
      console.log(`${c.name}: blank disk serving after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      await expectDataWholeWithin(30);
    });

    it('stops: its mounts are gone', async () => {
      const mounts = [c.mountPoint, c.readMount.path];
      await c.stop();
      for (const m of mounts) expect(await isMountPoint(m), m).toBe(false);
    });
  });
}
