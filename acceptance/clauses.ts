// The clause catalog: IDs exactly as in shared/contract/CLAUSES.md, so tests, verdicts,
// reports and evidence point at one requirement. Keep the IDs stable.
import { CAPACITY_PART, RETENTION_PART } from '../sim/checkers/elastic-capacity';
import { POOL_PART } from '../sim/checkers/pool-elasticity';

export type Area = 'storage-node' | 'management' | 'switch' | 'process' | 'warranty';

export interface Clause {
  id: string;
  area: Area;
  zh: string;
  en: string;
  /** how this harness can decide it */
  decidedBy: 'core' | 'twin' | 'document' | 'person';
  severity: 'blocker' | 'critical' | 'normal' | 'minor';
  /** a clause that no single run judges whole: its parts, each covered by a verdict (Verdict.covers) of the scenario named */
  parts?: readonly ClausePart[];
  /** when the contract decides it: at 初验 (P3: functions and performance), in the trial run, or at 终验 */
  stage: Stage;
  /** met by both parties signing that report itself (P3: the 初验报告, P7: the 终验报告): never counted in its own conclusion */
  metBySigning?: 'initial' | 'final';
}

export type Stage = 'initial' | 'trial' | 'final';

// The trial's clauses, and the warranty and service clauses with the outside assessments judged
// at 终验 (P6, P7). Every other clause is 初验's. P3 and P7 are met by signing the 初验 and 终验
// reports themselves: the 终验 checks the signed 初验报告 (P3's slot), nothing checks its own.
const LATER_STAGE: Readonly<Record<string, Stage>> = {
  P4: 'trial',
  P5: 'trial',
  P6: 'final',
  P7: 'final',
  W1: 'final',
  W2: 'final',
  W3: 'final',
};

export const STAGE_TEXT: Record<Stage, { zh: string; en: string }> = {
  initial: { zh: '初验', en: 'initial acceptance' },
  trial: { zh: '试运行', en: 'trial run' },
  final: { zh: '终验', en: 'final acceptance' },
};

export interface ClausePart {
  id: string;
  zh: string;
  en: string;
  /** the scenario whose verdict covers it */
  scenario: string;
}

const c = (id: string, area: Area, decidedBy: Clause['decidedBy'], severity: Clause['severity'], zh: string, en: string): Clause => ({
  id,
  area,
  decidedBy,
  severity,
  zh,
  en,
  stage: LATER_STAGE[id] ?? 'initial',
  ...(SIGNED[id] ? { metBySigning: SIGNED[id] } : {}),
});

const SIGNED: Readonly<Record<string, 'initial' | 'final'>> = { P3: 'initial', P7: 'final' };

/** whether a report of this stage counts the clause in its conclusion (its own signature clause never) */
export const countsAt = (c: Clause, report: 'initial' | 'final'): boolean =>
  c.metBySigning !== report && (report === 'final' || c.stage === 'initial');

