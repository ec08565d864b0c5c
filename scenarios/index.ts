// The scenarios `accept run` knows, each with its negative controls. A control names the
// scenario it belongs to, so `--control goal-1` alone says what to run.
import type { Profile } from '../profile/profile';
import { HOTPLUG_VARIANTS, hotplugScenario, type HotplugVariant } from './hotplug';
import { SCALEOUT_VARIANTS, scaleOutScenario, type ScaleOutVariant } from './scaleout';
import { SELFHEAL_VARIANTS, selfHealScenario, type SelfHealVariant } from './selfheal';
import { MIXED_VARIANTS, mixedScenario, type MixedVariant } from './mixed';
import { DELAYEDKICK_VARIANTS, delayedKickScenario, type DelayedKickVariant } from './delayed-kick';
import { LIFECYCLE_VARIANTS, lifecycleScenario, type LifecycleVariant } from './lifecycle';
import { LINKLOSS_VARIANTS, linkLossScenario, type LinkLossVariant } from './link-loss';
import { ALARM_VARIANTS, alarmsScenario, type AlarmVariant } from './alarms';
import type { Scenario } from '../sim/plan/scenario';
import { withHardwareInventory } from './topology';
import { passedAsFarAsMeasurable } from '../sim/verdict';
import { OPERATIONS_VARIANTS, operationsScenario, type OperationsVariant } from './operations';
import { ENCRYPTION_VARIANTS, encryptionScenario, type EncryptionVariant } from './encryption';
import { ELASTIC_CAPACITY_VARIANTS, elasticCapacityScenario, type ElasticCapacityVariant } from './elastic-capacity';

export interface ScenarioEntry {
  id: string;
  clauses: string[];
  title: { zh: string; en: string };
  /** 'reference' and 'control:<name>' */
  variants: readonly string[];
  /** the clause each control must FAIL by its own checker (absent: any clause of the scenario) */
  controlTargets?: Readonly<Record<string, string>>;
  build(profile: Profile, seed: string, variant: string): Scenario;
}

const ENTRIES: readonly ScenarioEntry[] = [
  {
    id: 'scaleout',
    clauses: ['T8'],
    title: { zh: '弹性扩容', en: 'Scale-out' },
    variants: SCALEOUT_VARIANTS,
    controlTargets: { 'cannot-receive-chunks': 'T8' },
    build: (p, _seed, v) => scaleOutScenario(p, v as ScaleOutVariant),
  },
  {
    id: 'hotplug',
    clauses: ['T3'],
    title: { zh: '硬盘热插拔', en: 'Disk hot-plug' },
    variants: HOTPLUG_VARIANTS,
    controlTargets: { 'goal-1': 'T3', 'data-not-kept': 'T3', 'acks-not-stored': 'T3' },
    build: (p, seed, v) => hotplugScenario(p, seed, v as HotplugVariant),
  },
  {
    id: 'selfheal',
    clauses: ['T6'],
    title: { zh: '节点故障自愈', en: 'Node self-heal' },
    variants: SELFHEAL_VARIANTS,
    controlTargets: { 'no-self-heal': 'T6', 'master-forgets-data': 'T6', 'unsynced-chunks': 'T6' },
    build: (p, seed, v) => selfHealScenario(p, seed, v as SelfHealVariant),
  },
  {
    id: 'mixed',
    clauses: ['T7'],
    title: { zh: '异构节点混合组网', en: 'Mixed cluster' },
    variants: MIXED_VARIANTS,
    controlTargets: { 'mixed-node-refuses-chunks': 'T7' },
    build: (p, _seed, v) => mixedScenario(p, v as MixedVariant),
  },
  {
    id: 'delayedkick',
    clauses: ['T5'],
    title: { zh: '延迟踢盘与硬盘交错启动', en: 'Delayed disk kick and staggered spin-up' },
    variants: DELAYEDKICK_VARIANTS,
    controlTargets: { 'kick-at-once': 'T5', 'no-stagger': 'T5' },
    build: (p, seed, v) => delayedKickScenario(p, seed, v as DelayedKickVariant),
  },
  {
    id: 'lifecycle',
    // T10's resource-pool part: the pool grown by the added node, shrunk by the drained and deleted one
    clauses: ['T9', 'T10'],
    title: { zh: '集群管理：节点扩展、排空删除与故障迁移', en: 'Cluster management: node lifecycle and failover' },
    variants: LIFECYCLE_VARIANTS,
    controlTargets: { 'cannot-drain': 'T9' },
    build: (p, seed, v) => lifecycleScenario(p, seed, v as LifecycleVariant),
  },
  {
    id: 'linkloss',
    clauses: ['T9'],
    title: { zh: '节点链路中断与抖动', en: 'Link loss and flap' },
    variants: LINKLOSS_VARIANTS,
    controlTargets: { 'link-goal-1': 'T9' },
    build: (p, seed, v) => linkLossScenario(p, seed, v as LinkLossVariant),
  },
  {
    id: 'encryption',
    clauses: ['T4'],
    title: { zh: '录像加密与出存储数据加密', en: 'Recording encryption at rest and on the way out' },
    variants: ENCRYPTION_VARIANTS,
    controlTargets: { 'plaintext-recording': 'T4', 'one-keystream': 'T4' },
    build: (p, _seed, v) => encryptionScenario(p, v as EncryptionVariant),
  },
  {
    id: 'elastic-capacity',
    clauses: ['T10'],
    title: { zh: '存储空间按需分配与保存周期在线调整', en: 'Capacity on demand and retention changed online' },
    variants: ELASTIC_CAPACITY_VARIANTS,
    controlTargets: { 'deletes-in-period': 'T10', 'quota-below-data': 'T10' },
    build: (p, _seed, v) => elasticCapacityScenario(p, v as ElasticCapacityVariant),
  },
  {
    id: 'operations',
    clauses: ['T11', 'M7', 'M2', 'M4'],
    title: {
      zh: '运维：硬盘体检、不良盘更换、一图值守、业务数据诊断',
      en: 'Operations: disk health, bad-disk replacement, one-screen view, recording diagnosis',
    },
    variants: OPERATIONS_VARIANTS,
    controlTargets: { 'smart-missing': 'T11', 'led-ignored': 'M7', 'stale-page': 'M2', 'recording-deleted': 'M4' },
    build: (p, _seed, v) => operationsScenario(p, v as OperationsVariant),
  },
  {
    id: 'alarms',
    clauses: ['M5', 'M6', 'M3'],
    title: { zh: '告警与运维', en: 'Alarms and operations' },
    variants: ALARM_VARIANTS,
    controlTargets: {
      'channel-errors': 'M5',
      'no-grouping': 'M6',
      'no-capacity-rule': 'M3',
      'no-maintenance-silence': 'M6',
      'no-severity-routing': 'M6',
      'relay-drops': 'M6',
    },
    build: (p, _seed, v) => alarmsScenario(p, v as AlarmVariant),
  },
];

