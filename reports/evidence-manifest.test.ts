// The evidence bundle must notice one changed byte, a removed file and an added one, a
// changed byte of a manifest's own fields, and a report whose printed digest is not the
// evidence manifest's.
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { digestParagraph } from './document';
import {
  EVIDENCE_MANIFEST,
  MANIFEST,
  printedEvidenceDigests,
  readManifest,
  sha256Of,
  verifyFolder,
  writeCompleteManifest,
  writeEvidenceManifest,
} from './evidence-manifest';
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
  writeFileSync(
    join(d, 'initial-report.zh.html'),
    `<html><head><meta name="accept-evidence-manifest-sha256" content="${ev.sha256}"></head><body>${digestParagraph('zh', ev.sha256)}</body></html>`,
  );
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
    expect(ev.files[1]).toEqual({
      path: 'history.jsonl',
      size: Buffer.byteLength(readFileSync(join(dir, 'history.jsonl'))),
      sha256: sha256Of(readFileSync(join(dir, 'history.jsonl'))),
    });
    const all = readManifest(join(dir, MANIFEST));
    expect(all.files.map((f) => f.path)).toEqual([
      'allure-results/a-result.json',
      EVIDENCE_MANIFEST,
      'history.jsonl',
      'initial-report.zh.html',
      'initial-report.zh.pdf',
      'verdicts.json',
    ]);
    expect(all).toMatchObject({
      format: 'accept-evidence-manifest/2',
      evidenceManifestSha256: sha256Of(readFileSync(join(dir, EVIDENCE_MANIFEST))),
    });
    const r = await verifyFolder(dir);
    expect(r.ok).toBe(true);
    expect(r.problems).toEqual([]);
    expect(r.reportsChecked).toEqual(['initial-report.zh.html']);
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

  it('a changed byte anywhere in manifest.json is found, also in its own fields (createdAt, folder, totals)', async () => {
    const p = join(dir, MANIFEST);
    const original = readFileSync(p);
    const createdAt = original.indexOf('"createdAt"') + '"createdAt": "20'.length;
    const positions = [
      createdAt,
      original.indexOf('"folder"') + 12,
      ...Array.from({ length: Math.ceil(original.length / 3) }, (_, k) => k * 3),
    ];
    for (const at of positions) {
      const b = Buffer.from(original);
      b[at] = b[at]! ^ 0x01;
      writeFileSync(p, b);
      const r = await verifyFolder(dir);
      expect(r.ok, `byte ${at} (${JSON.stringify(String.fromCharCode(original[at]!))}) flipped`).toBe(false);
    }
    writeFileSync(p, original);
    expect((await verifyFolder(dir)).ok).toBe(true);
    // the createdAt digit alone: only the self digest can tell
    const b = Buffer.from(original);
    b[createdAt] = b[createdAt]! ^ 0x01;
    writeFileSync(p, b);
    const r = await verifyFolder(dir);
    expect(r.changed).toEqual([]);
    expect(r.problems).toEqual([expect.stringMatching(/^manifest\.json: its content does not match the SHA-256 it records of itself/)]);
  });

  it("a report whose printed digest is not the evidence manifest's fails, even with manifest.json re-written", async () => {
    const p = join(dir, 'initial-report.zh.html');
    writeFileSync(p, readFileSync(p, 'utf8').replaceAll(sha256Of(readFileSync(join(dir, EVIDENCE_MANIFEST))), 'a'.repeat(64)));
    await writeCompleteManifest(dir);
    const r = await verifyFolder(dir);
    expect(r.ok).toBe(false);
    expect(r.changed).toEqual([]);
    expect(r.problems.join('\n')).toMatch(
      /^initial-report\.zh\.html prints evidence manifest SHA-256 aaaaaaaaaaaaaaaa… but evidence-manifest\.json has/m,
    );
  });

  it('changed evidence with both manifests re-written still fails: the reports print the old digest', async () => {
    writeFileSync(join(dir, 'verdicts.json'), '{"overall":"FAIL"}');
    await writeEvidenceManifest(dir, isReportFile);
    await writeCompleteManifest(dir);
    const r = await verifyFolder(dir);
    expect(r.ok).toBe(false);
    expect(r.changed).toEqual([]);
    expect(r.problems).toEqual([expect.stringMatching(/^initial-report\.zh\.html prints evidence manifest SHA-256/)]);
  });

  it("a suite's part reports are checked against their part's evidence manifest, the suite's against its own", async () => {
    const suite = join(root, `suite${++n}`);
    mkdirSync(join(suite, 'parts'), { recursive: true });
    renameSync(dir, join(suite, 'parts', 'p1'));
    writeFileSync(join(suite, 'verdicts.json'), '{"overall":"PASS"}');
    const ev = await writeEvidenceManifest(suite, isReportFile);
    writeFileSync(join(suite, 'initial-report.zh.html'), `<html><body>${digestParagraph('zh', ev.sha256)}</body></html>`);
    await writeCompleteManifest(suite);
    const r = await verifyFolder(suite);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.reportsChecked).toEqual(['initial-report.zh.html', 'parts/p1/initial-report.zh.html']);
    // a part report printing the suite's digest instead of its part's is caught
    const part = join(suite, 'parts', 'p1', 'initial-report.zh.html');
    writeFileSync(part, `<html><body>${digestParagraph('zh', ev.sha256)}</body></html>`);
    await writeCompleteManifest(suite);
    const bad = await verifyFolder(suite);
    expect(bad.ok).toBe(false);
    expect(bad.problems).toEqual([
      expect.stringMatching(
        /^parts\/p1\/initial-report\.zh\.html prints evidence manifest SHA-256 .* but parts\/p1\/evidence-manifest\.json has/,
      ),
    ]);
  });

  it('a report printing no digest is a problem', async () => {
    writeFileSync(join(dir, 'initial-report.en.html'), '<p>no digest</p>');
    await writeCompleteManifest(dir);
    expect((await verifyFolder(dir)).problems).toEqual(['initial-report.en.html prints no evidence manifest SHA-256']);
  });

  it('reads the digest a report prints from its meta tag, marked elements, or (older reports) the cover line', () => {
    const d = 'b'.repeat(64);
    expect(
      printedEvidenceDigests(`<meta name="accept-evidence-manifest-sha256" content="${d}"><span class="mono evidence-digest">${d}</span>`),
    ).toEqual([d, d]);
    expect(printedEvidenceDigests(`证据清单 SHA-256：<span class="mono">${d}</span>`)).toEqual([d]);
    // a digest of another folder cited in a final report is not the report's own
    expect(printedEvidenceDigests(`<td><code>${d}</code></td>`)).toEqual([]);
  });

  it('a folder sealed in format 1 (no self digests) still verifies, with a note; a one-bit downgrade of format 2 does not', async () => {
    const d = join(root, `legacy${++n}`);
    mkdirSync(d);
    writeFileSync(join(d, 'history.jsonl'), '{"i":0}\n');
    const v1 = (stage: string, paths: string[]) => {
      const files = paths.map((p) => ({ path: p, size: readFileSync(join(d, p)).length, sha256: sha256Of(readFileSync(join(d, p))) }));
      return (
        JSON.stringify(
          {
            format: 'accept-evidence-manifest/1',
            stage,
            folder: 'x',
            createdAt: '2026-01-01T00:00:00.000Z',
            algorithm: 'sha256',
            fileCount: files.length,
            totalBytes: files.reduce((s, f) => s + f.size, 0),
            files,
          },
          null,
          1,
        ) + '\n'
      );
    };
    writeFileSync(join(d, EVIDENCE_MANIFEST), v1('evidence', ['history.jsonl']));
    writeFileSync(
      join(d, 'initial-report.zh.html'),
      `<p>证据清单 SHA-256：<span class="mono">${sha256Of(readFileSync(join(d, EVIDENCE_MANIFEST)))}</span></p>`,
    );
    writeFileSync(join(d, MANIFEST), v1('complete', [EVIDENCE_MANIFEST, 'history.jsonl', 'initial-report.zh.html']));
    const r = await verifyFolder(d);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.notes.join()).toMatch(/format 1/);
    // format 2 -> 1 is one bit; the selfSha256 key left behind makes it no manifest of format 1
    const p = join(dir, MANIFEST);
    writeFileSync(p, readFileSync(p, 'utf8').replace('accept-evidence-manifest/2', 'accept-evidence-manifest/1'));
    expect((await verifyFolder(dir)).problems.join()).toMatch(/manifest\.json is not a manifest any more/);
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
