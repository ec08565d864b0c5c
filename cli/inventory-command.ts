// `accept inventory`: walk the BMCs of delivered machines over Redfish, write the inventory
// to a history (the only input of the T1/T2/M1 checker) and judge it, so that
// `accept recheck <folder>` gives the same verdicts from the saved history.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { HARDWARE_REQUIREMENTS } from '../profile/hardware-requirements';
import { judge } from '../acceptance/judge';
import { loadProfile } from '../profile/profile';
import { writeVerdictsFile } from '../reports/verdicts-file';
import { RunClock } from '../sim/clock';
import { HistoryWriter, readHistory } from '../sim/history';
import type { TargetRole } from '../sim/inventory-event';
import { recordInventory } from '../sim/inventory/redfish-walk';
import { recordSwitchInventory } from '../sim/inventory/switch-walk';
import { passedAsFarAsMeasurable } from '../sim/verdict';
import { requireOutFolder, UsageError } from './inputs';
import { OUT_ROOT } from '../lib/paths';
import { log } from './progress';

function baseUrl(value: string, option: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UsageError(`${option} ${value} is not a URL (e.g. https://10.0.0.21)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`${option} ${value}: http or https only`);
  return u.origin;
}

/** Basic auth from the environment (a BMC's or the switch's own pair); never written anywhere. */
function authHeaders(userVar: string, passwordVar: string): Record<string, string> {
  const user = process.env[userVar];
  if (!user) return {};
  return { authorization: `Basic ${Buffer.from(`${user}:${process.env[passwordVar] ?? ''}`).toString('base64')}` };
}

export async function inventoryCommand(o: {
  bmc: string[];
  mgmt: string[];
  switch?: string[];
  out?: string;
  timeout: string;
}): Promise<0 | 1> {
  const targets: { target: string; role: TargetRole; url: string }[] = [
    ...o.bmc.map((u, i) => ({ target: `node${i + 1}`, role: 'storage-node' as const, url: baseUrl(u, '--bmc') })),
    ...o.mgmt.map((u, i) => ({ target: `mgmt${i + 1}`, role: 'management-server' as const, url: baseUrl(u, '--mgmt') })),
  ];
  const switches = (o.switch ?? []).map((u, i) => ({ target: `switch${i + 1}`, url: baseUrl(u, '--switch') }));
  if (!targets.length && !switches.length)
    throw new UsageError(
      'name at least one machine: --bmc URL (storage node), --mgmt URL (management server) or --switch URL (access switch)',
    );
  const timeoutMs = Number(o.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new UsageError(`--timeout ${o.timeout}: whole milliseconds >= 1`);
  const outRoot = o.out ?? OUT_ROOT;
  requireOutFolder(outRoot);
  const roles = new Set(targets.map((t) => t.role));
  const clauses = [...HARDWARE_REQUIREMENTS.filter((c) => roles.has(c.role)).map((c) => c.clause), ...(switches.length ? ['S1'] : [])];
  const runId = `inventory-${new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}`;
  const dir = join(outRoot, runId);
  mkdirSync(dir, { recursive: true });
  const history = new HistoryWriter(join(dir, 'history.jsonl'), new RunClock());
  history.append({ kind: 'run.start', scenario: 'inventory', variant: 'reference', clauses, targets });
  for (const t of targets) {
    const inv = await recordInventory(history, { ...t, timeoutMs, headers: authHeaders('ACCEPT_BMC_USER', 'ACCEPT_BMC_PASSWORD') });
    log(
      `${t.target} ${t.url}: ${inv.reachable ? `${inv.resources.filter((r) => r.status === 'read').length} resources read, ${inv.resources.filter((r) => r.status === 'error').length} errors (${inv.source})` : `not reachable: ${inv.error}`}`,
    );
  }
  for (const t of switches) {
    const inv = await recordSwitchInventory(history, {
      ...t,
      source: 'switch',
      timeoutMs,
      headers: authHeaders('ACCEPT_SWITCH_USER', 'ACCEPT_SWITCH_PASSWORD'),
    });
    log(`${t.target} ${t.url}: ${inv.reachable ? `${inv.ports.length} Ethernet ports read` : `not reachable: ${inv.error}`}`);
  }
  history.close();
  // the profile's thresholds play no part in T1/T2/M1/S1; the default one keeps judge's signature
  const verdicts = judge(readHistory(join(dir, 'history.jsonl')).events, loadProfile('ci').profile);
  writeVerdictsFile(dir, { runId, seed: '-', replay: `accept recheck ${dir}`, profile: 'ci', scenario: 'inventory/reference', verdicts });
  for (const v of verdicts)
    process.stdout.write(`${v.clause} ${v.status} (${v.nature})${v.status === 'PASS' ? '' : `: ${v.reasons.join(' | ')}`}\n`);
  process.stdout.write(`${dir}\n`);
  return passedAsFarAsMeasurable(verdicts) ? 0 : 1;
}
