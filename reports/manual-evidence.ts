// Manual evidence slots: the documents only an outside body can produce (P6): the
// software product test report, the MLPS (等保) assessment, the commercial-cryptography
// (商密) assessment; the seller's own service records (W3): plan, backup restore, drill; and the
// switch's records (S2-S5, S7-S10) a person checks on the delivered switch; and the dates and
// letters of the process and warranty clauses (P1, P2, P8, W1, W2). Attaching a file copies it into the folder (so the manifests hash
// it). The harness cannot read an assessor's conclusion: a person on the panel does, and records
// it (`--confirm slot=pass|fail --by NAME`) against the files attached then, by their SHA-256.
// Without a file it is 人工确认（待提交）; with files and no confirmation (or files attached since
// the confirmation) it stays 人工确认; a confirmed slot is 通过 or 不通过 by the panel's word.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import type { Bilingual } from '../sim/verdict';
import { sha256File } from './evidence-manifest';

export interface ManualSlot {
  id: string;
  clause: string;
  title: Bilingual;
  basis: Bilingual;
}

export const MANUAL_SLOTS: readonly ManualSlot[] = [
  {
    id: 'software-test',
    clause: 'P6',
    title: { zh: '软件产品测试报告（软件测评）', en: 'Software product test report' },
    basis: { zh: '合同 P6；由具备资质的第三方软件测评机构出具', en: 'Clause P6; issued by an accredited software testing body' },
  },
  {
    id: 'mlps',
    clause: 'P6',
    title: { zh: '网络安全等级保护测评报告（等保测评）', en: 'Classified cybersecurity protection (MLPS) assessment report' },
    basis: { zh: '合同 P6；由等级保护测评机构出具', en: 'Clause P6; issued by an MLPS assessment body' },
  },
  {
    id: 'crypto',
    clause: 'P6',
    title: {
      zh: '商用密码应用安全性评估报告（商密评估，GB/T 39786）',
      en: 'Commercial cryptography application assessment report (GB/T 39786)',
    },
    basis: { zh: '合同 P6；由商用密码应用安全性评估机构出具', en: 'Clause P6; issued by a commercial-cryptography assessment body' },
  },
  // W3: what the seller's service plan promises, shown by its own records; the monitoring and
  // alarms it promises are measured by M3-M6, which the reports list beside these slots
  {
    id: 'service-plan',
    clause: 'W3',
    title: {
      zh: '服务方案（实时监控与自动告警、故障工单的优先级与预计处理时限、月度/季度/年度巡检安排）',
      en: 'Service plan (monitoring with automatic alarms, fault tickets with priority and expected time, monthly/quarterly/yearly maintenance)',
    },
    basis: { zh: '合同 W3；乙方盖章的服务方案', en: 'Clause W3; the service plan under the seller’s seal' },
  },
  {
    id: 'backup-restore',
    clause: 'W3',
    title: {
      zh: '数据备份与恢复验证记录（备份内容、周期，及一次恢复后与原数据比对一致的记录）',
      en: 'Data backup and verified restore record (what is backed up and how often, and a restore compared equal to the original)',
    },
    basis: { zh: '合同 W3；试运行期内的实际记录', en: 'Clause W3; a record made during the trial run' },
  },
  {
    id: 'drill',
    clause: 'W3',
    title: {
      zh: '应急演练记录（演练场景、时间、参与人员、恢复用时与结论）',
      en: 'Emergency drill record (scenario, date, participants, time to recover, outcome)',
    },
    basis: { zh: '合同 W3；双方签字的演练记录', en: 'Clause W3; a drill record signed by both parties' },
  },
  // P3 is met by the signed 初验报告: 终验 checks that it was signed (its own P7 is met by signing it)
  {
    id: 'initial-signed',
    clause: 'P3',
    title: { zh: '双方签字盖章的初验报告（扫描件）', en: 'The initial acceptance report signed and sealed by both parties (scan)' },
    basis: {
      zh: '合同 P3；与本报告附带的初验报告证据摘要比对',
      en: 'Clause P3; compared with the evidence digest of the initial report included here',
    },
  },
  // the dates and letters the process and warranty clauses rest on: a person compares them with the contract
  {
    id: 'build-period',
    clause: 'P1',
    title: {
      zh: '建设周期证明（合同签订日期与双方签字的实施完成确认单）',
      en: 'Build period: the signing date and the completion note signed by both parties',
    },
    basis: { zh: '合同 P1；与合同约定的日历日数比对', en: 'Clause P1; compared with the contracted number of calendar days' },
  },
  {
    id: 'initial-date',
    clause: 'P2',
    title: {
      zh: '实施完成日期与初验日期（实施完成确认单、签字的初验报告）',
      en: 'Completion and initial-acceptance dates (completion note, the signed initial acceptance report)',
    },
    basis: { zh: '合同 P2；两日期相隔不超过 30 个日历日', en: 'Clause P2; at most 30 calendar days apart' },
  },
  {
    id: 'onsite-service',
    clause: 'P8',
    title: {
      zh: '安装调试期间现场技术服务记录（人员、到场与离场时间，1 天×24 小时）',
      en: 'On-site support log during installation (staff, arrival and departure, 24 h a day)',
    },
    basis: { zh: '合同 P8；甲方签字的现场记录', en: 'Clause P8; a site log signed by the buyer' },
  },
  {
    id: 'warranty',
    clause: 'W1',
    title: {
      zh: '质保承诺函（自终验起 N 年免费质保、更换设备重新起算质保、故障存储设备不退回）',
      en: 'Warranty letter (N years free from final acceptance, a replaced device restarts its warranty, failed storage devices stay with the buyer)',
    },
    basis: { zh: '合同 W1；乙方盖章', en: 'Clause W1; under the seller’s seal' },
  },
  {
    id: 'response',
    clause: 'W2',
    title: {
      zh: '服务响应承诺与试运行期内的报修响应记录（响应与修复用时）',
      en: 'Response commitment and the trial run’s repair records (time to respond and to repair)',
    },
    basis: {
      zh: '合同 W2；与约定的 N 小时响应、N 日修复比对',
      en: 'Clause W2; compared with the contracted hours to respond and days to repair',
    },
  },
  // the switch's features that its management interface cannot show the harness (S1 and S6's mirroring are
  // measured): each a record a person checks on the delivered switch, with what it must show
  switchSlot('S2', 'switch-power', [
    '电源：2 个模块化电源槽位（配置 1 个）——后面板照片与设备电源状态输出（如 display power）',
    'Power: 2 modular PSU slots, 1 fitted: a photo of the rear panel and the switch’s power status output (e.g. display power)',
  ]),
  switchSlot('S3', 'switch-console', [
    '独立 Console 管理口——面板照片与经该口登录的会话记录',
    'A separate console port: a photo of the panel and a log of a session over it',
  ]),
  switchSlot('S4', 'switch-throughput', [
    '交换容量 ≥598 Gbps/5.98 Tbps、包转发率 ≥171 Mpps——厂商彩页与第三方检测报告（如 RFC 2544 吞吐量测试）',
    'Switching capacity >= 598 Gbps / 5.98 Tbps and forwarding >= 171 Mpps: the datasheet and an outside test report (e.g. RFC 2544 throughput)',
  ]),
  switchSlot('S5', 'switch-lacp', [
    '802.3ad 链路聚合——配置与聚合组状态输出（两成员口均为 Selected），拔出一个成员口时业务不中断的记录',
    '802.3ad link aggregation: the configuration and the group’s state (both members selected), and a member pulled with the traffic going on',
  ]),
  switchSlot('S7', 'switch-vlan', [
    '基于端口的 VLAN 与 VLAN Trunk——配置与 VLAN/Trunk 状态输出，跨 VLAN 不通、Trunk 内互通的测试记录',
    'Port-based VLANs and a trunk: the configuration and VLAN/trunk state, and a test that VLANs are separate and the trunk carries them',
  ]),
  switchSlot('S8', 'switch-routing', [
    'IPv4/IPv6 静态路由、OSPFv3、BGP4+、IS-ISv6——配置与路由表、邻居/对等体状态输出',
    'IPv4/IPv6 static routes, OSPFv3, BGP4+, IS-ISv6: the configuration, the routing tables and the neighbour/peer states',
  ]),
  switchSlot('S9', 'switch-stacking', [
    '本地与远程堆叠——堆叠成员列表输出（本地、远程各一组）与主备切换记录',
    'Local and remote stacking: the stack member lists (one local, one remote) and a switchover record',
  ]),
  // S6: port mirroring is shown by traffic; IGMP snooping and MAC binding need the switch's own records
  switchSlot('S6', 'switch-igmp-mac', [
    'IGMP Snooping（组播组表随接收端加入/离开变化）与 MAC 地址绑定（绑定端口上非绑定 MAC 的流量被拒）的配置与现场验证输出',
    'IGMP snooping (the group table following receivers joining and leaving) and MAC binding (traffic of an unbound MAC refused on a bound port): configuration and witnessed output',
  ]),
  switchSlot('S10', 'switch-acl', [
    '基于源 MAC、源 IP、源/目的端口、协议的 ACL——各类规则配置与命中计数（被拒流量）输出',
    'ACLs on source MAC, source IP, source/destination port and protocol: each rule’s configuration and its hit counters (traffic denied)',
  ]),
];

