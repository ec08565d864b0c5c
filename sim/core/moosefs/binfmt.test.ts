import { describe, expect, it } from 'vitest';
import { parseBinfmtEntry, registrationLine, EmulationUnavailable } from './binfmt';

const DEBIAN =
  ':qemu-aarch64:M::\\x7f\\x45\\x4c\\x46\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\xb7\\x00:\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff:/usr/libexec/qemu-binfmt/aarch64-binfmt-P:OPF\n';

describe('binfmt_misc registration of qemu-aarch64', () => {
  it("keeps Debian's line and insists on the F flag", () => {
    expect(registrationLine(DEBIAN)).toBe(DEBIAN.trim());
    const noF = DEBIAN.replace(':OPF', ':OP');
    expect(registrationLine(noF).endsWith(':OPF')).toBe(true);
    expect(() => registrationLine('# nothing here\n')).toThrow(EmulationUnavailable);
  });
  it('reads the kernel entry', () => {
    const s = parseBinfmtEntry('enabled\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\nflags: POF\noffset 0\n');
    expect(s).toEqual({ registered: true, enabled: true, interpreter: '/usr/libexec/qemu-binfmt/aarch64-binfmt-P', flags: 'POF' });
    expect(parseBinfmtEntry('disabled\ninterpreter /x\nflags: \n').enabled).toBe(false);
  });
});
