// junit.xml: a test suite per scenario, a test case per clause verdict and per control;
// FAIL -> <failure>, INCONCLUSIVE -> <error>, MANUAL / NOT-APPLICABLE / a PASS resting on a
// simulation -> <skipped> with the reason; well-formed XML whatever the reasons contain.
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../sim/verdict';
import { junitFromVerdicts } from './junit';

const v = (clause: string, status: Verdict['status'], over: Partial<Verdict> = {}): Verdict => ({
  clause,
  scenario: 'scaleout',
  status,
  figures: [{ name: '(a)', value: 4.6, unit: 's', threshold: '<= 60', ok: status === 'PASS', nature: 'measured' }],
  method: { zh: '方法', en: 'method' },
  nature: 'measured',
  reasons: [`${clause} reason`],
  evidence: [],
  ...over,
});

/** Well-formedness without an XML library: balanced tags, quoted attributes, no raw '<' or '&' in text. */
function assertWellFormed(xml: string): void {
  const body = xml.replace(/^<\?xml [^?]*\?>\n/, '');
  const stack: string[] = [];
  const re = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  for (const m of body.matchAll(re)) {
    if (m[6]) throw new Error(`stray '<' at ${m.index}: ${body.slice(m.index, m.index + 40)}`);
    if (m[5] !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(m[5])) throw new Error(`raw '&' in text: ${m[5].slice(0, 40)}`);
      continue;
    }
    for (const [, val] of m[3]!.matchAll(/="([^"]*)"/g))
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(val!)) throw new Error(`raw '&' in attribute: ${val}`);
    if (m[1]) {
      if (stack.pop() !== m[2]) throw new Error(`unbalanced </${m[2]}>`);
    } else if (!m[4]) stack.push(m[2]!);
  }
  if (stack.length) throw new Error(`unclosed <${stack.join('><')}>`);
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(xml)) throw new Error('a control character XML forbids');
}

const testcase = (xml: string, name: string) => new RegExp(`<testcase name="${name}"[^>]*>([\\s\\S]*?)</testcase>`).exec(xml)?.[1] ?? null;