export const CLAUSES: readonly Clause[] = [
  c(
    'T1',
    'storage-node',
    'twin',
    'normal',
    '内存 256GB、2 块内置 SSD、6 个热插拔冗余温控风扇、1+1 热插拔冗余电源',
    '256 GB RAM, 2 internal SSDs, 6 hot-swap redundant fans, 1+1 hot-swap PSUs',
  ),
  c('T2', 'storage-node', 'twin', 'normal', '不少于 48 个硬盘热插拔插槽', 'At least 48 hot-swap disk bays'),
  c(
    'T3',
    'storage-node',
    'core',
    'blocker',
    '读写时热插拔任意硬盘：设备不宕机、硬盘不损坏、数据不丢失、业务不中断',
    'Hot-plug any disk under read/write: no crash, no damage, no loss, no interruption',
  ),
  c(
    'T4',
    'storage-node',
    'core',
    'critical',
    '硬盘与录像加密；出存储的数据均为密文；专用播放器须授权',
    'Disk and recording encryption; data leaving storage encrypted; player needs authorization',
  ),
  c('T5', 'storage-node', 'core', 'critical', '延迟踢盘；硬盘交错/分时启动', 'Delayed disk kick; staggered spin-up'),
  c('T6', 'storage-node', 'core', 'blocker', '防偶发死机；死机后自愈恢复时间 ≤3 分钟', 'Self-heal after a crash or hang within 3 minutes'),
  c(
    'T7',
    'storage-node',
    'core',
    'critical',
    '24/36/48 盘位、不同性能、不同 CPU 架构节点混合组网',
    'Mixed 24/36/48-bay nodes of different performance and CPU architecture',
  ),
  c(
    'T8',
    'storage-node',
    'core',
    'blocker',
    '弹性扩容：仅添加节点 IP、无需 RAID/LVM、一分钟内完成、新数据自动分配到新节点、无需数据迁移',
    'Scale-out by the new node address only, within one minute, new writes placed on it, no migration',
  ),
  c(
    'T9',
    'storage-node',
    'core',
    'critical',
    '集群管理：弹性扩容、负载均衡、故障迁移；节点组建、扩展、删除',
    'Cluster management: expansion, balancing, failover; node lifecycle',
  ),
  {
    ...c(
      'T10',
      'storage-node',
      'core',
      'normal',
      '存储空间按需分配、在线扩缩；资源池弹性伸缩不影响读写；存储周期在线调整不丢数据',
      'On-demand space resized online; resource pool grown and shrunk without disturbing reads and writes; retention changed online without loss',
    ),
    parts: [
      {
        id: CAPACITY_PART,
        zh: '存储空间按需分配与在线扩缩',
        en: 'space allocated on demand, grown and shrunk online',
        scenario: 'elastic-capacity',
      },
      {
        id: RETENTION_PART,
        zh: '存储周期在线延长与缩短',
        en: 'retention period lengthened and shortened online',
        scenario: 'elastic-capacity',
      },
      {
        id: POOL_PART,
        zh: '资源池弹性伸缩（节点加入、排空删除）不影响读写',
        en: 'resource pool grown and shrunk (node added, drained and deleted) without disturbing reads and writes',
        scenario: 'lifecycle',
      },
    ],
  },
  c(
    'T11',
    'storage-node',
    'twin',
    'normal',
    '硬盘体检报告、深度体检、磁盘档案、健康分级、趋势曲线、打印',
    'Disk health reports, deep check, records, grading, trends, printing',
  ),
  c(
    'M1',
    'management',
    'twin',
    'minor',
    '管理服务器：16 核、16GB、480GB SSD、2 千兆网口、1+1 电源',
    'Management server: 16 cores, 16 GB, 480 GB SSD, 2 x GE, 1+1 PSU',
  ),
  c('M2', 'management', 'core', 'normal', '一图值守：硬件、软件、网络、业务全维度可视化', 'One-screen operations view'),
  c(
    'M3',
    'management',
    'core',
    'normal',
    '容量趋势预警、性能态势、提前扩容提醒',
    'Capacity-trend warnings, performance view, early reminders',
  ),
  c(
    'M4',
    'management',
    'core',
    'normal',
    '录像断点、录像周期、录像质量诊断与统计',
    'Recording gaps, retention and quality diagnosis, statistics',
  ),
  c(
    'M5',
    'management',
    'core',
    'critical',
    '远程接警：web/邮件/短信/微信/钉钉 7×24 小时',
    'Remote alarms over web, e-mail, SMS, WeChat, DingTalk, 24x7',
  ),
  c(
    'M6',
    'management',
    'core',
    'normal',
    '告警降噪：去重、合并、屏蔽、分类、统计',
    'Alarm noise reduction: dedup, merge, mask, classify, statistics',
  ),
  c(
    'M7',
    'management',
    'twin',
    'normal',
    '不良盘更换：槽位异常可视化、一键点灯、故障槽位导出、批量更换',
    'Bad-disk replacement: slot view, locate LED, export, batch replacement',
  ),
  c('S1', 'switch', 'twin', 'normal', '≥24 个千兆电口、≥4 个万兆光口', '>= 24 GE copper, >= 4 10GE optical ports'),
  c('S2', 'switch', 'person', 'minor', '2 个模块化电源槽位（配 1 个）', '2 modular PSU slots, 1 fitted'),
  c('S3', 'switch', 'person', 'minor', '独立 Console 管理口', 'Separate console port'),
  c(
    'S4',
    'switch',
    'person',
    'normal',
    '交换容量 ≥598Gbps/5.98Tbps，包转发率 ≥171Mpps',
    'Switching >= 598 Gbps / 5.98 Tbps, forwarding >= 171 Mpps',
  ),
  c('S5', 'switch', 'person', 'normal', '802.3ad 链路聚合', '802.3ad link aggregation'),
  c('S6', 'switch', 'twin', 'normal', 'IGMP Snooping、端口镜像、MAC 地址绑定', 'IGMP snooping, port mirroring, MAC binding'),
  c('S7', 'switch', 'person', 'normal', '基于端口的 VLAN、VLAN Trunk', 'Port-based VLANs, trunk'),
  c('S8', 'switch', 'person', 'normal', 'IPv4/IPv6 静态路由、OSPFv3、BGP4+、IS-ISv6', 'Static routes, OSPFv3, BGP4+, IS-ISv6'),
  c('S9', 'switch', 'person', 'minor', '本地与远程堆叠', 'Local and remote stacking'),
  c('S10', 'switch', 'person', 'normal', '基于源 MAC、源 IP、源/目的端口、协议的 ACL', 'ACLs on MAC, IP, ports, protocol'),
  c('P1', 'process', 'document', 'normal', '建设周期 N 个日历日', 'Build period of N calendar days'),
  c('P2', 'process', 'document', 'normal', '实施完成后 30 日内完成初验', 'Initial acceptance within 30 days of completion'),
  c(
    'P3',
    'process',
    'document',
    'critical',
    '依据功能和性能要求组织初验，出具初验报告',
    'Initial acceptance report on functions and performance',
  ),
  c('P4', 'process', 'document', 'critical', '试运行 X 日，出现问题延长 Y 日', 'Trial run of X days, extended by Y days per problem'),
  c(
    'P5',
    'process',
    'document',
    'critical',
    '延长期内再次出现问题，甲方有权解除合同',
    'A second problem in an extension allows termination',
  ),
  c(
    'P6',
    'process',
    'document',
    'critical',
    '试运行及软件测评、等保测评、商密评估后 Z 日内终验',
    'Final acceptance after trial and three external evaluations',
  ),
  c(
    'P7',
    'process',
    'document',
    'critical',
    '在甲方硬件环境下终验，出具终验报告',
    'Final acceptance on the buyer’s hardware, final report',
  ),
  c('P8', 'process', 'person', 'minor', '安装调试期间 1 天×24 小时现场技术服务', '24 h on-site support during installation'),
  c(
    'W1',
    'warranty',
    'document',
    'normal',
    '免费质保 N 年，更换设备重新计保，故障存储设备不退还',
    'Warranty of N years; failed storage devices kept by the buyer',
  ),
  c('W2', 'warranty', 'document', 'normal', '接到通知 N 小时内响应，N 日内修复或更换', 'Response within N hours, repair within N days'),
  c(
    'W3',
    'warranty',
    'document',
    'normal',
    '实时监控自动告警、故障工单、定期巡检、备份恢复、应急演练',
    'Monitoring with alarms, tickets, maintenance, verified backups, drills',
  ),
];

