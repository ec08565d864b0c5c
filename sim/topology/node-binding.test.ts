// The agreement rules between a twin and reality, on hand-made realities: every rule
// must report a disagreement when reality drifts, and none when it matches.
import { describe, expect, it } from 'vitest';
import { StorageNodeTwin, inventoryFor } from '../../devices';
import type { CoreDiskView } from './node-host';
import { bayName } from './bays';
import { parseMountinfo } from './bay-reality';
import { compareTwinWithReality, type NodeReality } from './node-binding';

const imageName = (slot: number, gen: number) => (gen === 0 ? `${bayName(slot)}.img` : `${bayName(slot)}.g${gen}.img`);

function twin24() {
  return new StorageNodeTwin({ id: 'node24', seed: 'agree', inventory: inventoryFor('SN-24A') });
}

/** The reality that matches the twin exactly. */
function mirror(t: StorageNodeTwin): NodeReality {
  const on = t.running;
  const core = new Map<string, CoreDiskView>();
  const bays = t.bays.map((b) => {
    const absent = !on || b.state === 'pulled' || b.state === 'empty';
    if (on)
      core.set(bayName(b.slot), {
        node: t.id,
        bay: bayName(b.slot),
        status: absent ? 'invalid' : b.state === 'failed' ? 'damaged' : 'ok',
        serving: !absent && b.state !== 'failed',
        chunks: 0,
        lastError: null,
      });
    return {
      slot: b.slot,
      medium: absent ? ('absent' as const) : b.state === 'failed' ? ('dead' as const) : ('working' as const),
      image: absent ? null : imageName(b.slot, b.generation),
    };
  });
  return { running: on, bays, core };
}

describe('twin vs reality', () => {
  it('agrees with a reality that matches, through pulls, blank inserts and power loss', () => {
    const t = twin24();
    expect(compareTwinWithReality(t, mirror(t), imageName)).toEqual([]);
    t.pullDisk(3);
    expect(compareTwinWithReality(t, mirror(t), imageName)).toEqual([]);
    t.insertDisk(3, 'blank');
    expect(compareTwinWithReality(t, mirror(t), imageName)).toEqual([]);
    t.failPsu(0);
    t.failPsu(1);
    expect(t.running).toBe(false);
    expect(compareTwinWithReality(t, mirror(t), imageName)).toEqual([]);
  });

  it('reports a pulled bay that is still mounted, and a core that still lists it ok', () => {
    const t = twin24();
    const real = mirror(t);
    t.pullDisk(7);
    const d = compareTwinWithReality(t, real, imageName);
    expect(d).toContain('node24 slot 07: twin pulled, real medium working (expected absent)');
    expect(d).toContain('node24 slot 07: twin pulled, core still lists it ok');
  });

  it('reports the old disk mounted after a blank replacement', () => {
    const t = twin24();
    t.pullDisk(2);
    const real = mirror(t);
    t.insertDisk(2, 'blank');
    real.bays[2] = { slot: 2, medium: 'working', image: 'bay02.img' };
    real.core.set('bay02', { node: 'node24', bay: 'bay02', status: 'ok', serving: true, chunks: 0, lastError: null });
    expect(compareTwinWithReality(t, real, imageName)).toEqual([
      'node24 slot 02: twin disk generation 1 (bay02.g1.img), real image bay02.img',
    ]);
  });

  it('reports a dead filesystem under a healthy twin disk, and a core that rejects a present disk', () => {
    const t = twin24();
    const real = mirror(t);
    real.bays[0] = { slot: 0, medium: 'dead', image: 'bay00.img' };
    real.core.set('bay05', { node: 'node24', bay: 'bay05', status: 'damaged', serving: false, chunks: 1, lastError: 'x' });
    expect(compareTwinWithReality(t, real, imageName)).toEqual([
      'node24 slot 00: twin present, real medium dead (expected working)',
      'node24 slot 05: twin present, core says damaged',
    ]);
  });

  it('reports a container still running after the twin lost power, and one stopped while the twin is on', () => {
    const t = twin24();
    const real = mirror(t);
    t.reset('ForceOff');
    const d = compareTwinWithReality(t, real, imageName);
    expect(d[0]).toBe('node24: twin says power Off, container running');
    expect(d.filter((x) => x.includes('expected absent'))).toHaveLength(24);
    const t2 = twin24();
    expect(compareTwinWithReality(t2, { ...mirror(t2), running: false }, imageName)).toEqual([
      'node24: twin says power On, container not running',
    ]);
  });
});

describe('mountinfo', () => {
  it('maps mount points to sources, decoding escapes, the last mount on a path winning', () => {
    const text = [
      '36 25 0:32 / /tmp/r/bays rw,relatime shared:5 - tmpfs tmpfs rw',
      '40 36 7:3 / /tmp/r/bays/bay03 rw,relatime shared:9 - ext4 /dev/loop3 rw',
      '41 36 7:4 / /tmp/r\\040x/bay04 rw,relatime shared:9 - ext4 /dev/loop4 rw',
      '42 36 7:9 / /tmp/r/bays/bay03 rw,relatime shared:9 - ext4 /dev/loop9 rw',
      'garbage',
    ].join('\n');
    const m = parseMountinfo(text);
    expect(m.get('/tmp/r/bays/bay03')).toBe('/dev/loop9');
    expect(m.get('/tmp/r x/bay04')).toBe('/dev/loop4');
    expect(m.has('garbage')).toBe(false);
  });
});
