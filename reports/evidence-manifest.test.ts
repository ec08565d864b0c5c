// The evidence bundle must notice one changed byte, a removed file and an added one.
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { EVIDENCE_MANIFEST, MANIFEST, readManifest, sha256Of, verifyFolder, writeCompleteManifest, writeEvidenceManifest } from './evidence-manifest';
import { isReportFile } from './seal';

const root = mkdtempSync(join(tmpdir(), 'accept-manifest-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dir: string;
let n = 0;

async function sealedFolder(): Promise<string> {
  const d = join(root, `run${++n}`);
  mkdirSync(join(d, 'allure-results'), { recursive: true });
  writeFileSync(join(d, 'history.jsonl'), '{"i":0,"kind":"run.start"}\n{"i":1,"kind":"segment.write"}\n');
  writeFileSync(join(d, 'verdicts.json'), '{"overall":"PASS"}');
  writeFileSync(join(d, 'allure-results', 'a-result.json'), '{}');
  const ev = await writeEvidenceManifest(d, isReportFile);
  writeFileSync(join(d, 'initial-report.zh.html'), `<p>${ev.sha256}</p>`);
  writeFileSync(join(d, 'initial-report.zh.pdf'), '%PDF-1.7 fake');
  await writeCompleteManifest(d);
  return d;
}

describe('evidence manifest', () => {
  beforeEach(async () => {
    dir = await sealedFolder();
  });

  it('lists every file with size and SHA-256; the evidence stage leaves the reports out', async () => {
    const ev = readManifest(join(dir, EVIDENCE_MANIFEST));
    expect(ev.files.map((f) => f.path)).toEqual(['allure-results/a-result.json', 'history.jsonl', 'verdicts.json']);
    expect(ev.files[1]).toEqual({ path: 'history.jsonl', size: Buffer.byteLength(readFileSync(join(dir, 'history.jsonl'))), sha256: sha256Of(readFileSync(join(dir, 'history.jsonl'))) });
    const all = readManifest(join(dir, MANIFEST));
    expect(all.files.map((f) => f.path)).toEqual(['allure-results/a-result.json', EVIDENCE_MANIFEST, 'history.jsonl', 'initial-report.zh.html', 'initial-report.zh.pdf', 'verdicts.json']);
    const r = await verifyFolder(dir);
    expect(r.ok).toBe(true);
    expect(r.evidenceManifestSha256).toBe(sha256Of(readFileSync(join(dir, EVIDENCE_MANIFEST))));
    // the digest printed in the report is the evidence manifest's own SHA-256
    expect(readFileSync(join(dir, 'initial-report.zh.html'), 'utf8')).toContain(r.evidenceManifestSha256!);
  });

  it('detects one changed byte (same size)', async () => {
    const p = join(dir, 'history.jsonl');
    const b = readFileSync(p);
    b[10] = b[10]! ^ 0x01;
    writeFileSync(p, b);
    const r = await verifyFolder(dir);
    expect(r.ok).toBe(false);
    expect(r.changed.map((c) => c.path)).toEqual(['history.jsonl']);
    expect(r.changed[0]!.actualSize).toBe(r.changed[0]!.expectedSize);
    expect(r.missing).toEqual([]);
    expect(r.added).toEqual([]);
  });

  it('detects a changed byte in a report PDF too', async () => {
    appendFileSync(join(dir, 'initial-report.zh.pdf'), ' ');
    expect((await verifyFolder(dir)).changed.map((c) => c.path)).toEqual(['initial-report.zh.pdf']);
  });

  it('detects a removed file and an added file', async () => {
    unlinkSync(join(dir, 'verdicts.json'));
    writeFileSync(join(dir, 'allure-results', 'extra.txt'), 'x');
    const r = await verifyFolder(dir);
    expect(r.ok).toBe(false);
    expect(r.missing).toEqual(['verdicts.json']);
    expect(r.added).toEqual(['allure-results/extra.txt']);
  });

  it('detects a re-hashed manifest.json through the evidence manifest (and the printed digest)', async () => {
    writeFileSync(join(dir, 'verdicts.json'), '{"overall":"FAIL"}');
    const before = sha256Of(readFileSync(join(dir, EVIDENCE_MANIFEST)));
    await writeCompleteManifest(dir); // a forger re-seals stage 2 only
    const r = await verifyFolder(dir);
    expect(r.ok).toBe(false);
    expect(r.changed.map((c) => c.path)).toEqual(['verdicts.json']);
    expect(r.evidenceManifestSha256).toBe(before);
  });

  it('a missing manifest is a problem, not OK', async () => {
    unlinkSync(join(dir, MANIFEST));
    const r = await verifyFolder(dir);
    expect(r.ok).toBe(false);
    expect(r.problems.join()).toMatch(/manifest\.json is missing/);
  });

  it('re-sealing unchanged evidence keeps the evidence manifest byte for byte (the signed digest stays valid)', async () => {
    const before = readFileSync(join(dir, EVIDENCE_MANIFEST));
    const again = await writeEvidenceManifest(dir, isReportFile);
    expect(readFileSync(join(dir, EVIDENCE_MANIFEST)).equals(before)).toBe(true);
    expect(again.sha256).toBe(sha256Of(before));
    writeFileSync(join(dir, 'new-evidence.json'), '{}');
    const changed = await writeEvidenceManifest(dir, isReportFile);
    expect(changed.sha256).not.toBe(sha256Of(before));
  });
});
