// Every figure a checker emits carries a bilingual label: the Chinese report shows label.zh
// (reports/clause-status.ts figureName), the stable English `name` stays the key.
// Pattern for new checkers: figures.push({ name: 'english key', label: { zh: '中文名', en: 'english key' }, ... }).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../history';
import type { Figure } from '../verdict';
import { checkHotplug } from './hotplug';
import { checkLoad, metricZh } from './load';
import { checkScaleOut } from './scaleout';
import { checkSelfHeal } from './selfheal';

type Body = { kind: string } & Record<string, unknown>;
function history(build: (at: (mono: number, body: Body) => void) => void): HistoryEvent[] {
  const ev: HistoryEvent[] = [];
  build((mono, body) => ev.push({ i: ev.length, wall: mono, virt: mono, mono, ...body } as HistoryEvent));
  return ev.sort((a, b) => a.mono - b.mono).map((e, i) => ({ ...e, i }));
}
const ALL = [{ address: '10.0.0.2' }, { address: '10.0.0.3' }, { address: '10.0.0.4' }];
function cameras(at: (mono: number, body: Body) => void, until: number): string[] {
  at(0, { kind: 'load.start', name: 'steady' });
  for (let t = 1000; t <= until; t += 1000)
    at(t, { kind: 'segment.write', outcome: 'ok', camera: 'cam001', seq: t / 1000, path: `/p${t}`, bytes: 500_000 });
  at(until + 1, { kind: 'load.stop' });
  return Array.from({ length: until / 1000 }, (_, k) => `/p${(k + 1) * 1000}`);
}
const readBack = (at: (mono: number, body: Body) => void, mono: number, paths: string[]) =>
  paths.forEach((path, k) => at(mono + k / 1000, { kind: 'segment.verify', outcome: 'ok', path }));

const CJK = /[\u4e00-\u9fff]/;
function expectLabelled(figures: readonly Figure[]) {
  expect(figures.length).toBeGreaterThan(0);
  for (const f of figures) {
    expect(f.label, f.name).toBeDefined();
    expect(f.label!.en).toBe(f.name);
    expect(f.label!.zh, f.name).toMatch(CJK);
  }
}

describe('figure labels in Chinese', () => {
  it('T8 scale-out', () => {
    const ev = history((at) => {
      at(0, { kind: 'observer.start', intervalMs: 500 });
      readBack(at, 61_000, cameras(at, 60_000));
      at(20_000, { kind: 'scaleout.add', node: 'node4' });
      at(21_000, { kind: 'scaleout.powered', node: 'node4', address: '10.0.0.9' });
      for (let t = 20_000; t <= 60_000; t += 500)
        at(t, {
          kind: 'core.nodes',
          nodes: [
            ...ALL.map((n) => ({ ...n, chunks: 10 })),
            ...(t >= 22_000 ? [{ address: '10.0.0.9', chunks: t >= 25_000 ? 3 : 0 }] : []),
          ],
        });
      for (let s = 1; s <= 60; s++)
        at(60_500, {
          kind: 'core.placement',
          path: `/p${s * 1000}`,
          ackMono: s * 1000,
          chunks: [{ id: String(s), copies: s * 1000 < 20_000 ? ['10.0.0.2', '10.0.0.3'] : [s % 2 ? '10.0.0.9' : '10.0.0.2', '10.0.0.4'] }],
        });
    });
    const v = checkScaleOut(ev, {
      maxSecondsToFirstChunk: 60,
      maxMigratedFraction: 0.25,
      minWindowCopies: 4,
      minNewCopyShare: 0,
      minNewCopyShareOfEqual: 0.5,
    });
    expect(v.status).toBe('PASS');
    expectLabelled(v.figures);
    expect(v.figures.find((f) => f.name === '(a)+(b)')!.label!.zh).toBe('(a)+(b) 扩容生效总用时');
  });

  it('T3 hot-plug (same and blank disk)', () => {
    const ev = history((at) => {
      cameras(at, 60_000);
      for (const [k, blank] of [
        [1, false],
        [2, true],
      ] as const) {
        const t = k * 20_000;
        at(t - 1, { kind: 'core.process', faultId: `pull-${k}`, when: 'before', pid: 7, startedAt: 's', restartCount: 0, running: true });
        at(t, { kind: 'fault.start', id: `pull-${k}`, fault: 'disk-pull', node: 'node2', slot: k, rule: 'seeded' });
        at(t + 9000, {
          kind: 'fault.end',
          id: `pull-${k}`,
          pulled: { coreNoticedSeconds: 3, released: true },
          inserted: { coreAcceptedSeconds: 1, blank },
        });
        at(t + 9001, { kind: 'core.process', faultId: `pull-${k}`, when: 'after', pid: 7, startedAt: 's', restartCount: 0, running: true });
      }
      at(61_000, { kind: 'core.disks', disks: [{ node: 'node2', bay: 'bay02', status: 'ok', chunks: 4 }] });
      for (let t = 1000; t <= 60_000; t += 1000) at(62_000 + t / 1000, { kind: 'segment.verify', outcome: 'ok', path: `/p${t}` });
    });
    const v = checkHotplug(ev, { maxWriteStallSeconds: 10, maxReadErrors: 0 });
    expect(v.status).toBe('PASS');
    expectLabelled(v.figures);
    expect(v.figures.map((f) => f.label!.zh)).toContain('pull-2：插回新空盘 → 存储核心 识别为正常');
  });

  it('T6 self-heal (with simulated boot)', () => {
    const ev = history((at) => {
      at(0, { kind: 'topology.up', nodes: ALL });
      readBack(at, 100_100, cameras(at, 100_000));
      at(29_999, { kind: 'core.process', faultId: 'node-power-loss', when: 'before', pid: 1, startedAt: 'a' });
      at(30_000, {
        kind: 'fault.start',
        id: 'node-power-loss',
        fault: 'crash:power-loss',
        target: 'node2',
        address: '10.0.0.3',
        mode: 'power-loss',
      });
      at(40_000, { kind: 'heal.power-restored', id: 'node-power-loss' });
      at(40_001, { kind: 'heal.by', id: 'node-power-loss', mechanism: 'power-restore-policy AlwaysOn', simulatedBootSeconds: 60 });
      for (let m = 0; m <= 100_000; m += 1000) {
        at(m + 1, { kind: 'core.nodes', nodes: m > 31_000 && m < 45_000 ? ALL.slice(0, 1) : ALL });
        at(m + 2, { kind: 'core.health', missing: 0, endangered: m > 31_000 && m < 50_000 ? 1 : 0, undergoal: 0 });
      }
      at(60_000, { kind: 'core.process', faultId: 'node-power-loss', when: 'after', pid: 2, startedAt: 'b' });
      at(60_001, { kind: 'fault.end', id: 'node-power-loss' });
    });
    const v = checkSelfHeal(ev, { maxSelfHealSeconds: 180, fullRateFraction: 0.9, baselineSeconds: 20, rateWindowSeconds: 5 });
    expect(v.status).toBe('PASS');
    expectLabelled(v.figures);
    expect(v.figures[0]!.label!.zh).toBe('node-power-loss：存储节点 node2 断电 — 自愈时间（实测 + 仿真）');
  });

  it('load thresholds and recording completeness', () => {
    const ev = history((at) => {
      at(0, { kind: 'load.start', name: 'steady' });
      at(1, {
        kind: 'load.summary',
        name: 'steady',
        passed: true,
        aborted: null,
        failures: [],
        thresholds: [
          {
            metric: 'write_latency{role:camera,phase:before}',
            expression: 'p(99)<2000',
            ok: true,
            observed: 50,
            detail: 'p(99)=50ms',
            message: '',
          },
        ],
        recording: { completeness: 1, gapCount: 0, totalGapSeconds: 0, worst: null },
      });
    });
    const l = checkLoad(ev);
    expectLabelled(l.figures);
    expect(l.figures[0]!.label!.zh).toBe('负载：写入延迟（相机，故障前）');
    expect(metricZh('recording_gaps')).toBe('录像断点');
    expect(metricZh('my_metric{x:y}')).toBe('my_metric（x:y）');
  });
});

