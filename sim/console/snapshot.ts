// What the one-screen operations page (M2) shows, as one JSON document: hardware (nodes and
// bays from the twins' BMCs and the core), network, core, business, alarms. Built from
// sources the harness already has; the alarm source is an interface so that another source
// (e.g. Alertmanager) can be added without touching the page.
export interface BayView {
  slot: number;
  label: string;
  /** the BMC's bay state: present, pulled, empty, failed */
  state: string;
  grade: string | null;
  led: boolean;
  /** the core's word on the disk in this bay (MooseFS: ok, damaged, ...), null if not listed */
  core: string | null;
}

export interface NodeView {
  name: string;
  address: string;
  running: boolean;
  bays: BayView[];
}

export interface Alarm {
  source: string;
  node: string;
  severity: 'Warning' | 'Critical';
  messageId: string;
  message: string;
  /** the message's arguments (Redfish MessageArgs), so the page can word it in Chinese */
  args: string[];
  /** e.g. 'drive:5' */
  origin: string;
  created: string;
  /** wall-clock ms when the harness first saw it (the twins' virtual clocks stand still in a run) */
  seenAt?: number;
}

export interface AlarmSource {
  name: string;
  alarms(): Promise<Alarm[]>;
}

export interface OpsSnapshot {
  /** wall-clock epoch ms when the snapshot was built */
  at: number;
  seq: number;
  nodes: NodeView[];
  network: { node: string; address: string; link: 'up' | 'down' }[];
  core: { name: string; disksOk: number; disksListed: number; chunks: Record<string, number> | null };
  business: { cameras: number; segments: number; bytes: number; writeErrors: number; dropped: number; writeMbps: number };
  alarms: Alarm[];
}
