import { describe, expect, it } from 'vitest';
import { diskReadyForRemoval, parseRemovalState } from './removal';
import { drained } from '../adapter';

// captured from MooseFS 3.0.117 (mfscli -SCS -p) during a drain
const MARKED = [
  'chunk servers:\t172.19.0.3\t9422\t1\t-\t3.0.117\t0\tmaintenance_off\t150\t567631872\t3000827904\t-\t0\t0\t0',
  'chunk servers:\t172.19.0.5\t9422\t2\t-\t3.0.117\t0\tmaintenance_off\t0\t0\t0\tNOT READY\t100\t514793472\t3000827904',
].join('\n');
const GONE = [
  'chunk servers:\t172.19.0.3\t9422\t1\t-\t3.0.117\t0\tmaintenance_off\t150\t567631872\t3000827904\t-\t0\t0\t0',
  '',
  'Disconnected chunk servers:\t172.19.0.5\t9422\t2\tmaintenance_temp_on',
].join('\n');

describe('parseRemovalState', () => {
  it('reads the marked-for-removal columns of a draining node and the regular ones of another', () => {
    expect(parseRemovalState(MARKED, '172.19.0.5')).toEqual({
      seen: 'connected',
      port: 9422,
      regularChunks: 0,
      removal: 'NOT READY',
      markedChunks: 100,
    });
    expect(parseRemovalState(MARKED, '172.19.0.3')).toEqual({
      seen: 'connected',
      port: 9422,
      regularChunks: 150,
      removal: '-',
      markedChunks: 0,
    });
  });
  it('tells a disconnected node from one not listed at all', () => {
    expect(parseRemovalState(GONE, '172.19.0.5')).toMatchObject({ seen: 'disconnected', port: 9422 });
    expect(parseRemovalState(GONE, '172.19.0.9')).toMatchObject({ seen: 'absent', port: null });
  });
  it('a node is ready only when every disk says so', () => {
    expect(drained({ diskReadyForRemoval }, ['marked for removal (ready)', 'marked for removal (ready)'])).toBe(true);
    expect(drained({ diskReadyForRemoval }, ['marked for removal (ready)', 'marked for removal (not ready)'])).toBe(false);
    expect(drained({ diskReadyForRemoval }, [])).toBe(false);
  });
});