// The newer checkers need long real histories to emit every figure, so their source is checked
// instead: every figure object literal `{ name: …, …, unit: … }` must carry `label: { zh, en }`
// with a Chinese zh and en written exactly as the name.
const FIGURE = /\{\s*name:(?:(?!;)[\s\S])*?\bunit:/g;
function unlabelled(src: string): string[] {
  const bad: string[] = [];
  for (const [raw] of src.matchAll(FIGURE)) {
    // the formatter may break a literal over lines and add trailing commas: judged on one line
    const lit = raw.replace(/\s+/g, ' ').replace(/,\s*\}/g, ' }');
    const m = /^\{\s*name:\s*([\s\S]+?),\s*label:\s*\{\s*zh:\s*([\s\S]+?),\s*en:\s/.exec(lit);
    if (!m || !CJK.test(m[2]!) || !lit.includes(`en: ${m[1]!} }`)) bad.push(lit.slice(0, 120));
  }
  return bad;
}
const NEWER = [
  'delayed-kick',
  'mixed',
  'lifecycle',
  'pool-elasticity',
  'alarms',
  'capacity-trend',
  'disk-health',
  'slot-service',
  'ops-view',
  'recording-diagnosis',
];

describe('figure labels in Chinese (source of the newer checkers)', () => {
  it('the scan finds an unlabelled, a non-Chinese or a mismatched figure', () => {
    expect(unlabelled("figures.push({ name: 'x', value: 1, unit: 's' });")).toHaveLength(1);
    expect(unlabelled("figures.push({ name: 'x', label: { zh: 'x', en: 'x' }, value: 1, unit: 's' });")).toHaveLength(1);
    expect(
      unlabelled("figures.push({ name: `${id}: x`, label: { zh: `${id}：硬盘`, en: `${id}: y` }, value: 1, unit: 's' });"),
    ).toHaveLength(1);
    expect(unlabelled("figures.push({ name: `${id}: x`, label: { zh: `${id}：硬盘`, en: `${id}: x` }, value: 1, unit: 's' });")).toEqual(
      [],
    );
  });

  it.each(NEWER)('%s: every figure has a Chinese label', (file) => {
    const src = readFileSync(new URL(`./${file}.ts`, import.meta.url), 'utf8');
    expect([...src.matchAll(FIGURE)].length, `${file}: no figure literal found`).toBeGreaterThan(0);
    expect(unlabelled(src)).toEqual([]);
  });
});
