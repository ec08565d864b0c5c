// verdicts.json has a format version and a JSON Schema committed in the repository that is
// generated from the same zod types: the committed file must be what they generate, and a
// file written by the function `accept run` and `--scenario all` use must validate against
// the committed schema. Format 1 files (no format field) are still read; a newer one is refused.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { judge } from '../acceptance/judge';
import { loadProfile } from '../profile/profile';
import { SCENARIOS } from '../scenarios';
import type { Verdict } from '../sim/verdict';
import {
  JUNIT_FILE,
  readVerdictsFile,
  VERDICTS_FILE,
  VERDICTS_FORMAT,
  VERDICTS_SCHEMA_PATH,
  verdictsJsonSchema,
  VerdictsFileError,
  writeVerdictsFile,
} from './verdicts-file';

const root = mkdtempSync(join(tmpdir(), 'accept-verdicts-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const committedText = readFileSync(resolve(import.meta.dirname, '..', VERDICTS_SCHEMA_PATH), 'utf8');
// the committed JSON Schema as a validator (zod reads JSON Schema; no second validator installed)
const committed = z.fromJSONSchema(JSON.parse(committedText));

const v = (clause: string, status: Verdict['status'], over: Partial<Verdict> = {}): Verdict => ({
  clause,
  scenario: 'scaleout',
  status,
  figures: [
    {
      name: '(a)',
      label: { zh: '甲', en: 'a' },
      value: 4.6,
      unit: 's',
      threshold: '<= 60',
      ok: status === 'PASS',
      nature: 'measured',
      note: 'n',
    },
  ],
  method: { zh: '方法', en: 'method' },
  nature: 'measured',
  reasons: ['r'],
  evidence: ['history.jsonl#scaleout.add'],
  ...over,
});
const dirOf = (name: string) => {
  const d = join(root, name);
  rmSync(d, { recursive: true, force: true });
  mkdirSync(d, { recursive: true });
  return d;
};

describe('verdicts.json format 2', () => {
  it('the committed JSON Schema is the one the zod types generate (npm run schema rewrites it)', () => {
    expect(committedText, `run npm run schema and commit ${VERDICTS_SCHEMA_PATH}`).toBe(verdictsJsonSchema());
    expect(JSON.parse(committedText).properties.format.const).toBe(VERDICTS_FORMAT);
  });

  it('a single run and a suite, written by the CLI function, validate against the committed schema', () => {
    const run = dirOf('run');
    const written = writeVerdictsFile(run, {
      runId: 'r1',
      seed: 's',
      replay: 'npx accept run --seed s',
      profile: 'ci',
      scenario: 'scaleout/reference',
      verdicts: [
        v('T8', 'PASS', { accel: 1, clauseStatus: 'PASS' }),
        v('T3', 'FAIL', { figures: [{ name: 'x', value: Number.NaN, unit: 's', nature: 'simulated' }] }),
      ],
    });
    const onDisk = JSON.parse(readFileSync(join(run, VERDICTS_FILE), 'utf8'));
    expect(onDisk).toEqual(written);
    expect(onDisk.format).toBe(2);
    expect(onDisk.overall).toBe('FAIL');
    expect(onDisk.verdicts[1].figures[0].value).toBeNull(); // NaN written as null, as before
    expect(committed.safeParse(onDisk).error).toBeUndefined();
    expect(readFileSync(join(run, JUNIT_FILE), 'utf8')).toContain('<testsuite name="scaleout" tests="2" failures="1"');

    const suite = dirOf('suite');
    writeVerdictsFile(suite, {
      runId: 'suite',
      seed: 's',
      replay: 'npx accept run --scenario all',
      profile: 'ci',
      scenario: 'all',
      verdicts: [v('T8', 'PASS')],
      controls: [
        { scenario: 'scaleout', variant: 'control:cannot-receive-chunks', folder: 'parts/x', overall: 'FAIL', asRequired: true },
        { scenario: 'hotplug', variant: 'control:goal-1', folder: '', overall: 'ERROR', asRequired: false, error: 'boom' },
      ],
    });
    expect(committed.safeParse(JSON.parse(readFileSync(join(suite, VERDICTS_FILE), 'utf8'))).error).toBeUndefined();
  });

  it('the committed schema rejects what the harness must not write (so the check above can fail)', () => {
    const good = JSON.parse(readFileSync(join(root, 'run', VERDICTS_FILE), 'utf8'));
    expect(committed.safeParse({ ...good, format: 1 }).success).toBe(false);
    expect(committed.safeParse({ ...good, overall: 'PASSED' }).success).toBe(false);
    expect(committed.safeParse({ ...good, verdicts: [{ ...good.verdicts[0], nature: 'guessed' }] }).success).toBe(false);
    expect(committed.safeParse({ ...good, extra: 1 }).success).toBe(false);
    const { seed: _seed, ...noSeed } = good;
    expect(committed.safeParse(noSeed).success).toBe(false);
  });

  it("the checkers' own verdicts for every scenario are written whole (nothing stripped) and validate", () => {
    const { profile } = loadProfile('ci');
    for (const s of SCENARIOS) {
      // a history that only says which clauses the run claims: every checker answers, INCONCLUSIVE with its reasons
      const verdicts = judge(
        [{ i: 0, wall: 0, mono: 0, virt: 0, kind: 'run.start', clauses: s.clauses, scenario: s.id, variant: 'reference' }],
        profile,
      );
      expect(verdicts.map((x) => x.clause)).toEqual(s.clauses);
      const d = dirOf(`judged-${s.id}`);
      writeVerdictsFile(d, { runId: s.id, seed: 's', replay: 'r', profile: 'ci', scenario: `${s.id}/reference`, verdicts });
      const onDisk = JSON.parse(readFileSync(join(d, VERDICTS_FILE), 'utf8'));
      expect(onDisk.verdicts, s.id).toEqual(JSON.parse(JSON.stringify(verdicts)));
      expect(committed.safeParse(onDisk).error, s.id).toBeUndefined();
    }
  });

  it('a single control run records whether the control failed as it must', () => {
    const d = dirOf('control');
    const content = {
      runId: 'c',
      seed: 's',
      replay: 'r',
      profile: 'ci',
      scenario: 'scaleout/control:cannot-receive-chunks',
      verdicts: [v('T8', 'FAIL', { scenario: 'scaleout/control:cannot-receive-chunks' })],
    };
    const f = writeVerdictsFile(d, content);
    expect(f.controls).toEqual([
      { scenario: 'scaleout', variant: 'control:cannot-receive-chunks', folder: '.', overall: 'FAIL', asRequired: true },
    ]);
    expect(readVerdictsFile(join(d, VERDICTS_FILE))).toEqual(f);
    // with the run's seconds, the control's case carries them (junit.xml)
    const timed = writeVerdictsFile(dirOf('control-timed'), { ...content, seconds: { scaleout: 64.5 } });
    expect(timed.controls?.[0]?.seconds).toBe(64.5);
  });

  it('reads format 1 (no format field) as format 2; refuses a newer format or a broken file with one line', () => {
    const d = dirOf('old');
    const old = {
      runId: 'r0',
      seed: 's',
      replay: 'r',
      profile: 'ci',
      scenario: 'all',
      overall: 'PASS',
      verdicts: [v('T8', 'PASS')],
      controls: [{ scenario: 'scaleout', variant: 'control:cannot-receive-chunks', folder: 'parts/x', overall: 'FAIL', asRequired: true }],
    };
    writeFileSync(join(d, VERDICTS_FILE), JSON.stringify(old, null, 2));
    expect(readVerdictsFile(join(d, VERDICTS_FILE))).toEqual({ ...old, format: 2 });
    writeFileSync(join(d, 'v3.json'), JSON.stringify({ ...old, format: 3 }));
    expect(() => readVerdictsFile(join(d, 'v3.json'))).toThrow(VerdictsFileError);
    expect(() => readVerdictsFile(join(d, 'v3.json'))).toThrow(/verdicts format 3, this harness reads formats 1 and 2$/);
    writeFileSync(join(d, 'bad.json'), JSON.stringify({ ...old, verdicts: [{ clause: 'T8' }] }));
    const msg = (() => {
      try {
        readVerdictsFile(join(d, 'bad.json'));
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(msg).toMatch(/not a verdicts file of format 1: verdicts\.0\./);
    expect(msg).not.toContain('\n');
  });
});
