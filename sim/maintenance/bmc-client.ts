// The harness's side of a node's Redfish-shaped BMC: plain HTTP on loopback, the way an
// operations platform talks to a vendor's management controller. Nothing here reads the
// twin directly: what the BMC answers is what the operator would see.
export interface DriveResource {
  Id: string;
  Status?: { State?: string; Health?: string };
  LocationIndicatorActive?: boolean;
  SerialNumber?: string;
  PhysicalLocation?: { PartLocation?: { ServiceLabel?: string } };
  Oem?: { Twin?: { HealthGrade?: string | null; BayState?: string; Position?: { Row: number; Column: number } } };
}

export interface LogEntryResource {
  Id: string;
  Severity: string;
  Created: string;
  Message: string;
  MessageId: string;
  MessageArgs?: string[];
  Links?: { OriginOfCondition?: { '@odata.id'?: string } };
}

async function json<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

export class BmcClient {
  constructor(
    readonly baseUrl: string,
    readonly nodeId: string,
  ) {}

  private chassis = () => `${this.baseUrl}/redfish/v1/Chassis/${this.nodeId}`;

  async drive(slot: number): Promise<DriveResource> {
    return json(await fetch(`${this.chassis()}/Drives/${slot}`), `GET drive ${slot}`);
  }

  async drives(count: number): Promise<DriveResource[]> {
    return Promise.all(Array.from({ length: count }, (_, slot) => this.drive(slot)));
  }

  /** smartctl --json -a of the drive, or the HTTP status when the BMC has none (empty bay) */
  async smartctl(slot: number): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.chassis()}/Drives/${slot}/Oem/Twin/SmartctlJson`);
    return { status: res.status, body: res.ok ? await res.json() : null };
  }

  /** Redfish PATCH of LocationIndicatorActive; returns the HTTP status the BMC answered */
  async setLocate(slot: number, on: boolean): Promise<number> {
    const res = await fetch(`${this.chassis()}/Drives/${slot}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ LocationIndicatorActive: on }),
    });
    await res.arrayBuffer();
    return res.status;
  }

  async events(): Promise<LogEntryResource[]> {
    const r = await json<{ Members: LogEntryResource[] }>(
      await fetch(`${this.baseUrl}/redfish/v1/Systems/${this.nodeId}/LogServices/EventLog/Entries`),
      'GET event log',
    );
    return r.Members;
  }
}