describe('junit.xml', () => {
  const verdicts = [
    v('T8', 'PASS'),
    v('T3', 'FAIL', { scenario: 'hotplug', reasons: ['pull 1: 3 segments lost', 'x < y & "z"\u0001'] }),
    v('T6', 'INCONCLUSIVE', { scenario: 'selfheal', reasons: ['not measured'] }),
    v('M5', 'MANUAL', { scenario: 'hotplug', reasons: ['a person checks'] }),
    v('T5', 'PASS', { scenario: 'delayedkick', nature: 'mixed', accel: 8640, reasons: ['surge from the PSU twin'] }),
    v('T7', 'FAIL', { scenario: 'mixed', nature: 'simulated', reasons: ['simulated but failed'] }),
  ];
  const xml = junitFromVerdicts(
    {
      runId: 'suite-1',
      replay: 'npx accept run --scenario all --seed s',
      scenario: 'all',
      verdicts,
      controls: [
        {
          scenario: 'scaleout',
          variant: 'control:cannot-receive-chunks',
          folder: 'parts/a',
          overall: 'FAIL',
          asRequired: true,
          seconds: 64.5,
        },
        { scenario: 'hotplug', variant: 'control:goal-1', folder: 'parts/b', overall: 'PASS', asRequired: false },
        { scenario: 'selfheal', variant: 'control:no-self-heal', folder: '', overall: 'ERROR', asRequired: false, error: 'docker <gone>' },
      ],
      seconds: { scaleout: 143.25, hotplug: 200, selfheal: 12, delayedkick: 100, mixed: 120 },
    },
    new Date(Date.UTC(2026, 11, 3)),
  );

  it('is well-formed, one suite per scenario, with the counts of its cases', () => {
    assertWellFormed(xml);
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="accept run suite-1" tests="9" failures="3" errors="2" skipped="2" time="575.250">/,
    );
    const suites = [...xml.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)"/g)].map((m) =>
      m.slice(1).join(' '),
    );
    expect(suites).toEqual(['scaleout 2 0 0 0', 'hotplug 3 2 0 1', 'selfheal 2 0 2 0', 'delayedkick 1 0 0 1', 'mixed 1 1 0 0']);
    // a suite's time is its scenario's runs, reference and controls; a control's case its own run's; a clause's none of its own
    expect(xml).toMatch(/<testsuite name="scaleout" [^>]* time="143.250"/);
    expect(xml).toMatch(/<testcase name="control:cannot-receive-chunks" classname="accept.scaleout" time="64.500">/);
    expect(xml).toMatch(/<testcase name="T8 scaleout" classname="accept.scaleout" time="0">/);
    expect(xml).toMatch(/<testcase name="control:goal-1" classname="accept.hotplug" time="0">/);
  });

  it('FAIL is a failure, INCONCLUSIVE an error, MANUAL and a simulated PASS skipped with the reason; a measured PASS has no child', () => {
    expect(testcase(xml, 'T8 scaleout')).not.toMatch(/<(failure|error|skipped)/);
    expect(testcase(xml, 'T3 hotplug')).toContain('<failure message="pull 1: 3 segments lost; x &lt; y &amp; &quot;z&quot;" type="FAIL">');
    expect(testcase(xml, 'T6 selfheal')).toContain('<error message="not measured" type="INCONCLUSIVE">');
    expect(testcase(xml, 'M5 hotplug')).toContain('<skipped message="MANUAL: a person checks"/>');
    expect(testcase(xml, 'T5 delayedkick')).toContain(
      '<skipped message="PASS (mixed), not measured on the real core (acceleration 8640x): surge from the PSU twin"/>',
    );
    // a simulated FAIL is not hidden as skipped
    expect(testcase(xml, 'T7 mixed')).toContain('<failure message="simulated but failed" type="FAIL">');
    expect(testcase(xml, 'T8 scaleout')).toContain(
      '<system-out>ok (a): 4.6 s [&lt;= 60] (measured)\nreplay: npx accept run --scenario all --seed s</system-out>',
    );
  });

  it('a control passes when it FAILed as it must, fails when it did not, is an error when it did not complete', () => {
    expect(testcase(xml, 'control:cannot-receive-chunks')).not.toMatch(/<(failure|error|skipped)/);
    expect(testcase(xml, 'control:goal-1')).toContain('type="CONTROL-NOT-FAILED"');
    expect(testcase(xml, 'control:no-self-heal')).toContain(
      '<error message="the control did not complete: docker &lt;gone&gt;" type="ERROR">',
    );
  });

  it('a single control run: its verdicts go into the control case, not as failures of the product', () => {
    const one = junitFromVerdicts({
      runId: 'c1',
      replay: 'r',
      scenario: 'scaleout/control:cannot-receive-chunks',
      verdicts: [
        v('T8', 'FAIL', {
          scenario: 'scaleout/control:cannot-receive-chunks',
          clauseStatus: 'FAIL',
          reasons: ['no chunk on the new node'],
        }),
      ],
      controls: [{ scenario: 'scaleout', variant: 'control:cannot-receive-chunks', folder: '.', overall: 'FAIL', asRequired: true }],
    });
    assertWellFormed(one);
    expect(one).toContain('tests="1" failures="0" errors="0" skipped="0"');
    expect(testcase(one, 'control:cannot-receive-chunks')).toContain('T8: FAIL - no chunk on the new node');
  });

  it('the well-formedness check itself catches broken XML', () => {
    expect(() => assertWellFormed('<a><b></a>')).toThrow(/unbalanced/);
    expect(() => assertWellFormed('<a>x < y</a>')).toThrow(/stray/);
    expect(() => assertWellFormed('<a t="1 & 2"/>')).toThrow(/raw '&'/);
    expect(() => assertWellFormed('<a>\u0001</a>')).toThrow(/control/);
  });
});
