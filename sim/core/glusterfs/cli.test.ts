// The gluster CLI's XML as GlusterFS 10.3 wrote it on this machine (trimmed), read into rows;
// a refusal, a busy volume or text where XML was asked for is an error, never an empty list.
import { describe, expect, it } from 'vitest';
import { cliOutput, healInfo, poolList, quotaLimit, volumeLayout } from './cli';

const doc = (body: string, ret = '0', err = '') =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cliOutput>${body}<opRet>${ret}</opRet><opErrno>0</opErrno><opErrstr>${err}</opErrstr></cliOutput>`;

describe('the gluster CLI read', () => {
  it('heal info: per brick its entries (files named with their gfid attribute), its status, a down brick with no count', () => {
    const xml = doc(`<healInfo><bricks>
      <brick hostUuid="a"><name>10.0.0.2:/gluster/bays/bay00/brick</name><file gfid="0001">/</file><file gfid="249c">/h5</file><status>Connected</status><numberOfEntries>2</numberOfEntries></brick>
      <brick hostUuid="-"><name>10.0.0.3:/gluster/bays/bay00/brick</name><status>Transport endpoint is not connected</status><numberOfEntries>-</numberOfEntries></brick>
    </bricks></healInfo>`);
    expect(healInfo(xml)).toEqual([
      {
        brick: '10.0.0.2:/gluster/bays/bay00/brick',
        status: 'Connected',
        entries: [
          { path: '/', gfid: '0001' },
          { path: '/h5', gfid: '249c' },
        ],
        count: 2,
      },
      { brick: '10.0.0.3:/gluster/bays/bay00/brick', status: 'Transport endpoint is not connected', entries: [], count: null },
    ]);
  });

  it('heal info split-brain: the same shape, a gfid-only entry with its gfid', () => {
    const xml = doc(`<healInfo><bricks>
      <brick hostUuid="8d40"><name>172.27.0.3:/gluster/bays/bay01/brick</name><file gfid="a423710b">/sb.bin</file><status>Connected</status><numberOfEntries>1</numberOfEntries></brick>
      <brick hostUuid="98cc"><name>172.27.0.5:/gluster/bays/bay00/brick</name><file gfid="a423710b">&lt;gfid:a423710b&gt;</file><status>Connected</status><numberOfEntries>1</numberOfEntries></brick>
    </bricks></healInfo>`);
    expect(healInfo(xml, 'volume heal info split-brain').map((b) => b.entries)).toEqual([
      [{ path: '/sb.bin', gfid: 'a423710b' }],
      [{ path: '<gfid:a423710b>', gfid: 'a423710b' }],
    ]);
  });

  it('volume info: the bricks in order (mixed content) and the replica count; bricks that do not make whole sets are an error', () => {
    const brick = (a: string) => `<brick uuid="u">${a}<name>${a}</name><hostUuid>u</hostUuid><isArbiter>0</isArbiter></brick>`;
    const info = (bricks: string[], replica: number) =>
      doc(
        `<volInfo><volumes><volume><name>recordings</name><replicaCount>${replica}</replicaCount><bricks>${bricks.map(brick).join('')}</bricks></volume><count>1</count></volumes></volInfo>`,
      );
    expect(volumeLayout(info(['10.0.0.2:/b/bay00/brick', '10.0.0.3:/b/bay00/brick'], 2))).toEqual({
      bricks: ['10.0.0.2:/b/bay00/brick', '10.0.0.3:/b/bay00/brick'],
      replica: 2,
    });
    expect(() => volumeLayout(info(['10.0.0.2:/b/bay00/brick'], 2))).toThrow(/do not make sets/);
    expect(() => volumeLayout(info([], 2))).toThrow(/no bricks/);
  });

  it('quota list: the path’s limit and use; a limit removed (N/A) is none', () => {
    const limit = (hard: string, used: string) =>
      doc(
        `<volQuota><limit><path>/q</path><hard_limit>${hard}</hard_limit><soft_limit_percent>80%</soft_limit_percent><used_space>${used}</used_space></limit></volQuota>`,
      );
    expect(quotaLimit(limit('3145728', '2097152'), '/q')).toEqual({ hardLimit: 3145728, used: 2097152 });
    expect(quotaLimit(limit('N/A', 'N/A'), '/q')).toBeNull();
    expect(quotaLimit(limit('3145728', '0'), '/other')).toBeNull();
    expect(quotaLimit(doc('<volQuota/>'), '/q')).toBeNull();
    expect(() => quotaLimit(limit('3145728', 'N/A'), '/q')).toThrow(/no count of its use/);
  });

  it('pool list: connected or not, and the state in the cluster, by host (as GlusterFS 10.3 writes it)', () => {
    const xml = doc(
      `<peerStatus><peer><uuid>1</uuid><hostname>10.0.0.2</hostname><hostnames><hostname>10.0.0.2</hostname></hostnames><connected>1</connected><state>3</state><stateStr>Peer in Cluster</stateStr></peer>` +
        `<peer><uuid>2</uuid><hostname>10.0.0.3</hostname><connected>1</connected><state>4</state><stateStr>Accepted peer request</stateStr></peer>` +
        `<peer><uuid>3</uuid><hostname>10.0.0.4</hostname><connected>0</connected></peer><peer><uuid>4</uuid><hostname>localhost</hostname><connected>1</connected></peer></peerStatus>`,
    );
    expect(poolList(xml)).toEqual([
      { host: '10.0.0.2', connected: true, state: 'Peer in Cluster' },
      { host: '10.0.0.3', connected: true, state: 'Accepted peer request' },
      { host: '10.0.0.4', connected: false, state: null },
      { host: 'localhost', connected: true, state: null },
    ]);
  });

  it('a refusal (a busy volume answers with exit 0), text where XML was asked for, or no cliOutput is an error with the CLI’s words', () => {
    expect(() => cliOutput(doc('', '-1', 'Another transaction is in progress for recordings.'), 'volume status')).toThrow(
      /refused \(-1\): Another transaction/,
    );
    expect(() => cliOutput('Error : Request timed out', 'volume status')).toThrow(/no cliOutput|not XML/);
    expect(() => healInfo(doc('<healInfo><bricks><brick><status>Connected</status></brick></bricks></healInfo>'))).toThrow();
  });
});