export const clauseById = (id: string): Clause => {
  const found = CLAUSES.find((x) => x.id === id);
  if (!found) throw new Error(`unknown clause '${id}': see shared/contract/CLAUSES.md`);
  return found;
};

export const AREA_NAMES: Record<Area, { zh: string; en: string }> = {
  'storage-node': { zh: '存储节点', en: 'Storage node' },
  management: { zh: '运维管理', en: 'Management' },
  switch: { zh: '交换机', en: 'Switch' },
  process: { zh: '验收流程', en: 'Acceptance process' },
  warranty: { zh: '质保服务', en: 'Warranty and service' },
};

/** The field-mode command that measures a clause on the delivered system (accept probe --target, accept trial --target). */
const FIELD_CLOSING: Readonly<Record<string, { zh: string; en: string }>> = {
  T3: {
    zh: '在交付系统上运行 accept probe --target <目标文件> --pull <节点:槽位>（现场人员按提示拔插硬盘），实测',
    en: 'run accept probe --target <target file> --pull <node:slot> on the delivered system (a person at the rack pulls the disk when asked)',
  },
  T6: {
    zh: '在交付系统上运行 accept probe --target <目标文件> --power-loss <节点>（或 --restart <节点>），经 BMC 断电或强制重启，实测自愈时间',
    en: 'run accept probe --target <target file> --power-loss <node> (or --restart <node>) on the delivered system: the BMC cuts the power or forces a restart, the self-heal is measured',
  },
  T8: {
    zh: '在交付系统上运行 accept probe --target <目标文件> --connect <新节点>（现场人员接入新节点并上电），实测',
    en: 'run accept probe --target <target file> --connect <new node> on the delivered system (a person at the rack connects and powers it on)',
  },
  T9: {
    zh: '在交付系统上运行 accept probe --target <目标文件> --unplug <节点>（现场人员拔插网线），实测链路部分',
    en: 'run accept probe --target <target file> --unplug <node> on the delivered system (a person at the rack pulls the cable): the link part measured',
  },
  T11: {
    zh: '以 accept trial --target <目标文件> 每日读取交付节点 BMC 与存储核心的硬盘健康，实测',
    en: "read the delivered nodes' disk health through their BMCs and the core daily with accept trial --target <target file>",
  },
};

/** What turns a pass on a twin or a modelled duration into a measured one: the same check on the delivered equipment. */
export function closeOnDelivery(id: string): { zh: string; en: string } {
  if (id === 'T1' || id === 'T2')
    return {
      zh: '以 accept inventory --bmc <每台交付存储节点的 BMC 地址> 读取交付设备清单，实测',
      en: 'read the delivered storage nodes with accept inventory --bmc <each node’s BMC address>',
    };
  if (id === 'M1')
    return {
      zh: '以 accept inventory --mgmt <交付管理服务器的 BMC 地址> 读取交付设备清单，实测',
      en: 'read the delivered management server with accept inventory --mgmt <its BMC address>',
    };
  if (id === 'T4')
    return {
      zh: '在交付系统的录像写入与下载路径上（厂商录像服务器加密，测试工具不加密）运行 accept run --scenario encryption，实测',
      en: "run accept run --scenario encryption against the delivered system's own recording and download path (the vendor's recorder encrypts, the harness does not)",
    };
  if (id === 'S1')
    return {
      zh: '以 accept inventory --switch <交付交换机的管理地址> 读取交付交换机端口，实测',
      en: 'read the delivered switch with accept inventory --switch <its management address>',
    };
  const field = FIELD_CLOSING[id];
  if (field) return field;
  return { zh: '在交付设备上按同一测试实测', en: 'run the same test on the delivered equipment' };
}
