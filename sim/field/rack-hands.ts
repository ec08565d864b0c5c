// A person's hands at the reference rack, for the tests of field mode: a disk pulled from or put
// back into a bay of a twin bound to the real node, a node's network cable pulled from or put
// back into its switch port (the switch twin bound to the real links), or a node delivered
// powered off connected and its power button pressed, asked over loopback
// HTTP by whoever plays the operator. Not part of a target file: a delivered system has real
// hands. `reach: 'twin-only'` moves the twin alone (its BMC or the switch's management
// interface shows it, the real disk stays in service, the real link up): a step that never
// reaches the core, for the controls that must not PASS.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { Rack } from '../topology/rack';
import type { SpareNode } from './spare-node';
import type { SwitchBinding } from '../topology/switch-binding';

const reach = z.enum(['core', 'twin-only']).default('core');
const diskBody = z.object({ node: z.string(), slot: z.number().int().min(0), reach }).strict();
const cableBody = z.object({ node: z.string(), reach }).strict();
const ACTIONS = { '/pull': diskBody, '/insert': diskBody, '/unplug': cableBody, '/replug': cableBody, '/connect': cableBody } as const;

export interface RackHands {
  url: string;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return JSON.parse(text);
}

export async function startRackHands(rack: Rack, cables: SwitchBinding, spares: readonly SpareNode[] = []): Promise<RackHands> {
  const server = createServer((req, res) => {
    const answer = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    void (async () => {
      const action = req.url as keyof typeof ACTIONS;
      if (req.method !== 'POST' || !Object.hasOwn(ACTIONS, action))
        return answer(404, { error: `POST ${Object.keys(ACTIONS).join(', ')}` });
      const parsed = ACTIONS[action].safeParse(await body(req).catch(() => null));
      if (!parsed.success) return answer(400, { error: parsed.error.issues.map((i) => i.message).join('; ') });
      const { node, reach } = parsed.data;
      if (action === '/connect') {
        // a node delivered powered off: cabled (the storage network is there) and its power button pressed
        const spare = spares.find((s) => s.name === node);
        if (!spare)
          return answer(404, {
            error: `no node ${node} delivered unconnected at this rack (${spares.map((s) => s.name).join(', ') || 'none'})`,
          });
        const r = await spare.pressPowerButton(reach);
        return answer(r.ok ? 200 : 409, r);
      }
      const n = rack.nodes.get(node);
      if (!n) return answer(404, { error: `no node ${node} in this rack` });
      if (action === '/unplug' || action === '/replug') {
        const port = cables.portOf(node);
        if (port === undefined) return answer(404, { error: `${node} is not cabled to the switch` });
        // a node restarted since (a power loss) has another host interface: the port follows it first
        if (reach === 'core') await cables.refresh();
        const connected = action === '/replug';
        const r = reach === 'twin-only' ? cables.twin.setCable(port, connected) : await cables.setCable(port, connected);
        return answer(r.ok ? 200 : 409, r);
      }
      const { slot } = parsed.data as z.infer<typeof diskBody>;
      if (reach === 'twin-only') {
        const r = action === '/pull' ? n.twin.pullDisk(slot) : n.twin.insertDisk(slot, 'same');
        return answer(r.ok ? 200 : 409, r);
      }
      const r = action === '/pull' ? await n.binding.pull(slot) : await n.binding.insert(slot, 'same');
      return answer(r.ok ? 200 : 409, r);
    })().catch((e: Error) => answer(500, { error: e.message }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