function switchSlot(clause: string, id: string, [zh, en]: [string, string]): ManualSlot {
  return {
    id,
    clause,
    title: { zh, en },
    basis: {
      zh: `合同 ${clause}；在交付交换机上由甲方见证的记录`,
      en: `Clause ${clause}; a record made on the delivered switch, witnessed by the buyer`,
    },
  };
}

/**
 * The measured clauses whose figures bear on a slot, listed beside it: the service plan's
 * monitoring and alarms (M3-M6), the drill's recovery from a node's crash and failover (T6, T9).
 * A backup restore is the seller's own record: nothing here measures it.
 */
export const SLOT_RELATED_CLAUSES: Readonly<Record<string, readonly string[]>> = {
  'service-plan': ['M3', 'M4', 'M5', 'M6'],
  drill: ['T6', 'T9'],
};

/** The measured clauses whose figures bear on a clause's slots, each once, in the slots' order. */
export const relatedClausesOf = (clause: string): string[] => [
  ...new Set(MANUAL_SLOTS.filter((x) => x.clause === clause).flatMap((x) => SLOT_RELATED_CLAUSES[x.id] ?? [])),
];

export interface Attachment {
  slot: string;
  originalName: string;
  path: string;
  size: number;
  sha256: string;
  attachedAt: string;
}

