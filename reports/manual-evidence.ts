// Manual evidence slots: the documents only an outside body can produce (P6): the
// software product test report, the MLPS (等保) assessment, the commercial-cryptography
// (商密) assessment; and the seller's own service records (W3): plan, backup restore, drill. Attaching a file copies it into the folder (so the manifests hash
// it); the verdict stays 人工确认 either way: the harness cannot read an assessor's
// conclusion, a person on the panel does. Without a file it is 人工确认（待提交）.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
];

/** The clauses that M-clause measurements bear on, listed beside their slots (W3: monitoring and alarms). */
export const SLOT_RELATED_CLAUSES: Readonly<Record<string, readonly string[]>> = { W3: ['M3', 'M4', 'M5', 'M6'] };

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
  const name = basename(file).replace(/[^\p{L}\p{N}._-]/gu, '_');
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
    for (const f of readdirSync(d).filter((x) => x.endsWith('.attachment.json')))
      out.push(JSON.parse(readFileSync(join(d, f), 'utf8')) as Attachment);
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

export interface SlotState {
  slot: ManualSlot;
  files: Attachment[];
  /** always MANUAL: a person judges the document */
  status: 'MANUAL';
  state: Bilingual;
}

export function slotStates(attachments: readonly Attachment[]): SlotState[] {
  return MANUAL_SLOTS.map((slot) => {
    const files = attachments.filter((a) => a.slot === slot.id);
    return {
      slot,
      files,
      status: 'MANUAL' as const,
      state: files.length
        ? {
            zh: '已提交，待专家组审阅确认（工具不判读测评结论）',
            en: 'submitted; the panel confirms its conclusion (the harness does not read it)',
          }
        : { zh: '待提交', en: 'pending: not submitted' },
    };
  });
}
