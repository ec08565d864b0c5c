import { describe, expect, it } from 'vitest';
import { parseConnections, seenOf } from './connections';

// captured from MooseFS 3.0.117 `mfscli -SCS -p` while 172.20.0.3's switch port was down
const CS = `chunk servers:\t172.20.0.4\t9422\t2\t-\t3.0.117\t0\tmaintenance_off\t0\t269561856\t947548160\t-\t0\t0\t0
chunk servers:\t172.20.0.5\t9422\t3\t-\t3.0.117\t0\tmaintenance_off\t0\t269561856\t947548160\t-\t0\t0\t0


Disconnected chunk servers:\t172.20.0.3\t9422\t1\tmaintenance_off
`;

describe('chunkserver connections as the master lists them', () => {
  it('separates connected from disconnected servers', () => {
    const c = parseConnections(CS);
    expect(c).toEqual({ connected: ['172.20.0.4', '172.20.0.5'], disconnected: ['172.20.0.3'] });
    expect(seenOf(c, '172.20.0.3')).toBe('disconnected');
    expect(seenOf(c, '172.20.0.4')).toBe('connected');
    expect(seenOf(c, '172.20.0.9')).toBe('absent');
    expect(parseConnections('')).toEqual({ connected: [], disconnected: [] });
  });
});
