// The real Debian Chromium renders a report to PDF: a cover without running header,
// then pages with the running header, "第 n 页 共 m 页" and the evidence digest.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { coverHtml, documentHtml } from './document';
import { findChromium, htmlToPdf } from './pdf';

const root = mkdtempSync(join(tmpdir(), 'accept-pdf-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let chromium: string | null = null;
try {
  chromium = findChromium();
} catch {
  chromium = null;
}
const pdftotext = (pdf: string, page: number) =>
  execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', pdf, '-'], { encoding: 'utf8' });

describe('PDF through Chromium', () => {
  it.skipIf(chromium === null)(
    'renders a cover page, then headed and numbered pages with Chinese text and the digest',
    async () => {
      const digest = 'c0ffee'.repeat(10) + 'abcd';
      const rows = Array.from(
        { length: 80 },
        (_, i) => `<tr><td>${i + 1}</td><td>条款 T${i}：读写时热插拔任意硬盘，设备不宕机</td></tr>`,
      ).join('');
      const html = documentHtml({
        lang: 'zh',
        title: '初步验收报告',
        runningTitle: '测试项目 · 初步验收报告',
        docId: 'CY-test',
        evidenceDigest: digest,
        cover: coverHtml({
          lang: 'zh',
          projectName: '测试项目',
          reportTitle: '初步验收报告',
          docId: 'CY-test',
          rows: [['甲方', '某市公安分局']],
          dateText: '2026年1月1日',
          footLines: [],
        }),
        body: `<h2>一、测试项与结果</h2><table><thead><tr><th>序号</th><th>要求</th></tr></thead><tbody>${rows}</tbody></table>`,
      });
      const path = join(root, 'r.html');
      writeFileSync(path, html);
      const r = await htmlToPdf([{ html: path, pdf: join(root, 'r.pdf') }], chromium!);
      const pdf = join(root, 'r.pdf');
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
      expect(r.files[0]!.bytes).toBeGreaterThan(10_000);
      const p1 = pdftotext(pdf, 1);
      expect(p1).toContain('初 步 验 收 报 告'.replace(/ /g, '').slice(0, 2)); // the cover title (letter-spaced)
      expect(p1).not.toMatch(/第\s*1\s*页/);
      const p2 = pdftotext(pdf, 2);
      expect(p2).toContain('测试项目 · 初步验收报告');
      expect(p2).toMatch(/第\s*2\s*页\s*共\s*\d+\s*页/);
      expect(p2).toContain(digest.slice(0, 16));
      // the repeated table header is on the continuation page
      expect(p2).toContain('序号');
    },
    60_000,
  );
});
