// `accept verify` on a real sealed folder (a short trial without the soak, its reports
// rendered by the real templates): untouched it says OK and exits 0; one flipped byte in
// an evidence file, in manifest.json, in a report HTML or in evidence-manifest.json each
// exits 1 with a line naming that file.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeCompleteManifest } from '../reports/evidence-manifest';
import { verifyCommand } from './report-commands';
import { trialCommand } from './trial-command';

const out = mkdtempSync(join(tmpdir(), 'accept-verify-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
let sealed: string;
let n = 0;

beforeAll(async () => {
  sealed = (
    await trialCommand({ profile: 'ci', days: '3', extensionDays: '2', accel: '1e9', seed: 'verify-1', out, pdf: false, soak: false })
  ).dir;
});
afterEach(() => vi.restoreAllMocks());

/** A fresh copy of the sealed folder. */
function copy(): string {
  const d = join(out, `copy${++n}`);
  cpSync(sealed, d, { recursive: true });
  return d;
}

/** Flips the lowest bit of the byte at a fraction of the file (a digit or letter, never the JSON layout). */
function flip(path: string, at: (text: Buffer) => number) {
  const b = readFileSync(path);
  const i = at(b);
  b[i] = b[i]! ^ 0x01;
  writeFileSync(path, b);
}

async function verify(dir: string): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (lines.push(String(s)), true));
  const code = await verifyCommand(dir);
  vi.restoreAllMocks();
  return { code, out: lines.join('') };
}

describe('accept verify', () => {
  it('an untouched folder verifies OK (exit 0), with the evidence digest the reports print', async () => {
    const d = copy();
    const r = await verify(d);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^OK: /);
    expect(r.out).toContain("2 report(s) print the evidence manifest's digest");
    const digest = /SHA-256 of evidence-manifest\.json \(printed in the reports; compare with the signed paper\): ([0-9a-f]{64})/.exec(
      r.out,
    )![1]!;
    for (const lang of ['zh', 'en']) {
      const html = readFileSync(join(d, `trial-report.${lang}.html`), 'utf8');
      expect(html).toContain(`<meta name="accept-evidence-manifest-sha256" content="${digest}">`);
      expect(html).toContain(`<span class="mono evidence-digest">${digest}</span>`);
    }
  });

  it('(a) one byte of an evidence file', async () => {
    const d = copy();
    flip(join(d, 'journal.jsonl'), (b) => b.indexOf('"seed":"verify-1"') + 9);
    const r = await verify(d);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^CHANGED: /);
    expect(r.out).toMatch(/^ {2}changed: journal\.jsonl \(sha256 /m);
  });

  it('(b) one byte of manifest.json (its own createdAt: only its self digest can tell)', async () => {
    const d = copy();
    flip(join(d, 'manifest.json'), (b) => b.indexOf('"createdAt": "') + 16);
    const r = await verify(d);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^ {2}problem: manifest\.json: its content does not match the SHA-256 it records of itself/m);
    expect(r.out).not.toMatch(/changed:/);
  });

  it('(c) one byte of a report HTML', async () => {
    const d = copy();
    flip(join(d, 'trial-report.zh.html'), (b) => b.indexOf('试运行报告') + 1);
    const r = await verify(d);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^ {2}changed: trial-report\.zh\.html /m);
  });

  it('(c′) a report whose printed digest was edited, with manifest.json re-written to match', async () => {
    const d = copy();
    const p = join(d, 'trial-report.en.html');
    const html = readFileSync(p, 'utf8');
    const digest = /content="([0-9a-f]{64})"/.exec(html)![1]!;
    writeFileSync(p, html.replaceAll(digest, digest.slice(0, 63) + (digest.endsWith('0') ? '1' : '0')));
    await writeCompleteManifest(d);
    const r = await verify(d);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /^ {2}problem: trial-report\.en\.html prints evidence manifest SHA-256 [0-9a-f]{16}… but evidence-manifest\.json has /m,
    );
  });

  it('(d) one byte of evidence-manifest.json', async () => {
    const d = copy();
    flip(join(d, 'evidence-manifest.json'), (b) => b.indexOf('"createdAt": "') + 16);
    const r = await verify(d);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^ {2}changed: evidence-manifest\.json /m);
    expect(r.out).toMatch(/^ {2}problem: evidence-manifest\.json: its content does not match the SHA-256 it records of itself/m);
    expect(r.out).toMatch(
      /^ {2}problem: manifest\.json records SHA-256 [0-9a-f]{16}… for evidence-manifest\.json at sealing, but the file now has /m,
    );
    expect(r.out).toMatch(/^ {2}problem: trial-report\.zh\.html prints evidence manifest SHA-256 /m);
  });
});
