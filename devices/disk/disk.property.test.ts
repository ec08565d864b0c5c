import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { newDisk, type DiskCounters } from './disk-state';
import { advanceDisk, crcBurst, powerOffDisk, powerOnDisk, resolveDegradation, shockDisk } from './degradation';
import { grade, gradeLevel, GRADE_ORDER, GRADE_RULES, type GradingInput } from './grading';

// Counters that only grow (smart-attributes.ts): 1, 5, 9, 12, 174, 191, 192, 198, 199.
// 197 is a gauge (pending sectors are cleared or remapped by a rewrite), so it may drop,
// but never below 0 and never above the sectors ever raised.
const MONOTONE: (keyof DiskCounters)[] = [
  'readErrors',
  'reallocated',
  'powerOnHours',
  'powerCycles',
  'unexpectedPowerLoss',
  'gSense',
  'powerOffRetracts',
  'offlineUncorrectable',
  'crcErrors',
];

const op = fc.oneof(
  fc.record({
    kind: fc.constant('advance' as const),
    hours: fc.double({ min: 0.01, max: 500, noNaN: true }),
    target: fc.integer({ min: 20, max: 60 }),
  }),
  fc.record({ kind: fc.constant('powerOff' as const), unexpected: fc.boolean() }),
  fc.record({ kind: fc.constant('shock' as const), n: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('crc' as const), n: fc.integer({ min: 1, max: 5 }) }),
);

describe('disk counters (property)', () => {
  // high acceleration so that short runs go through every stage
  const p = resolveDegradation({ acceleration: 300 });

  it('monotone counters never decrease; 197 stays within [0, raised]', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 8 }), fc.array(op, { maxLength: 60 }), (seed, ops) => {
        const d = newDisk({ seed, component: 'disk/prop/0' });
        for (const o of ops) {
          const before = { ...d.c };
          if (o.kind === 'advance') advanceDisk(d, o.hours, o.target, p);
          else if (o.kind === 'powerOff') {
            powerOffDisk(d, o.unexpected ? 'unexpected' : 'graceful');
            powerOnDisk(d);
          } else if (o.kind === 'shock') shockDisk(d, o.n);
          else crcBurst(d, o.n);
          for (const k of MONOTONE) expect(d.c[k], k).toBeGreaterThanOrEqual(before[k]);
          expect(d.c.pending).toBeGreaterThanOrEqual(0);
          expect(d.c.pending).toBeLessThanOrEqual(d.pendingRaised);
        }
      }),
    );
  });
});

const gradingInput = fc.record({
  responding: fc.boolean(),
  smartPassed: fc.boolean(),
  reallocated: fc.nat(3000),
  pending: fc.nat(100),
  offlineUncorrectable: fc.nat(100),
  crcErrors: fc.nat(1000),
  gSense: fc.nat(500),
  temperatureC: fc.integer({ min: 10, max: 80 }),
});

describe('health grading (property)', () => {
  it('is monotone in every counter it uses and in the two failure flags', () => {
    const signals = GRADE_RULES.map((r) => r.signal);
    fc.assert(
      fc.property(gradingInput, fc.constantFrom(...signals), fc.nat(1000), (input: GradingInput, signal, more) => {
        expect(gradeLevel(input)).toBe(grade(input).grade); // the fast path agrees with the rules
        const worse = { ...input, [signal]: input[signal] + more };
        expect(GRADE_ORDER[grade(worse).grade]).toBeGreaterThanOrEqual(GRADE_ORDER[grade(input).grade]);
        for (const flag of ['responding', 'smartPassed'] as const) {
          expect(GRADE_ORDER[grade({ ...input, [flag]: false }).grade]).toBeGreaterThanOrEqual(GRADE_ORDER[grade(input).grade]);
        }
      }),
    );
  });
});