/** Every run of `accept run`, reference or control, also reads the twins' hardware (T1, T2, M1, S1). */
export const SCENARIOS: readonly ScenarioEntry[] = ENTRIES.map((e) => ({
  ...e,
  build: (p, seed, v) => withHardwareInventory(e.build(p, seed, v)),
}));

export const CONTROLS: readonly { name: string; scenario: string }[] = SCENARIOS.flatMap((s) =>
  s.variants.filter((v) => v.startsWith('control:')).map((v) => ({ name: v.slice('control:'.length), scenario: s.id })),
);

/**
 * Whether a run's verdicts are what its variant requires: the reference PASSes every
 * clause; a control FAILs its target clause by that clause's own checker (a failed
 * background load alone proves nothing about the clause).
 */
export function asRequired(
  entry: ScenarioEntry,
  variant: string,
  verdicts: readonly { clause: string; status: string; clauseStatus?: string }[],
): boolean {
  // a reference PASSes every clause it claims and every other it could judge; a clause left to a
  // person (MANUAL) waits in the reports, but never stands in for a claimed one
  if (!variant.startsWith('control:'))
    return (
      passedAsFarAsMeasurable(verdicts) &&
      entry.clauses.every((c) => verdicts.some((v) => v.clause === c) && verdicts.every((v) => v.clause !== c || v.status === 'PASS'))
    );
  const target = entry.controlTargets?.[variant.slice('control:'.length)];
  const own = (v: { status: string; clauseStatus?: string }) => v.clauseStatus ?? v.status;
  return verdicts.some((v) => (target ? v.clause === target : true) && own(v) === 'FAIL');
}

/** A scenario or control that does not exist or does not fit together (a usage error). */
export class ScenarioChoiceError extends Error {}

export function scenarioById(id: string): ScenarioEntry {
  const s = SCENARIOS.find((x) => x.id === id);
  if (!s) throw new ScenarioChoiceError(`unknown scenario '${id}': one of ${SCENARIOS.map((x) => x.id).join(', ')}`);
  return s;
}

/** The scenario and variant a `--scenario` / `--control` pair asks for. */
export function resolveScenario(o: { scenario?: string; control?: string }): { entry: ScenarioEntry; variant: string } {
  if (o.control) {
    const c = CONTROLS.find((x) => x.name === o.control);
    if (!c) throw new ScenarioChoiceError(`unknown control '${o.control}': one of ${CONTROLS.map((x) => x.name).join(', ')}`);
    if (o.scenario && o.scenario !== c.scenario)
      throw new ScenarioChoiceError(`control '${o.control}' belongs to scenario '${c.scenario}', not '${o.scenario}'`);
    return { entry: scenarioById(c.scenario), variant: `control:${o.control}` };
  }
  return { entry: scenarioById(o.scenario ?? 'scaleout'), variant: 'reference' };
}
