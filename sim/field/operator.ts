// The person at the rack in a field run: asked to take a step (pull a disk, put it back) on the
// terminal, answering done, cannot or abort. The answer is recorded with who gave it and when;
// what the step did is timed from its effect seen through the BMC and the core, never from the
// key press.
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

export type OperatorAnswer = 'done' | 'cannot' | 'abort' | 'timeout';

export interface OperatorReply {
  answer: OperatorAnswer;
  who: string;
  answeredWall: number;
}

/** What came back from the person at the rack, in words: their answer, or that none came in time (a timeout is nobody's answer). */
export const answerSaid = (r: OperatorReply, stepSeconds: number): string =>
  r.answer === 'timeout' ? `no answer came from ${r.who} within ${stepSeconds} s` : `${r.who} answered '${r.answer}'`;

export interface OperatorStep {
  /** what the person must do, where (node, slot) and how to tell it (the locate LED) */
  instruction: string;
  timeoutMs: number;
}

export interface Operator {
  readonly who: string;
  ask(step: OperatorStep): Promise<OperatorReply>;
  close(): void;
}

const ANSWERS: Record<string, OperatorAnswer> = { done: 'done', d: 'done', cannot: 'cannot', c: 'cannot', abort: 'abort', a: 'abort' };

/**
 * An operator answering on a terminal (or any line stream): each step is shown with the answers
 * it takes; another line is asked again. Lines typed while no step is shown are not taken as
 * answers; lines that come together while a step is shown are each read in turn. The input
 * closing is an abort (nobody is left to answer).
 */
export function terminalOperator(o: { who: string; input: Readable; output: Writable }): Operator {
  let closed = false;
  let asking = false;
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  // listening from the start: what is typed before a step must not wait in the terminal for it
  const rl: Interface = createInterface({ input: o.input, terminal: false });
  rl.on('line', (l) => {
    if (!asking) return;
    queue.push(l);
    wake?.();
  });
  rl.on('close', () => {
    closed = true;
    wake?.();
  });
  /** the next line of this step, null once the input closed, 'timeout' after `ms` */
  const nextLine = async (ms: number): Promise<string | null | 'timeout'> => {
    if (!queue.length && !closed)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          wake = undefined;
          resolve();
        }
        wake = done;
      });
    if (queue.length) return queue.shift()!;
    return closed ? null : 'timeout';
  };
  return {
    who: o.who,
    async ask(step) {
      const reply = (answer: OperatorAnswer): OperatorReply => ({ answer, who: o.who, answeredWall: Date.now() });
      queue.length = 0;
      asking = true;
      try {
        o.output.write(`\n>>> OPERATOR (${o.who}): ${step.instruction}\n>>> answer: done | cannot | abort\n`);
        const deadline = Date.now() + step.timeoutMs;
        for (;;) {
          const left = deadline - Date.now();
          if (left <= 0) return reply('timeout');
          const line = await nextLine(left);
          if (line === 'timeout') return reply('timeout');
          if (line === null) return reply('abort');
          const a = ANSWERS[line.trim().toLowerCase()];
          if (a) return reply(a);
          o.output.write(`>>> '${line.trim()}' is not an answer: done | cannot | abort\n`);
        }
      } finally {
        asking = false;
      }
    },
    close() {
      rl.close();
    },
  };
}