export class AttachmentError extends Error {}

/** 'mlps=/path/report.pdf' -> { slot, file } (the CLI's --attach value). */
export function parseAttachOption(value: string): { slot: string; file: string } {
  const i = value.indexOf('=');
  const slot = i > 0 ? value.slice(0, i) : '';
  const file = i > 0 ? value.slice(i + 1) : '';
  if (!MANUAL_SLOTS.some((s) => s.id === slot))
    throw new AttachmentError(`--attach ${value}: the slot must be one of ${MANUAL_SLOTS.map((s) => s.id).join(', ')} (as slot=file)`);
  if (!file || !existsSync(file) || !statSync(file).isFile())
    throw new AttachmentError(`--attach ${value}: ${file || '(no file)'} is not a file`);
  return { slot, file };
}

export async function attachManual(dir: string, slot: string, file: string): Promise<Attachment> {
  const target = join(dir, 'attachments', slot);
  mkdirSync(target, { recursive: true });
  // a document never takes the name of the harness's own record of it
  const name = basename(file)
    .replace(/[^\p{L}\p{N}._-]/gu, '_')
    .replace(/\.attachment\.json$/, '.attachment_.json');
  copyFileSync(file, join(target, name));
  const a: Attachment = {
    slot,
    originalName: basename(file),
    path: `attachments/${slot}/${name}`,
    size: statSync(file).size,
    sha256: await sha256File(join(target, name)),
    attachedAt: new Date().toISOString(),
  };
  writeFileSync(join(target, `${name}.attachment.json`), JSON.stringify(a, null, 2) + '\n');
  return a;
}

