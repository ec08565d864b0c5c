// The reports are honest about what was not measured: every clause appears, nothing
// untested reads 通过, a FAIL makes the conclusion 不通过, outside assessments stay
// 人工确认 with or without a file, the signature fields are empty, the digest is printed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLAUSES, countsAt } from '../acceptance/clauses';
import { loadProfile } from '../profile/profile';
import { emptyLedger, ledgerStep, type DayRecord } from '../acceptance/trial/ledger';
import type { TrialSummary } from '../acceptance/trial/summary';
import type { Verdict } from '../sim/verdict';
import { clauseStatuses, conclusionOf } from './clause-status';
import { finalClauseRows, renderFinalReport, type FinalReportInput } from './final-report';
import { renderInitialReport } from './initial-report';
import { compareRuns } from './compare-runs';
import {
  attachManual,
  confirmSlot,
  MANUAL_SLOTS,
  parseAttachOption,
  parseConfirmOption,
  readAttachments,
  readConfirmations,
  slotStates,
} from './manual-evidence';
import { ChromiumMissingError, findChromium } from './pdf';
import type { RunSummary } from './run-summary';

const root = mkdtempSync(join(tmpdir(), 'accept-reports-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const { profile } = loadProfile('ci');

const verdict = (clause: string, status: Verdict['status']): Verdict => ({
  clause,
  scenario: 'scaleout',
  status,
  figures: [{ name: '(a)+(b)', value: 4.6, unit: 's', threshold: '<= 60', ok: status === 'PASS', nature: 'measured' }],
  method: { zh: '方法', en: 'method' },
  nature: 'measured',
  reasons: [status === 'PASS' ? 'ok' : 'broken'],
  evidence: ['history.jsonl#scaleout.add'],
});

const run = (verdicts: Verdict[]): RunSummary => ({
  runId: 'r1',
  seed: 's1',
  replay: 'npx accept run --seed s1',
  profile: { id: 'ci', source: 'profile/profiles/ci.json', project: profile.project },
  scenario: { id: 'scaleout', variant: 'reference', title: { zh: '扩容', en: 'scale-out' } },
  startedAt: Date.UTC(2026, 0, 1),
  finishedAt: Date.UTC(2026, 0, 1) + 60_000,
  topology: {
    goal: 2,
    master: '10.0.0.1',
    nodes: [{ name: 'node1', address: '10.0.0.2', bays: 48, role: 'storage-node', arch: 'x86_64' }],
  },
  workload: { cameras: 12, bitrateMbps: 4, segmentSeconds: 2 },
  versions: { core: 'MooseFS 3.0.117', coreImage: 'img', harness: '0.1.0', node: '20', docker: '20.10' },
  machine: { cpus: 2, memoryGiB: 24, kernel: '6.1' },
  timings: {},
  segments: { acked: 10, verified: 10, lost: 0 },
  verdicts,
});

const rowsOf = (html: string) => html.match(/<tr id="clause-[A-Z0-9]+">/g) ?? [];

describe('初验报告', () => {
  const digest = 'ab'.repeat(32);
  it('has one row per contract clause, untested ones never 通过, and prints the evidence digest', () => {
    const html = renderInitialReport({ run: run([verdict('T8', 'PASS')]), profile, charts: [], evidence: { digest, fileCount: 3 } }, 'zh');
    expect(rowsOf(html)).toHaveLength(CLAUSES.length);
    for (const section of ['项目概况', '验收依据', '验收范围', '测试环境', '测试方法', '测试项与结果', '问题与整改', '验收结论', '签字栏'])
      expect(html).toContain(section);
    const t3 = /<tr id="clause-T3">.*?<\/tr>/s.exec(html)![0];
    expect(t3).toContain('无法判定');
    expect(t3).not.toContain('通过');
    const p6 = /<tr id="clause-P6">.*?<\/tr>/s.exec(html)![0];
    expect(p6).toContain('人工确认');
    expect(html).toContain(digest);
    expect(html).toContain('暂不具备结论条件');
    expect(html).toMatch(/待确认/); // OCR-lost contract values
  });

  it('验收依据 quotes the thresholds of the profile the run used, not fixed numbers', () => {
    const other = {
      ...profile,
      thresholds: { ...profile.thresholds, T6: { maxSelfHealSeconds: 150 }, T8: { ...profile.thresholds.T8, maxSecondsToFirstChunk: 45 } },
    };
    const basis = (html: string) => /验收依据<\/h2>.*?<\/ol>/s.exec(html)![0];
    const zh = basis(renderInitialReport({ run: run([]), profile: other, charts: [], evidence: null }, 'zh'));
    expect(zh).toContain('自愈时间 ≤150 秒（T6）');
    expect(zh).toContain('≤45 秒（T8）');
    expect(zh).not.toMatch(/180|≤60/);
    expect(renderInitialReport({ run: run([]), profile: other, charts: [], evidence: null }, 'en')).toContain(
      'self-heal ≤ 150 s (T6), first chunk on the new node after scale-out ≤ 45 s (T8)',
    );
    // a folder without profile.json prints no number it cannot back
    const none = basis(renderInitialReport({ run: run([]), profile: null, charts: [], evidence: null }, 'zh'));
    expect(none).toContain('没有 profile.json');
    expect(none).not.toMatch(/≤\d/);
  });

  it('a failing clause makes the conclusion 不通过; English on request', () => {
    const html = renderInitialReport({ run: run([verdict('T8', 'FAIL')]), profile, charts: [], evidence: null }, 'zh');
    expect(html).toContain('不通过');
    expect(conclusionOf(clauseStatuses([verdict('T8', 'FAIL')]).map((s) => s.status))).toBe('FAIL');
    const en = renderInitialReport({ run: run([verdict('T8', 'PASS')]), profile, charts: [], evidence: null }, 'en');
    expect(en).toContain('Initial Acceptance Report');
    expect(en).toContain('Test items and results');
    // no Chinese text or punctuation left in the English version (but the link to the Chinese one)
    expect(en.replace(/<p class="lang-link">.*?<\/p>/, '')).not.toMatch(/[，；：（）。、\u4e00-\u9fff]/);
  });

  it('only every clause passing gives 通过; a manual one keeps it pending', () => {
    // a clause in parts (T10) judged whole: one verdict covering every part
    const all = CLAUSES.map((c) => ({ ...verdict(c.id, 'PASS'), ...(c.parts ? { covers: c.parts.map((p) => p.id) } : {}) }));
    expect(conclusionOf(clauseStatuses(all).map((s) => s.status))).toBe('PASS');
    const oneManual = all.map((v) => (v.clause === 'P6' ? { ...v, status: 'MANUAL' as const } : v));
    expect(conclusionOf(clauseStatuses(oneManual).map((s) => s.status))).toBe('PENDING-MANUAL');
  });

  it('concludes on the 初验 clauses only, and reaches 通过 once the panel has confirmed every document of them', async () => {
    const initialStage = CLAUSES.filter((c) => countsAt(c, 'initial'));
    expect(CLAUSES.filter((c) => !countsAt(c, 'initial')).map((c) => c.id)).toEqual(['P3', 'P4', 'P5', 'P6', 'P7', 'W1', 'W2', 'W3']);
    expect(CLAUSES.filter((c) => !countsAt(c, 'final')).map((c) => c.id)).toEqual(['P7']);
    // every measurable 初验 clause measured PASS; the document and person ones left to their slots
    const measured = initialStage
      .filter((c) => c.decidedBy === 'core' || c.decidedBy === 'twin')
      .map((c) => ({ ...verdict(c.id, 'PASS'), ...(c.parts ? { covers: c.parts.map((p) => p.id) } : {}) }));
    const s6 = { ...verdict('S6', 'MANUAL'), reasons: ['IGMP snooping and MAC binding: a person checks them'] };
    const verdicts = [...measured.filter((v) => v.clause !== 'S6'), s6];
    const dir = join(root, 'initial-confirm');
    const own = MANUAL_SLOTS.filter((x) => initialStage.some((c) => c.id === x.clause));
    const html = (lang: 'zh' | 'en' = 'zh') =>
      renderInitialReport(
        { run: run(verdicts), profile, charts: [], evidence: null, slots: slotStates(readAttachments(dir), readConfirmations(dir)) },
        lang,
      );
    expect(html()).toMatch(/验收结论<\/td><td><span class="INCONCLUSIVE">待人工确认/);
    for (const x of own) {
      const f = join(root, `${x.id}.pdf`);
      writeFileSync(f, `%PDF-1.4 ${x.id}`);
      await attachManual(dir, x.id, f);
      confirmSlot(dir, x.id, 'pass', '验收专家组');
    }
    // P3-P7 and W1-W3 are untested here and do not hold the 初验 back
    expect(html()).toMatch(/验收结论<\/td><td><span class="PASS">通过/);
    expect(html()).toContain('试运行阶段判定，不计入初验结论');
    expect(html('en')).toMatch(/Conclusion<\/td><td><span class="PASS">Passed/);
    // one document the panel failed: 不通过
    confirmSlot(dir, own[0]!.id, 'fail', '验收专家组');
    expect(html()).toMatch(/验收结论<\/td><td><span class="FAIL">不通过/);
  });

  it('a clause in parts passes only when verdicts cover every part: T10 from elastic-capacity alone is untested in its pool part', () => {
    const capacity = { ...verdict('T10', 'PASS'), scenario: 'elastic-capacity', covers: ['capacity', 'retention'] };
    const pool = { ...verdict('T10', 'PASS'), scenario: 'lifecycle', covers: ['pool'] };
    const t10 = (vs: Verdict[], lang: 'zh' | 'en' = 'zh') => clauseStatuses(vs, lang).find((s) => s.clause.id === 'T10')!;
    expect(t10([capacity]).status).toBe('INCONCLUSIVE');
    expect(t10([capacity]).reasons.join('\n')).toContain(
      '本次运行未测试该条款的“资源池弹性伸缩（节点加入、排空删除）不影响读写”部分（场景 lifecycle）',
    );
    expect(t10([capacity], 'en').reasons.join('\n')).toMatch(
      /part "resource pool grown and shrunk .*" of this clause was not tested in this run \(scenario lifecycle\)/,
    );
    expect(t10([pool]).status).toBe('INCONCLUSIVE');
    expect(t10([capacity, pool]).status).toBe('PASS');
    // a verdict that says nothing of the parts covers none of them
    expect(t10([verdict('T10', 'PASS')]).status).toBe('INCONCLUSIVE');
    // a failing part fails the clause whatever is left untested
    expect(t10([{ ...pool, status: 'FAIL' }]).status).toBe('FAIL');
    // the report names what the verdict covered and gives the untested part its own row, not a pass
    const html = renderInitialReport({ run: run([capacity]), profile, charts: [], evidence: null }, 'zh');
    expect(html).toContain('覆盖：存储空间按需分配与在线扩缩；存储周期在线延长与缩短');
    expect(html).toMatch(
      /<td class="small">资源池弹性伸缩（节点加入、排空删除）不影响读写<\/td><td class="small muted">本次运行未测试该条款的“资源池弹性伸缩.*?<\/td><td class="c INCONCLUSIVE">/,
    );
    const en = renderInitialReport({ run: run([capacity, pool]), profile, charts: [], evidence: null }, 'en');
    expect(en).toContain('covers: resource pool grown and shrunk');
    expect(en.match(/covers: /g)).toHaveLength(2);
    expect(en).not.toContain('of this clause was not tested in this run');
  });

  it('leaves the signature and date fields empty for both parties', () => {
    const html = renderInitialReport({ run: run([verdict('T8', 'PASS')]), profile, charts: [], evidence: null }, 'zh');
    const sign = /<section class="sign">.*?<\/section>/s.exec(html)![0];
    expect(sign).toContain('甲方');
    expect(sign).toContain('乙方');
    expect(sign.match(/<td><\/td><td><\/td>/g)).toHaveLength(3);
  });

  it('shows each node’s CPU and memory idle and under load when the run measured them, and no table when it did not', () => {
    const node = (cpuCores: number | null, rssBytes: number) => ({
      name: 'node1',
      role: 'storage' as const,
      cpuCores,
      rssBytes,
      cacheBytes: 2 ** 30,
    });
    const measured = {
      ...run([verdict('T8', 'PASS')]),
      resources: { idle: [node(0.012, 40 * 2 ** 20)], load: [node(0.4321, 180 * 2 ** 20)] },
    };
    const zh = renderInitialReport({ run: measured, profile, charts: [], evidence: null }, 'zh');
    const table = /各节点资源占用.*?<\/table>/s.exec(zh)![0];
    expect(table).toMatch(
      /<td>node1<\/td><td class="c">0\.012<\/td><td class="c">0\.432<\/td><td class="c">40 MiB<\/td><td class="c">180 MiB<\/td><td class="c">1,024 MiB<\/td>/,
    );
    expect(renderInitialReport({ run: run([verdict('T8', 'PASS')]), profile, charts: [], evidence: null }, 'zh')).not.toContain(
      '各节点资源占用',
    );
  });

  it("names the read mount's options the run recorded (the core's own), and none when the run did not record them", () => {
    const gluster = { ...run([verdict('T8', 'PASS')]), readMount: { path: '/x/mnt-direct', options: ['direct-io-mode=enable'] } };
    expect(renderInitialReport({ run: gluster, profile, charts: [], evidence: null }, 'zh')).toContain(
      '（挂载选项 direct-io-mode=enable）',
    );
    expect(renderInitialReport({ run: gluster, profile, charts: [], evidence: null }, 'en')).toContain(
      '(mount options direct-io-mode=enable)',
    );
    const older = renderInitialReport({ run: run([verdict('T8', 'PASS')]), profile, charts: [], evidence: null }, 'zh');
    expect(older).not.toContain('mfscachemode');
    expect(older).toContain('绕过主机页缓存的第二个挂载从存储节点读回');
  });

  it("appends another core's verdicts side by side when given them, and concludes on this run's alone", () => {
    const mine = run([verdict('T8', 'PASS')]);
    const other = { label: 'GlusterFS 10.3', runId: 'r2', verdicts: [{ ...verdict('T8', 'FAIL'), reasons: ['no chunk on the new node'] }] };
    const comparison = compareRuns({ label: 'MooseFS 3.0.117', runId: 'r1', verdicts: mine.verdicts }, other);
    const plain = renderInitialReport({ run: mine, profile, charts: [], evidence: null }, 'zh');
    const zh = renderInitialReport({ run: mine, profile, charts: [], evidence: null, comparison }, 'zh');
    const appendix = /附录：与另一存储核心的逐条对照.*?<\/table>/s.exec(zh)![0];
    expect(appendix).toContain('GlusterFS 10.3');
    expect(appendix).toContain('1 条判定中 1 条不同');
    expect(appendix).toMatch(/<th>T8<\/th><td>scaleout<\/td><td>通过<\/td><td>不通过<\/td>/);
    expect(appendix).toContain('no chunk on the new node');
    expect(plain).not.toContain('另一存储核心');
    const conclusion = (html: string) => /初验总体结论：<\/b><span class="(\w+)">/.exec(html)![1];
    expect(conclusion(zh)).toBe(conclusion(plain));
    expect(renderInitialReport({ run: mine, profile, charts: [], evidence: null, comparison }, 'en')).toContain(
      'Appendix: clause by clause against another storage core',
    );
  });
});

describe('manual evidence and 终验报告', () => {
  const trial = (status: 'completed' | 'termination-right'): FinalReportInput['trial'] => {
    const rules = { trialDays: 3, extensionDays: 2, maxDays: 10 };
    const problems = status === 'completed' ? [] : [1, 2];
    let l = emptyLedger(rules);
    for (let d = 1; l.status === 'running'; d++) {
      const rec: DayRecord = {
        type: 'day',
        day: d,
        virtualDate: '2026-01-01',
        incidents: problems.includes(d)
          ? [{ id: `i${d}`, day: d, clause: 'P4', kind: 'k', source: 'twins', nature: 'simulated', summary: { zh: '问题', en: 'problem' } }]
          : [],
        observations: {},
        parts: [],
      };
      l = ledgerStep(l, rec);
    }
    const summary = {
      trialId: 't',
      accel: 86400,
      parts: [{ name: 'twins', zh: '孪生', en: 'twins', connected: true, nature: 'simulated', note: { zh: '', en: '' } }],
    } as unknown as TrialSummary;
    return { folder: 't', evidenceDigest: null, trial: summary, ledger: l };
  };
  const input = (over: Partial<FinalReportInput>): FinalReportInput => ({
    summary: { finalId: 'f', createdAt: Date.UTC(2026, 3, 1), initial: { folder: 'i', evidenceDigest: null }, trial: null, reruns: [] },
    profile,
    initial: { folder: 'i', evidenceDigest: null, run: run([verdict('T8', 'PASS')]) },
    trial: null,
    reruns: [],
    attachments: [],
    evidence: null,
    ...over,
  });

  it('an attached document goes into the folder with its hash; the slot stays 人工确认 until the panel confirms it', async () => {
    const dir = join(root, 'final');
    const file = join(root, '等保测评报告.pdf');
    writeFileSync(file, '%PDF-1.4 assessment');
    const a = await attachManual(dir, parseAttachOption(`mlps=${file}`).slot, file);
    expect(a.path).toBe('attachments/mlps/等保测评报告.pdf');
    expect(readAttachments(dir)).toEqual([a]);
    const states = slotStates([a]);
    expect(states.map((s) => [s.slot.id, s.status, s.files.length])).toEqual([
      ['software-test', 'MANUAL', 0],
      ['mlps', 'MANUAL', 1],
      ['crypto', 'MANUAL', 0],
      ['service-plan', 'MANUAL', 0],
      ['backup-restore', 'MANUAL', 0],
      ['drill', 'MANUAL', 0],
      ...['initial-signed', 'build-period', 'initial-date', 'onsite-service', 'warranty', 'response'].map((id) => [id, 'MANUAL', 0]),
      ...[
        'switch-power',
        'switch-console',
        'switch-throughput',
        'switch-lacp',
        'switch-vlan',
        'switch-routing',
        'switch-stacking',
        'switch-igmp-mac',
        'switch-acl',
      ].map((id) => [id, 'MANUAL', 0]),
    ]);
    // every switch clause a person checks has its slot, and the 终验 row counts it
    expect(finalClauseRows(input({ attachments: [a] })).find((r) => r.id === 'S4')).toMatchObject({ final: 'MANUAL' });
    expect(finalClauseRows(input({ attachments: [a] })).find((r) => r.id === 'S4')!.why.zh).toContain('已提交 0 / 1 份');
    const html = renderFinalReport(input({ attachments: [a] }), 'zh');
    expect(html).toContain(a.sha256);
    expect(html).toContain('待提交');
    expect(finalClauseRows(input({ attachments: [a] })).find((r) => r.id === 'P6')!.final).toBe('MANUAL');
    expect(() => parseAttachOption(`nonsense=${file}`)).toThrow(/slot/);
    expect(() => parseAttachOption('mlps=/no/such/file')).toThrow(/not a file/);
  });

  it('the panel confirms a slot against the files attached then: P6 passes only when all three assessments are confirmed passed, fails on one failed, and a file attached later undoes it', async () => {
    const dir = join(root, 'final-confirm');
    const pdf = (name: string) => {
      const f = join(root, name);
      writeFileSync(f, `%PDF-1.4 ${name}`);
      return f;
    };
    // no decision without its evidence, and a decision names who made it
    expect(() => confirmSlot(dir, 'mlps', 'pass', '张三')).toThrow(/nothing is attached to mlps/);
    expect(() => parseConfirmOption('mlps=maybe')).toThrow(/pass or fail/);
    expect(() => parseConfirmOption('nonsense=pass')).toThrow(/slot must be one of/);
    for (const slot of ['software-test', 'mlps', 'crypto']) await attachManual(dir, slot, pdf(`${slot}.pdf`));
    expect(() => confirmSlot(dir, 'mlps', 'pass', ' ')).toThrow(/--by/);
    const p6 = () =>
      finalClauseRows(input({ attachments: readAttachments(dir), confirmations: readConfirmations(dir) })).find((r) => r.id === 'P6')!;
    confirmSlot(dir, 'software-test', 'pass', '张三');
    confirmSlot(dir, 'mlps', 'pass', '张三');
    expect(p6().final).toBe('MANUAL'); // crypto not yet confirmed
    confirmSlot(dir, 'crypto', 'pass', '李四');
    expect(p6().final).toBe('PASS');
    expect(p6().why.zh).toContain('专家组确认通过（李四');
    confirmSlot(dir, 'crypto', 'fail', '李四');
    expect(p6().final).toBe('FAIL');
    // a document attached after the decision: the decision no longer covers the slot's files
    confirmSlot(dir, 'crypto', 'pass', '李四');
    await attachManual(dir, 'crypto', pdf('crypto-annex.pdf'));
    const crypto = slotStates(readAttachments(dir), readConfirmations(dir)).find((x) => x.slot.id === 'crypto')!;
    expect(crypto.status).toBe('MANUAL');
    expect(crypto.state.zh).toContain('须专家组重新确认');
    expect(p6().final).toBe('MANUAL');
  });

  it('a measured FAIL is never overruled by a confirmed document: S6 (mirroring measured, IGMP and MAC binding by a person)', async () => {
    const dir = join(root, 'final-s6');
    const f = join(root, 's6.pdf');
    writeFileSync(f, '%PDF-1.4 s6');
    await attachManual(dir, 'switch-igmp-mac', f);
    confirmSlot(dir, 'switch-igmp-mac', 'pass', '王五');
    const rows = (status: Verdict['status'] | null, nature: Verdict['nature'] = 'measured') =>
      finalClauseRows(
        input({
          attachments: readAttachments(dir),
          confirmations: readConfirmations(dir),
          reruns: status ? [{ folder: 'r', evidenceDigest: null, run: run([{ ...verdict('S6', status), nature }]) }] : [],
        }),
      ).find((r) => r.id === 'S6')!;
    expect(rows('MANUAL')).toMatchObject({ final: 'PASS', simulated: false });
    expect(rows('FAIL').final).toBe('FAIL');
    expect(rows('INCONCLUSIVE').final).toBe('INCONCLUSIVE');
    // mirroring shown on a switch twin: the panel's word does not make it measured
    expect(rows('MANUAL', 'simulated')).toMatchObject({ final: 'PASS', simulated: true });
    // no re-run measured it: the document alone does not pass a measurable clause
    expect(rows(null).final).not.toBe('PASS');
  });

  it("a 终验 slot with nothing attached in the 终验 folder keeps the 初验 folder's document and the panel's decision there", async () => {
    const dir = join(root, 'initial-p1');
    const f = join(root, 'p1.pdf');
    writeFileSync(f, '%PDF-1.4 p1');
    await attachManual(dir, 'build-period', f);
    confirmSlot(dir, 'build-period', 'pass', '张三');
    const initialSlots = slotStates(readAttachments(dir), readConfirmations(dir));
    const base = input({});
    const p1 = (slots?: typeof initialSlots) =>
      finalClauseRows({ ...base, initial: { ...base.initial, ...(slots ? { slots } : {}) } }).find((r) => r.id === 'P1')!;
    expect(p1().final).toBe('MANUAL');
    expect(p1(initialSlots)).toMatchObject({ initial: 'PASS', final: 'PASS' });
    // the report's table of documents says the same as the row
    const html = renderFinalReport({ ...base, initial: { ...base.initial, slots: initialSlots } }, 'zh');
    expect(html).toMatch(/<span class="PASS">通过<\/span><div class="small">专家组确认通过（张三/);
  });

  it("no attached file can pose as the panel's decision or as the harness's record; a file changed on disk undoes the decision", async () => {
    const dir = join(root, 'final-forge');
    const forged = join(root, 'confirmation.json');
    writeFileSync(forged, JSON.stringify({ slot: 'crypto', decision: 'pass', by: 'x', at: '2026-01-01', files: [] }));
    await attachManual(dir, 'mlps', forged);
    const record = join(root, 'x.attachment.json');
    writeFileSync(record, JSON.stringify({ slot: 'crypto', path: 'attachments/crypto/x', sha256: 'a', size: 1 }));
    const a = await attachManual(dir, 'mlps', record);
    expect(a.path).toBe('attachments/mlps/x.attachment_.json');
    expect(readConfirmations(dir)).toEqual([]);
    expect(readAttachments(dir).map((x) => x.slot)).toEqual(['mlps', 'mlps']);
    // a decision filed under another slot's name is no decision
    confirmSlot(dir, 'mlps', 'pass', '张三');
    const moved = join(dir, 'confirmations', 'crypto.json');
    writeFileSync(moved, readFileSync(join(dir, 'confirmations', 'mlps.json')));
    expect(readConfirmations(dir).map((c) => c.slot)).toEqual(['mlps']);
    expect(slotStates(readAttachments(dir), readConfirmations(dir)).find((x) => x.slot.id === 'mlps')!.status).toBe('PASS');
    // the confirmed document swapped on disk (as a --force re-seal would keep it): the decision lapses
    writeFileSync(join(dir, a.path), 'other bytes');
    expect(slotStates(readAttachments(dir), readConfirmations(dir)).find((x) => x.slot.id === 'mlps')!.status).toBe('MANUAL');
  });

  it('W3 is three evidence slots (plan, verified restore, drill), MANUAL with or without them, with the M and T clauses that bear on them beside, each with a figure', async () => {
    const dir = join(root, 'final-w3');
    const file = join(root, '应急演练记录.pdf');
    writeFileSync(file, '%PDF-1.4 drill');
    const a = await attachManual(dir, parseAttachOption(`drill=${file}`).slot, file);
    const m = (clause: string, status: Verdict['status']) => ({ ...verdict(clause, status), scenario: 'alarms' });
    const alarmLate: Verdict['figures'][number] = {
      name: 'alarm delivered',
      label: { zh: '告警送达用时', en: 'alarm delivered' },
      value: 95,
      unit: 's',
      threshold: '<= 60',
      ok: false,
      nature: 'measured',
    };
    const selfHeal: Verdict['figures'][number] = {
      ...alarmLate,
      name: 'self-heal',
      label: { zh: '自愈时间', en: 'self-heal' },
      value: 3.4,
      threshold: '<= 180',
      ok: true,
    };
    const reruns = [
      {
        folder: 'r',
        evidenceDigest: null,
        run: run([
          { ...m('M3', 'PASS'), figures: [] },
          { ...m('M5', 'FAIL'), figures: [alarmLate] },
          { ...m('M6', 'PASS'), figures: [] },
          { ...verdict('T6', 'PASS'), figures: [selfHeal] },
        ]),
      },
    ];
    const w3 = finalClauseRows(input({ attachments: [a], reruns })).find((r) => r.id === 'W3')!;
    expect(w3.final).toBe('MANUAL');
    // the service plan's monitoring and alarms (M3-M6), the drill's self-heal and failover (T6, T9)
    expect(w3.why.zh).toBe(
      '证明文件已提交 1 / 3 份，结论待专家组确认；相关测试：M3 通过（实测）、M4 无法判定、M5 不通过（实测）：告警送达用时 95 秒（≤ 60）、M6 通过（实测）、T6 通过（实测）：自愈时间 3.4 秒（≤ 180）、T9 无法判定',
    );
    expect(w3.why.en).toContain('tested alongside: M3 Pass (measured), M4 Inconclusive, M5 Fail (measured): alarm delivered 95 s (≤ 60),');
    expect(finalClauseRows(input({})).find((r) => r.id === 'W3')!.why.en).toMatch(/^0 of 3 supporting documents submitted/);
    // the 初验 names what must be attached
    const zh = renderInitialReport({ run: run([verdict('T8', 'PASS')]), profile, charts: [], evidence: null }, 'zh');
    const row = zh.slice(zh.indexOf('<tr id="clause-W3">'));
    expect(row).toMatch(/人工确认/);
    expect(row).toContain('须提交：服务方案');
    expect(row).toContain('<code>backup-restore</code>');
  });

  it('without a re-run a measurable clause is 无法判定 at final acceptance, even if it passed at the initial one', () => {
    const rows = finalClauseRows(input({}));
    expect(rows.find((r) => r.id === 'T8')).toMatchObject({ initial: 'PASS', rerun: null, final: 'INCONCLUSIVE' });
    const withRerun = finalClauseRows(input({ reruns: [{ folder: 'r', evidenceDigest: null, run: run([verdict('T8', 'PASS')]) }] }));
    expect(withRerun.find((r) => r.id === 'T8')).toMatchObject({ rerun: 'PASS', final: 'PASS' });
    expect(conclusionOf(withRerun.map((r) => r.final))).not.toBe('PASS');
  });

  it('the trial ledger decides P4/P5: termination right -> 不通过; a simulated trial -> 人工确认', () => {
    const bad = finalClauseRows(input({ trial: trial('termination-right') }));
    expect(bad.find((r) => r.id === 'P5')!.final).toBe('FAIL');
    const sim = finalClauseRows(input({ trial: trial('completed') }));
    expect(sim.find((r) => r.id === 'P4')!.final).toBe('MANUAL');
    expect(renderFinalReport(input({ trial: trial('termination-right') }), 'zh')).toContain('不通过');
  });

  it('a field trial (measured) completed: P4 PASS when every day was checked, 人工确认 naming the unchecked days otherwise', () => {
    const field = (checkedDays: number): FinalReportInput['trial'] => {
      const t = trial('completed')!;
      const parts = [{ name: 'field', zh: '现场', en: 'field', connected: true, nature: 'measured', note: { zh: '', en: '' } }];
      return {
        ...t,
        checkedDays,
        trial: { ...t.trial, accel: 1, parts, field: { target: 'site A', startDate: '2026-01-01' } } as TrialSummary,
      };
    };
    expect(finalClauseRows(input({ trial: field(3) })).find((r) => r.id === 'P4')!.final).toBe('PASS');
    const gaps = finalClauseRows(input({ trial: field(1) })).find((r) => r.id === 'P4')!;
    expect(gaps.final).toBe('MANUAL');
    expect(gaps.why.zh).toMatch(/其中 2 日未检查/);
  });
});

describe('the system under test is printed', () => {
  it('lists every core option that differs from the shipped defaults in the test environment, or says none were recorded', () => {
    const tuned = {
      ...run([verdict('T6', 'PASS')]),
      coreTuning: [
        { file: 'mfsmaster.cfg', key: 'REPLICATIONS_DELAY_INIT', value: '10', shipped: '60', kind: 'tuning' as const },
        { file: 'mfschunkserver.cfg', key: 'MASTER_HOST', value: '10.0.0.1', shipped: 'mfsmaster', kind: 'site' as const },
      ],
    };
    const zh = renderInitialReport({ run: tuned, profile, charts: [], evidence: null }, 'zh');
    expect(zh).toContain('与出厂默认值不同的核心参数');
    expect(zh).toContain('<code>REPLICATIONS_DELAY_INIT = 10</code>（mfsmaster.cfg；出厂值 <code>60</code>）');
    expect(zh).not.toContain('MASTER_HOST = 10.0.0.1');
    expect(renderInitialReport({ run: { ...tuned, coreTuning: [] }, profile, charts: [], evidence: null }, 'en')).toContain(
      'none: the core ran with its shipped defaults',
    );
    expect(renderInitialReport({ run: run([]), profile, charts: [], evidence: null }, 'en')).toContain('not recorded in this run');
    // the 终验报告 lists the options of the initial acceptance and the re-runs, each once
    const fsync = { file: 'mfschunkserver.cfg', key: 'HDD_FSYNC_BEFORE_CLOSE', value: '1', shipped: '0', kind: 'tuning' as const };
    const final = renderFinalReport(
      {
        summary: { finalId: 'f', createdAt: Date.UTC(2026, 3, 1), initial: { folder: 'i', evidenceDigest: null }, trial: null, reruns: [] },
        profile,
        initial: { folder: 'i', evidenceDigest: null, run: tuned },
        trial: null,
        reruns: [{ folder: 'r', evidenceDigest: null, run: { ...tuned, coreTuning: [...tuned.coreTuning, fsync] } }],
        attachments: [],
        evidence: null,
      },
      'zh',
    );
    expect(final).toContain('与出厂默认值不同的核心参数（初验与终验复测）');
    expect(final.split('<code>REPLICATIONS_DELAY_INIT = 10</code>').length - 1).toBe(1);
    expect(final).toContain('<code>HDD_FSYNC_BEFORE_CLOSE = 1</code>');
    expect(final).not.toContain('MASTER_HOST');
  });
});

describe('a PASS on a twin or a modelled duration never concludes acceptance', () => {
  const mixed = (clause: string): Verdict => ({
    ...verdict(clause, 'PASS'),
    nature: 'mixed',
    accel: 1,
    caveats: [{ zh: 'f1：由 BMC 看门狗（仿真代理）完成恢复', en: 'f1: healed by the BMC watchdog (simulated agent)' }],
  });
  it('shows 通过（仿真） and leaves the 初验 conclusion pending; the same verdict measured concludes', () => {
    const statuses = clauseStatuses([mixed('T6')]);
    expect(statuses.find((s) => s.clause.id === 'T6')).toMatchObject({ status: 'PASS', simulated: true });
    expect(conclusionOf([{ status: 'PASS', simulated: true }, 'PASS'])).toBe('PENDING-SIMULATED');
    expect(conclusionOf([{ status: 'PASS', simulated: true }, 'FAIL'])).toBe('FAIL');
    expect(conclusionOf([{ status: 'PASS', simulated: false }, 'PASS'])).toBe('PASS');
    const zh = renderInitialReport({ run: run([mixed('T6')]), profile, charts: [], evidence: null }, 'zh');
    expect(zh).toContain('通过（仿真）<div class="small">f1：由 BMC 看门狗（仿真代理）完成恢复</div>');
    expect(renderInitialReport({ run: run([mixed('T6')]), profile, charts: [], evidence: null }, 'en')).toContain('PASS (simulated)');
    expect(renderInitialReport({ run: run([verdict('T6', 'PASS')]), profile, charts: [], evidence: null }, 'zh')).not.toContain(
      '通过（仿真）',
    );
  });

  it('a verdict with many figures keeps its row short (the unmet first, the rest counted and left to 6.n); evidence breaks only at / . - _', () => {
    const many: Verdict = {
      ...verdict('T1', 'FAIL'),
      nature: 'simulated',
      figures: Array.from({ length: 27 }, (_, k) => ({
        name: `node${k}: fans`,
        label: { zh: `node${k}：风扇数量`, en: `node${k}: fans` },
        value: k === 20 ? 5 : 6,
        unit: 'fans',
        threshold: '>= 6',
        ok: k !== 20,
        nature: 'simulated' as const,
      })),
      evidence: ['history.jsonl#inventory.redfish', 'http://127.0.0.1:40431/redfish/v1'],
    };
    const zh = renderInitialReport({ run: run([many]), profile, charts: [], evidence: null }, 'zh');
    const row = zh.slice(zh.indexOf('<tr id="clause-T1">'), zh.indexOf('<tr id="clause-T2">'));
    // the unmet figure comes first, with its threshold beside it; three more, then the count of the rest
    expect(row).toMatch(/node20：风扇数量：<b>5<\/b> 个 ✗<span class="muted">（≥ 6）<\/span>/);
    expect(row.match(/风扇数量：<b>/g)).toHaveLength(4);
    expect(row).toContain('另 23 项（均满足），明细见');
    expect(row).toContain('http:/<wbr>/<wbr>127.<wbr>0.<wbr>0.<wbr>1:40431/<wbr>redfish/<wbr>v1');
    // every figure is still in the detail section
    expect(zh.match(/<tr><td>node\d+：风扇数量<\/td>/g)).toHaveLength(27);
    expect(zh).not.toContain('CLAUSES.md');
    expect(zh).toContain('采购合同及其附件《技术参数及要求》');
  });

  it('a pending 初验 lists each simulated pass with what would make it measured', () => {
    const twin = (clause: string): Verdict => ({ ...verdict(clause, 'PASS'), nature: 'simulated' });
    const zh = renderInitialReport(
      { run: run([twin('T1'), twin('M1'), verdict('T8', 'PASS')]), profile, charts: [], evidence: null },
      'zh',
    );
    const issues = zh.slice(zh.lastIndexOf('问题与整改'), zh.lastIndexOf('验收结论'));
    expect(issues).toMatch(
      /<b>T1<\/b><\/td><td>通过（仿真）：依据数字孪生或仿真时长，不能作为交付设备通过的依据<\/td><td>以 accept inventory --bmc/,
    );
    expect(issues).toMatch(/<b>M1<\/b><\/td><td>通过（仿真）[^<]*<\/td><td>以 accept inventory --mgmt/);
    expect(issues).not.toContain('<b>T8</b>');
  });

  it('a pending 初验 names each document still awaited, by its slot, with the command that records it; a confirmed one is not listed', async () => {
    const dir = join(root, 'initial-pending-slots');
    const verdicts = [verdict('T3', 'PASS'), { ...verdict('T6', 'PASS'), nature: 'simulated' as const }];
    const issues = (lang: 'zh' | 'en' = 'zh') => {
      const html = renderInitialReport(
        { run: run(verdicts), profile, charts: [], evidence: null, slots: slotStates(readAttachments(dir), readConfirmations(dir)) },
        lang,
      );
      return html.slice(
        html.lastIndexOf(lang === 'zh' ? '问题与整改' : 'Issues and remediation'),
        html.lastIndexOf(lang === 'zh' ? '验收结论' : 'Conclusion'),
      );
    };
    // S5 (LACP) a person checks on the delivered switch: its slot, its state and both commands
    expect(issues()).toMatch(
      /<b>S5<\/b><\/td><td>待人工确认：[^<]*<code>switch-lacp<\/code>，[^<]*待提交[\s\S]*?<code>accept report &lt;folder&gt; --attach switch-lacp=&lt;file&gt; --confirm switch-lacp=pass\|fail --by &lt;name&gt;<\/code>/,
    );
    expect(issues('en')).toContain('Awaiting the panel: ');
    // a simulated T6 pass names the field command that measures it on the delivered system
    expect(issues()).toMatch(
      /<b>T6<\/b><\/td><td>通过（仿真）[^<]*<\/td><td>在交付系统上运行 accept probe --target &lt;目标文件&gt; --power-loss &lt;节点&gt;（或 --restart &lt;节点&gt;）/,
    );
    // attached: only the confirmation is asked for; confirmed: the slot leaves the list
    const f = join(root, 'lacp.pdf');
    writeFileSync(f, '%PDF-1.4 lacp');
    await attachManual(dir, 'switch-lacp', f);
    expect(issues()).toMatch(/<code>accept report &lt;folder&gt; --confirm switch-lacp=pass\|fail --by &lt;name&gt;<\/code>/);
    confirmSlot(dir, 'switch-lacp', 'pass', '验收专家组');
    expect(issues()).not.toContain('switch-lacp');
    expect(issues()).toContain('switch-vlan');
    // documents of later stages (P6's assessments, W3's service records) are not this report's to wait for
    expect(issues()).not.toMatch(/mlps|service-plan/);
  });

  it('the 终验报告 table has the measured/simulated column and a simulated final PASS keeps the conclusion pending', () => {
    const final: FinalReportInput = {
      summary: { finalId: 'f', createdAt: Date.UTC(2026, 3, 1), initial: { folder: 'i', evidenceDigest: null }, trial: null, reruns: [] },
      profile,
      initial: { folder: 'i', evidenceDigest: null, run: run([mixed('T6')]) },
      trial: null,
      reruns: [{ folder: 'r', evidenceDigest: null, run: run([mixed('T6'), verdict('T8', 'PASS')]) }],
      attachments: [],
      evidence: null,
    };
    const rows = finalClauseRows(final);
    expect(rows.find((r) => r.id === 'T6')).toMatchObject({ final: 'PASS', nature: 'mixed', simulated: true });
    expect(rows.find((r) => r.id === 'T8')).toMatchObject({ final: 'PASS', nature: 'measured', simulated: false });
    const html = renderFinalReport(final, 'zh');
    expect(html).toContain('实测/仿真');
    expect(html).toContain('通过（仿真）');
    expect(html).toContain('实测＋仿真');
    // the initial and re-run columns say it too, and the re-run table's scenario row
    expect(rows.find((r) => r.id === 'T6')).toMatchObject({ initialSimulated: true, rerunSimulated: true });
    expect(rows.find((r) => r.id === 'T8')).toMatchObject({ initialSimulated: false, rerunSimulated: false });
    const rowOf = (id: string) => html.match(new RegExp(`<tr><td class="c"><b>${id}</b>.*?</tr>`))?.[0] ?? '';
    expect(rowOf('T6').split('通过（仿真）').length - 1).toBe(3);
    expect(rowOf('T6')).toContain('f1：由 BMC 看门狗（仿真代理）完成恢复');
    expect(rowOf('T8')).not.toContain('通过（仿真）');
    expect(renderFinalReport(final, 'en')).toMatch(/<td class="c PASS">PASS \(simulated\)<\/td><td class="small"><span class="mono">/);
  });
});

describe('Chromium lookup', () => {
  it('takes ACCEPT_CHROMIUM when it is executable, and says clearly when nothing is found', () => {
    expect(findChromium({ ACCEPT_CHROMIUM: '/bin/sh' })).toBe('/bin/sh');
    expect(() => findChromium({ ACCEPT_CHROMIUM: '/no/such/chromium' })).toThrow(ChromiumMissingError);
    expect(() => findChromium({ PATH: root })).toThrow(/apt-get install chromium/);
  });
});

describe('a PASS on a harness stand-in for the product (T4) never concludes acceptance', () => {
  const standIn = { zh: '加密由测试工具的参考录像写入路径完成', en: "encryption done by the harness's reference recording path" };
  const t4: Verdict = { ...verdict('T4', 'PASS'), standIn, caveats: [standIn] };
  it('shows 通过（参考实现）, lists it with what would measure the product, and keeps both reports pending; measured alone it would conclude', () => {
    const statuses = clauseStatuses([t4, verdict('T8', 'PASS')]);
    expect(statuses.find((s) => s.clause.id === 'T4')).toMatchObject({ status: 'PASS', simulated: true, standIn });
    const zh = renderInitialReport({ run: run([t4, verdict('T8', 'PASS')]), profile, charts: [], evidence: null }, 'zh');
    const issues = zh.slice(zh.lastIndexOf('问题与整改'), zh.lastIndexOf('验收结论'));
    expect(issues).toMatch(
      /<b>T4<\/b><\/td><td>通过（参考实现）：加密由测试工具的参考录像写入路径完成；不能作为交付设备通过的依据<\/td><td>在交付系统的录像写入与下载路径上/,
    );
    expect(zh).toContain('T4 通过（参考实现）');
    expect(zh).not.toContain('T4 通过（仿真）');
    const rows = finalClauseRows({
      initial: { folder: 'i', evidenceDigest: null, run: run([t4]) },
      trial: null,
      reruns: [{ folder: 'r', evidenceDigest: null, run: run([t4]) }],
      attachments: [],
    });
    expect(rows.find((r) => r.id === 'T4')).toMatchObject({ final: 'PASS', nature: 'measured', simulated: true, standIn });
    expect(clauseStatuses([verdict('T4', 'PASS')]).find((s) => s.clause.id === 'T4')).toMatchObject({ simulated: false });
  });
});
