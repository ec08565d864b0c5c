// junit.xml of a run or suite folder, for CI systems that read JUnit XML (GitLab, Jenkins,
// GitHub test reporters): a <testsuite> per scenario, a <testcase> per clause verdict and
// per negative control. FAIL is a <failure>, INCONCLUSIVE an <error>; MANUAL, NOT-APPLICABLE
// and a PASS that rests on a simulation (nature not 'measured') or on a harness stand-in for
// the product (standIn) are <skipped> with the reason, so no CI counts them as passed. A FAIL stays a failure whatever its nature. A
// control passes when it FAILed as it must; the verdicts of a control run (a deliberately
// broken core) are listed in its <system-out>, not as failing test cases.
import type { Verdict } from '../sim/verdict';
import type { ControlResult, VerdictsFile } from './verdicts-schema';

/** XML 1.0 forbids most control characters even escaped: they are dropped. */
const clean = (s: string) => s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
const x = (s: string) =>
  clean(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

type Outcome = { kind: 'pass' } | { kind: 'failure' | 'error' | 'skipped'; type: string; message: string };

export function verdictOutcome(v: Verdict): Outcome {
  const why = v.reasons.join('; ') || v.status;
  if (v.status === 'FAIL') return { kind: 'failure', type: 'FAIL', message: why };
  if (v.status === 'INCONCLUSIVE') return { kind: 'error', type: 'INCONCLUSIVE', message: why };
  if (v.status === 'MANUAL' || v.status === 'NOT-APPLICABLE') return { kind: 'skipped', type: v.status, message: `${v.status}: ${why}` };
  if (v.standIn) return { kind: 'skipped', type: 'STAND-IN', message: `PASS on a harness reference implementation: ${v.standIn.en}` };
  if (v.nature !== 'measured')
    return {
      kind: 'skipped',
      type: 'SIMULATED',
      message: `PASS (${v.nature}), not measured on the real core${v.accel ? ` (acceleration ${v.accel}x)` : ''}: ${why}`,
    };
  return { kind: 'pass' };
}

export function controlOutcome(c: ControlResult): Outcome {
  if (c.overall === 'ERROR')
    return { kind: 'error', type: 'ERROR', message: `the control did not complete: ${c.error ?? 'unknown error'}` };
  if (!c.asRequired)
    return {
      kind: 'failure',
      type: 'CONTROL-NOT-FAILED',
      message: `the control must FAIL its clause by that clause's own checker; it gave ${c.overall}`,
    };
  return { kind: 'pass' };
}

const figureLine = (v: Verdict) =>
  v.figures
    .map(
      (f) =>
        `${f.ok === false ? 'x' : f.ok ? 'ok' : '-'} ${f.name}: ${f.value ?? 'n/a'} ${f.unit}${f.threshold ? ` [${f.threshold}]` : ''} (${f.nature})`,
    )
    .join('\n');

interface Case {
  name: string;
  classname: string;
  outcome: Outcome;
  out: string;
  /** a control's own run; a clause verdict has none of its own (its run's time is its suite's) */
  seconds?: number;
}

const time = (s: number | undefined) => (s === undefined ? '0' : s.toFixed(3));

function caseXml(c: Case): string {
  const o = c.outcome;
  const child =
    o.kind === 'pass'
      ? ''
      : o.kind === 'skipped'
        ? `\n      <skipped message="${x(o.message)}"/>`
        : `\n      <${o.kind} message="${x(o.message)}" type="${x(o.type)}">${x(o.message)}</${o.kind}>`;
  return `    <testcase name="${x(c.name)}" classname="${x(c.classname)}" time="${time(c.seconds)}">${child}${c.out ? `\n      <system-out>${x(c.out)}</system-out>` : ''}\n    </testcase>`;
}

/** scenario id of a verdict ('scaleout/control:x' -> 'scaleout') */
const scenarioOf = (s: string) => s.split('/')[0]!;

export function junitFromVerdicts(
  f: Pick<VerdictsFile, 'runId' | 'replay' | 'scenario' | 'verdicts' | 'controls' | 'seconds'>,
  timestamp = new Date(),
): string {
  const controlRun = f.scenario.includes('/control:');
  const suites = new Map<string, Case[]>();
  const add = (suite: string, c: Case) => suites.set(suite, [...(suites.get(suite) ?? []), c]);
  if (!controlRun) {
    for (const v of f.verdicts)
      add(scenarioOf(v.scenario), {
        name: `${v.clause}${v.covers?.length ? ` [${v.covers.join(', ')}]` : ''} ${v.scenario}`,
        classname: `accept.${scenarioOf(v.scenario)}`,
        outcome: verdictOutcome(v),
        out: `${figureLine(v)}\nreplay: ${f.replay}`,
      });
  }
  for (const c of f.controls ?? []) {
    const verdicts = controlRun
      ? f.verdicts
          .map(
            (v) =>
              `${v.clause}: ${v.status}${v.clauseStatus && v.clauseStatus !== v.status ? ` (clause checker: ${v.clauseStatus})` : ''} - ${v.reasons.join('; ')}`,
          )
          .join('\n')
      : '';
    add(c.scenario, {
      name: `${c.variant}`,
      classname: `accept.${c.scenario}`,
      outcome: controlOutcome(c),
      out: [`overall ${c.overall}, folder ${c.folder}`, verdicts].filter(Boolean).join('\n'),
      ...(c.seconds !== undefined ? { seconds: c.seconds } : {}),
    });
  }
  const count = (cs: Case[], k: Outcome['kind']) => cs.filter((c) => c.outcome.kind === k).length;
  const attrs = (cs: Case[]) =>
    `tests="${cs.length}" failures="${count(cs, 'failure')}" errors="${count(cs, 'error')}" skipped="${count(cs, 'skipped')}"`;
  const all = [...suites.values()].flat();
  const total = f.seconds ? Object.values(f.seconds).reduce((a, b) => a + b, 0) : undefined;
  const body = [...suites].map(
    ([name, cs]) =>
      `  <testsuite name="${x(name)}" ${attrs(cs)} time="${time(f.seconds?.[name])}" timestamp="${timestamp.toISOString().slice(0, 19)}">\n${cs.map(caseXml).join('\n')}\n  </testsuite>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${x(`accept run ${f.runId}`)}" ${attrs(all)} time="${time(total)}">\n${body.join('\n')}\n</testsuites>\n`;
}