export function readAttachments(dir: string): Attachment[] {
  const root = join(dir, 'attachments');
  if (!existsSync(root)) return [];
  const out: Attachment[] = [];
  for (const slot of readdirSync(root)) {
    const d = join(root, slot);
    if (!statSync(d).isDirectory()) continue;
    for (const f of readdirSync(d).filter((x) => x.endsWith('.attachment.json'))) {
      const a = JSON.parse(readFileSync(join(d, f), 'utf8')) as Attachment;
      // the file as it is now, not as its record says: a decision covers the bytes it was given on
      const held = join(dir, a.path);
      out.push({ ...a, sha256: existsSync(held) ? createHash('sha256').update(readFileSync(held)).digest('hex') : 'missing' });
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** The panel's word on a slot, given against the files attached then (their SHA-256). */
export interface Confirmation {
  slot: string;
  decision: 'pass' | 'fail';
  by: string;
  at: string;
  files: { path: string; sha256: string }[];
}

/** confirmations/<slot>.json: apart from the attachments, so that no attached file can pose as one */
const CONFIRMATIONS = 'confirmations';

/** 'mlps=pass' -> { slot, decision } (the CLI's --confirm value). */
export function parseConfirmOption(value: string): { slot: string; decision: 'pass' | 'fail' } {
  const [slot = '', decision = ''] = value.split('=');
  if (!MANUAL_SLOTS.some((s) => s.id === slot))
    throw new AttachmentError(
      `--confirm ${value}: the slot must be one of ${MANUAL_SLOTS.map((s) => s.id).join(', ')} (as slot=pass or slot=fail)`,
    );
  if (decision !== 'pass' && decision !== 'fail') throw new AttachmentError(`--confirm ${value}: the decision must be pass or fail`);
  return { slot, decision };
}

/** Records the panel's decision on a slot; refused while nothing is attached to it (a decision needs its evidence). */
/** A decision needs who makes it and a document to make it on (`attached`: the slots that hold one). */
export function refuseUnfounded(slot: string, decision: 'pass' | 'fail', by: string | undefined, attached: ReadonlySet<string>): void {
  if (!by?.trim()) throw new AttachmentError(`--confirm ${slot}=${decision}: --by must name the panel member who decides`);
  if (!attached.has(slot))
    throw new AttachmentError(
      `--confirm ${slot}=${decision}: nothing is attached to ${slot}; attach its document first (--attach ${slot}=FILE)`,
    );
}

export function confirmSlot(dir: string, slot: string, decision: 'pass' | 'fail', by: string): Confirmation {
  const files = readAttachments(dir).filter((a) => a.slot === slot);
  refuseUnfounded(slot, decision, by, new Set(files.map((f) => f.slot)));
  const c: Confirmation = {
    slot,
    decision,
    by: by.trim(),
    at: new Date().toISOString(),
    files: files.map((f) => ({ path: f.path, sha256: f.sha256 })),
  };
  mkdirSync(join(dir, CONFIRMATIONS), { recursive: true });
  writeFileSync(join(dir, CONFIRMATIONS, `${slot}.json`), JSON.stringify(c, null, 2) + '\n');
  return c;
}

/** A folder's slots: its documents and the panel's decisions on them. */
export const folderSlots = (dir: string): SlotState[] => slotStates(readAttachments(dir), readConfirmations(dir));

export function readConfirmations(dir: string): Confirmation[] {
  const root = join(dir, CONFIRMATIONS);
  if (!existsSync(root)) return [];
  return (
    readdirSync(root)
      .filter((f) => f.endsWith('.json'))
      .map((f) => ({ slot: f.slice(0, -'.json'.length), c: JSON.parse(readFileSync(join(root, f), 'utf8')) as Confirmation }))
      // a record is the decision on the slot it is filed under, or none
      .filter(({ slot, c }) => c.slot === slot && MANUAL_SLOTS.some((x) => x.id === slot))
      .map(({ c }) => c)
  );
}

export interface SlotState {
  slot: ManualSlot;
  files: Attachment[];
  /** MANUAL until the panel confirms the files attached (PASS or FAIL by its word) */
  status: 'MANUAL' | 'PASS' | 'FAIL';
  state: Bilingual;
  /** the confirmation in force: it covers exactly the files attached now */
  confirmation?: Confirmation;
}

/** A confirmation counts while the slot's files are exactly the ones it was given against. */
const covers = (c: Confirmation, files: readonly Attachment[]) =>
  c.files.length === files.length && files.every((f) => c.files.some((x) => x.path === f.path && x.sha256 === f.sha256));

export function slotStates(attachments: readonly Attachment[], confirmations: readonly Confirmation[] = []): SlotState[] {
  return MANUAL_SLOTS.map((slot) => {
    const files = attachments.filter((a) => a.slot === slot.id);
    const c = confirmations.find((x) => x.slot === slot.id);
    if (c && files.length && covers(c, files)) {
      const day = c.at.slice(0, 10);
      return {
        slot,
        files,
        status: c.decision === 'pass' ? ('PASS' as const) : ('FAIL' as const),
        confirmation: c,
        state:
          c.decision === 'pass'
            ? { zh: `专家组确认通过（${c.by}，${day}）`, en: `confirmed passed by the panel (${c.by}, ${day})` }
            : { zh: `专家组确认不通过（${c.by}，${day}）`, en: `confirmed not passed by the panel (${c.by}, ${day})` },
      };
    }
    return {
      slot,
      files,
      status: 'MANUAL' as const,
      state: !files.length
        ? { zh: '待提交', en: 'pending: not submitted' }
        : c
          ? {
              zh: '确认后又有文件变动，须专家组重新确认',
              en: 'files changed since the panel confirmed them: to be confirmed again',
            }
          : {
              zh: '已提交，待专家组审阅确认（工具不判读测评结论）',
              en: 'submitted; the panel confirms its conclusion (the harness does not read it)',
            },
    };
  });
}

/** A clause's status once its slots are weighed: a MANUAL clause whose every slot the panel passed is PASS; one it failed is FAIL. */
export function withSlots(
  clause: string,
  status: string,
  slots: readonly SlotState[],
): { status: 'PASS' | 'FAIL' | 'MANUAL'; reasons: string[] } | null {
  const own = slots.filter((s) => s.slot.clause === clause);
  if (status !== 'MANUAL' || !own.length) return null;
  const failed = own.filter((s) => s.status === 'FAIL');
  const said = (s: SlotState) => `${s.slot.id}: ${s.state.zh} / ${s.state.en}`;
  if (failed.length) return { status: 'FAIL', reasons: failed.map(said) };
  if (own.every((s) => s.status === 'PASS')) return { status: 'PASS', reasons: own.map(said) };
  return { status: 'MANUAL', reasons: own.map(said) };
}
