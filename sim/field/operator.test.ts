import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { terminalOperator } from './operator';

function terminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d) => (shown += d));
  return { input, output, shown: () => shown, op: terminalOperator({ who: 'qa-wang', input, output }) };
}

describe('the operator at a terminal', () => {
  it('shows the step with its answers and takes done, cannot and abort (and their first letters), with who and when', async () => {
    const t = terminal();
    for (const [typed, answer] of [
      ['done', 'done'],
      ['C', 'cannot'],
      [' abort ', 'abort'],
      ['d', 'done'],
    ] as const) {
      const asked = t.op.ask({ instruction: 'pull the disk out of node2 slot 07', timeoutMs: 5000 });
      const t0 = Date.now();
      t.input.write(`${typed}\n`);
      const r = await asked;
      expect(r).toMatchObject({ answer, who: 'qa-wang' });
      expect(r.answeredWall).toBeGreaterThanOrEqual(t0);
    }
    expect(t.shown()).toContain('>>> OPERATOR (qa-wang): pull the disk out of node2 slot 07\n>>> answer: done | cannot | abort');
    t.op.close();
  });

  it('asks again after a line that is no answer (two lines come together: both read), and ignores what was typed before the step was shown', async () => {
    const t = terminal();
    const first = t.op.ask({ instruction: 'step one', timeoutMs: 5000 });
    t.input.write('done\n');
    await first;
    t.input.write('cannot\n'); // typed ahead, before the next step: not its answer
    await new Promise((r) => setTimeout(r, 50));
    const second = t.op.ask({ instruction: 'step two', timeoutMs: 5000 });
    // two lines at once: the first is no answer, the second is
    t.input.write('yes\ndone\n');
    expect((await second).answer).toBe('done');
    expect(t.shown()).toContain(">>> 'yes' is not an answer: done | cannot | abort");
    t.op.close();
  });

  it('times out when nobody answers, and reads a closed terminal as an abort', async () => {
    const t = terminal();
    expect((await t.op.ask({ instruction: 'step', timeoutMs: 100 })).answer).toBe('timeout');
    const asked = t.op.ask({ instruction: 'step', timeoutMs: 5000 });
    t.input.end();
    expect((await asked).answer).toBe('abort');
    expect((await t.op.ask({ instruction: 'again', timeoutMs: 5000 })).answer).toBe('abort');
  });
});
