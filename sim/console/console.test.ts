// The one-screen page in real headless Chromium: a bay pulled in the data shows on the page
// within a poll or two; the frozen page (the M2 control) never shows it.
import { afterEach, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from './browser';
import { startConsole, type ConsoleServer } from './server';
import type { OpsSnapshot } from './snapshot';

let pulled = false;
const build = async (seq: number): Promise<OpsSnapshot> => ({
  at: Date.now(),
  seq,
  nodes: [
    {
      name: 'node1',
      address: '10.0.0.2',
      running: true,
      bays: [0, 1, 2].map((slot) => ({
        slot,
        label: `Slot ${slot}`,
        state: pulled && slot === 1 ? 'pulled' : 'present',
        grade: 'healthy',
        led: false,
        core: 'ok',
      })),
    },
  ],
  network: [{ node: 'node1', address: '10.0.0.2', link: 'up' }],
  core: { name: 'MooseFS 3.0.117', disksOk: 3, disksListed: 3, chunks: null },
  business: { cameras: 1, segments: seq, bytes: 0, writeErrors: 0, dropped: 0, writeMbps: 0 },
  alarms: pulled
    ? [
        {
          source: 'test',
          node: 'node1',
          severity: 'Critical',
          messageId: 'StorageDevice.1.2.DriveRemoved',
          message: "The drive located in 'Slot 1' was removed.",
          args: ['Slot 1'],
          origin: 'drive:1',
          created: new Date().toISOString(),
        },
      ]
    : [],
});

let server: ConsoleServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  pulled = false;
});

describe.skipIf(!chromiumPath())('one-screen page in Chromium', { timeout: 90_000 }, () => {
  async function shows(frozen: boolean): Promise<{ bay: boolean; alarm: string | null }> {
    server = await startConsole({ build, refreshMs: 200, pollMs: 200, frozen });
    const browser = await launchChromium(chromiumPath()!);
    try {
      const page = await browser.newPage();
      await page.goto(server.url);
      await page.waitForSelector('body[data-seq]');
      pulled = true;
      const bay = await page.waitForSelector('.bay[data-node="node1"][data-slot="1"][data-state="pulled"]', { timeout: 4000 }).then(
        () => true,
        () => false,
      );
      const alarm = bay ? await page.textContent('tr.alarm[data-origin="drive:1"]') : null;
      return { bay, alarm };
    } finally {
      await browser.close();
    }
  }
  it('shows a pulled bay and its alarm (in Chinese) once the data says so', async () => {
    const r = await shows(false);
    expect(r.bay).toBe(true);
    expect(r.alarm).toContain('槽位 1 的硬盘已拔出');
    expect(r.alarm).toContain('严重');
  });
  it('a frozen page (the control) never shows it', async () => {
    expect((await shows(true)).bay).toBe(false);
  });
});
