// The node's event log, with DMTF Redfish message IDs so a BMC view can serve it as
// LogEntry resources unchanged. Registry versions and severities as published by DMTF
// (StorageDevice 1.2, Environmental 1.0, Power 1.0; see openbmc/bmcweb's generated copies).

export type Severity = 'OK' | 'Warning' | 'Critical';

export const MESSAGES = {
  DriveInserted: { id: 'StorageDevice.1.2.DriveInserted', severity: 'OK', text: "The drive located in '%1' was inserted." },
  DriveRemoved: { id: 'StorageDevice.1.2.DriveRemoved', severity: 'Critical', text: "The drive located in '%1' was removed." },
  DriveFailure: {
    id: 'StorageDevice.1.2.DriveFailure',
    severity: 'Critical',
    text: "A failure condition for the drive located in '%1' was detected.",
  },
  DrivePredictiveFailure: {
    id: 'StorageDevice.1.2.DrivePredictiveFailure',
    severity: 'Warning',
    text: "A predictive failure condition for the drive located in '%1' was detected.",
  },
  FanFailed: { id: 'Environmental.1.0.FanFailed', severity: 'Warning', text: "Fan '%1' has failed." },
  FanInserted: { id: 'Environmental.1.0.FanInserted', severity: 'OK', text: "Fan '%1' was inserted." },
  PowerSupplyFailed: { id: 'Power.1.0.PowerSupplyFailed', severity: 'Warning', text: "Power supply '%1' has failed." },
  PowerSupplyInserted: { id: 'Power.1.0.PowerSupplyInserted', severity: 'OK', text: "Power supply '%1' was inserted." },
} as const satisfies Record<string, { id: string; severity: Severity; text: string }>;

export type MessageKey = keyof typeof MESSAGES;

export type EventOrigin =
  { kind: 'drive'; slot: number } | { kind: 'fan'; index: number } | { kind: 'psu'; index: number } | { kind: 'chassis' };

export interface NodeEvent {
  /** 1, 2, 3, ... per node */
  seq: number;
  /** virtual epoch ms */
  atMs: number;
  key: MessageKey;
  messageId: string;
  severity: Severity;
  message: string;
  args: string[];
  origin: EventOrigin;
}

export class EventLog {
  private readonly entries: NodeEvent[] = [];
  private seq = 0;
  /** keep memory bounded on long virtual runs; the history journal keeps everything */
  constructor(private readonly capacity = 10_000) {}

  record(atMs: number, key: MessageKey, origin: EventOrigin, args: string[]): NodeEvent {
    const m = MESSAGES[key];
    const event: NodeEvent = {
      seq: ++this.seq,
      atMs,
      key,
      messageId: m.id,
      severity: m.severity,
      message: args.reduce<string>((text, a, i) => text.replace(`%${i + 1}`, a), m.text),
      args,
      origin,
    };
    this.entries.push(event);
    if (this.entries.length > this.capacity) this.entries.shift();
    return event;
  }

  list(): readonly NodeEvent[] {
    return this.entries;
  }

  get(seq: number): NodeEvent | undefined {
    return this.entries.find((e) => e.seq === seq);
  }
}
