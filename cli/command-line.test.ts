// The command line as documented and as a user meets it: the README's 'Command line' block
// and every subcommand's commander definition name the same options (required shown bare,
// optional in brackets); every subcommand's help ends with its exit codes; `--version` is
// package.json's; bad input exits 2 with one line and no stack trace (through runCli, what
// bin/accept.mjs runs, in-process for speed; two cases spawn the real command).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../lib/paths';
import { buildProgram, runCli } from './program';

// commander keeps a command's action in a field with no public getter
const runs = (c: Command) => !!(c as unknown as { _actionHandler: unknown })._actionHandler;

/** Every command that runs something (a group such as `disk` only holds others; `trial` runs and holds `trial incident`), with its full name. */
function leaves(c: Command, prefix = ''): { name: string; cmd: Command }[] {
  return c.commands.flatMap((sub) => {
    const name = `${prefix}${sub.name()}`;
    return [...(runs(sub) ? [{ name, cmd: sub }] : []), ...leaves(sub, `${name} `)];
  });
}

/** The README's command-line block, one entry per `accept …` line (indented lines continue it). */
function readmeEntries(names: string[]): Map<string, string> {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf('## Command line');
  expect(at, "README has a '## Command line' section").toBeGreaterThan(0);
  const block = /```\n([\s\S]*?)```/.exec(readme.slice(at))![1]!;
  const entries = new Map<string, string>();
  let current = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('accept ')) {
      const rest = line.slice('accept '.length);
      // the longest command name the line starts with ('disk report' before 'disk')
      current = [...names].sort((a, b) => b.length - a.length).find((n) => rest === n || rest.startsWith(`${n} `)) ?? '(root)';
      entries.set(current, (entries.get(current) ?? '') + rest.slice(current === '(root)' ? 0 : current.length));
    } else if (/^\s+\S/.test(line) && current) entries.set(current, entries.get(current)! + ' ' + line.trim());
  }
  return entries;
}

/** Depth of [ ] and ( ) at a position: 0 means the option is shown as required. */
const depth = (text: string, pos: number) =>
  [...text.slice(0, pos)].reduce((d, ch) => d + ('[('.includes(ch) ? 1 : ')]'.includes(ch) ? -1 : 0), 0);

describe('the command line as documented', () => {
  const program = buildProgram();
  const all = leaves(program);
  const entries = readmeEntries(all.map((l) => l.name));

  it('the README lists every command with exactly the options its definition declares', () => {
    expect(all.length).toBeGreaterThanOrEqual(11);
    for (const { name, cmd } of all) {
      const text = entries.get(name);
      expect(text, `README's command-line block has no 'accept ${name}' line`).toBeDefined();
      const declared = cmd.options.map((o) => o.long!).filter(Boolean);
      for (const long of declared) {
        const m = new RegExp(`${long}(?![\\w-])`).exec(text!);
        expect(m, `README: 'accept ${name}' does not mention ${long}`).not.toBeNull();
        const required = cmd.options.find((o) => o.long === long)!.mandatory;
        expect(
          depth(text!, m!.index) === 0,
          `README: 'accept ${name}' shows ${long} as ${required ? 'optional' : 'required'}; the command says ${required ? 'required' : 'optional'}`,
        ).toBe(required);
      }
      // and nothing the command does not have
      for (const shown of text!.match(/--[a-z][\w-]*/g) ?? [])
        expect(declared, `README: 'accept ${name}' shows ${shown}, which the command does not declare`).toContain(shown);
    }
    expect(entries.get('(root)')).toMatch(/--version/);
  });

  it('every command has its exit codes at the end of its --help', () => {
    for (const { name, cmd } of all) {
      let help = '';
      cmd.configureOutput({ writeOut: (s) => (help += s) });
      cmd.outputHelp();
      expect(help, `accept ${name} --help`).toMatch(/\nExit codes:\n {2}0 {2}\S/);
      expect(help, `accept ${name} --help`).toMatch(/\n {2}2 {2}\S/);
      // exit 2 is also what a failure of the harness itself gives: every command says so
      expect(help, `accept ${name} --help`).toMatch(/\n {2}2 {2}[^\n]*a failure of the harness itself also exits 2/);
    }
    // a group of commands says what it does without one
    const groups = (c: Command): Command[] =>
      c.commands.flatMap((sub) => [...(sub.commands.length && !runs(sub) ? [sub] : []), ...groups(sub)]);
    expect(groups(program).map((g) => g.name())).toContain('incident');
    for (const group of groups(program)) {
      let help = '';
      group.configureOutput({ writeOut: (s) => (help += s) });
      group.outputHelp();
      expect(help, `accept ${group.name()} --help`).toMatch(/\nExit codes:\n {2}2 {2}\S/);
    }
  });
});

// ---- the real `accept`, spawned: what a user sees on bad input ----

const scratch = mkdtempSync(join(tmpdir(), 'accept-cli-usage-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function accept(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'accept.mjs'), ...args], {
      cwd: scratch,
      env: { ...process.env, ACCEPT_WORK_ROOT: join(scratch, 'work') },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('accept on bad input: exit 2, one line, no stack trace', () => {
  const file = join(scratch, 'a-file.txt');
  const empty = join(scratch, 'empty');
  const notJsonl = join(scratch, 'not-jsonl');
  const notJson = join(scratch, 'not-json.json');
  const badProfile = join(scratch, 'bad-profile.json');
  writeFileSync(file, 'hello\n');
  mkdirSync(empty);
  mkdirSync(notJsonl);
  writeFileSync(join(notJsonl, 'history.jsonl'), 'this is not JSON\nnor this\nnor this either\n');
  writeFileSync(notJson, 'zzz\n');
  const ci = JSON.parse(readFileSync(join(REPO_ROOT, 'profile', 'profiles', 'ci.json'), 'utf8'));
  writeFileSync(badProfile, JSON.stringify({ ...ci, load: { thresholds: { write_latency: ['p99<500'] } } }));
  const missing = join(scratch, 'missing');
  const oddStart = join(scratch, 'odd-start');
  mkdirSync(oddStart);
  writeFileSync(join(oddStart, 'history.jsonl'), '{"kind":"run.start","t":0}\n');
  // a history with its header whose third line has a field of another type, and one of the previous format (no header) with an undeclared kind
  const badEvent = join(scratch, 'bad-event');
  const oldFormat = join(scratch, 'old-format');
  mkdirSync(badEvent);
  mkdirSync(oldFormat);
  const start = { i: 0, wall: 1, mono: 0, virt: 1, kind: 'run.start', scenario: 'scaleout', variant: 'reference', clauses: ['T8'] };
  const nodes = {
    i: 1,
    wall: 1,
    mono: 1,
    virt: 1,
    kind: 'core.nodes',
    nodes: [{ address: 'a', chunks: 'many', usedBytes: 0, totalBytes: 1 }],
  };
  writeFileSync(
    join(badEvent, 'history.jsonl'),
    [{ format: 'accept-history', version: 2 }, start, nodes].map((o) => JSON.stringify(o) + '\n').join(''),
  );
  writeFileSync(
    join(oldFormat, 'history.jsonl'),
    [start, { ...start, i: 1, kind: 'segment.written' }].map((o) => JSON.stringify(o) + '\n').join(''),
  );

  const cases: [string[], RegExp][] = [
    [['recheck', missing], /run folder .*missing does not exist/],
    [['recheck', file], /is a file, not a folder/],
    [['recheck', notJsonl], /not-jsonl\/history\.jsonl is not a history \(one declared event a line\): line 1: not a JSON event/],
    [['recheck', empty], /has no history\.jsonl/],
    [
      ['recheck', oddStart],
      /odd-start\/history\.jsonl is not a history \(one declared event a line\): line 1: event run\.start: scenario: /,
    ],
    [
      ['recheck', badEvent],
      /bad-event\/history\.jsonl is not a history \(one declared event a line\): line 3: event core\.nodes: nodes\.0\.chunks: Invalid input: expected number, received string$/m,
    ],
    [
      ['recheck', oldFormat],
      /line 2: event segment\.written: kind: not a declared event kind \(a history of the previous format, without a header line: read only when every line is a declared event\)/,
    ],
    [['verify', empty], /nothing to verify/],
    [['verify', file], /is a file, not a folder/],
    [['replay', missing], /counterexample file .* does not exist/],
    [['replay', empty], /is a folder, not a file/],
    [['replay', notJson], /is not a counterexample file of accept's property test: not JSON/],
    [['disk', 'report', notJsonl, '--node', 'node1', '--slot', 'x'], /--slot must be a whole number/],
    [['disk', 'report', notJsonl, '--all'], /is not a history/],
    [['disk', 'faulty-slots', file], /is a file, not a folder/],
    [['report', empty], /is not a folder of accept run, accept trial or accept final/],
    [['final', '--initial', missing], /--initial .* does not exist/],
    [['final', '--initial', empty], /--initial .* is not a folder of accept run/],
    [['trial', '--accel', '100', '--days', '0.25', '--no-soak'], /--days must be a whole number of days >= 1, got '0\.25'/],
    [['trial', '--accel', '100', '--resume', file], /--resume .* is a file, not a folder/],
    [['run', '--profile', 'no-such-profile'], /profile 'no-such-profile' not found/],
    [
      ['run', '--profile', badProfile],
      /load\.thresholds: threshold 'p99<500' on 'write_latency': 'p99' is not an aggregation; write p\(99\)/,
    ],
    [['run', '--out', file], /--out .* is a file, not a folder/],
  ];

  it.each(cases)('accept %j', async (args, message) => {
    let stderr = '';
    const code = await runCli(['node', 'accept', ...args], (s) => (stderr += s));
    process.exitCode = undefined;
    expect(code, stderr).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    // one line; a profile's problems are one line each under its name
    expect(stderr.trimEnd().split('\n').length, stderr).toBe(args.includes(badProfile) ? 2 : 1);
  });

  it('the real command: --version prints package.json version (exit 0); a bad folder is one line on stderr (exit 2)', async () => {
    const [version, bad] = await Promise.all([accept('--version'), accept('recheck', notJsonl)]);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version);
    expect(bad.code, bad.stderr).toBe(2);
    expect(bad.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^accept: .*history\.jsonl is not a history/)]);
  }, 120_000);
});
