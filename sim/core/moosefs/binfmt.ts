// arm64 storage nodes run under qemu user-mode emulation. The kernel must know to hand
// aarch64 ELF binaries to qemu: a binfmt_misc entry with the F (fix-binary) flag, so the
// interpreter is opened once at registration and works inside every container without a
// copy of qemu in the image. Debian's qemu-user-static ships the entry (binfmt.d format);
// with no systemd-binfmt/binfmt-support on the machine, the harness registers it itself.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const BINFMT_DIR = '/proc/sys/fs/binfmt_misc';
const ENTRY = 'qemu-aarch64';
/** where Debian's qemu-user-static puts its systemd-binfmt line */
const DEBIAN_CONF = '/usr/lib/binfmt.d/qemu-aarch64.conf';

export class EmulationUnavailable extends Error {}

export interface BinfmtState {
  registered: boolean;
  enabled: boolean;
  interpreter: string | null;
  flags: string;
}

/** Parses /proc/sys/fs/binfmt_misc/<entry>. */
export function parseBinfmtEntry(text: string): BinfmtState {
  const lines = text.split('\n');
  return {
    registered: true,
    enabled: lines[0]?.trim() === 'enabled',
    interpreter:
      lines
        .find((l) => l.startsWith('interpreter '))
        ?.slice('interpreter '.length)
        .trim() ?? null,
    flags:
      lines
        .find((l) => l.startsWith('flags:'))
        ?.slice('flags:'.length)
        .trim() ?? '',
  };
}

export function binfmtState(dir = BINFMT_DIR): BinfmtState {
  const f = `${dir}/${ENTRY}`;
  if (!existsSync(f)) return { registered: false, enabled: false, interpreter: null, flags: '' };
  return parseBinfmtEntry(readFileSync(f, 'utf8'));
}

/** Debian's registration line, with the F flag insisted on (containers have no qemu of their own). */
export function registrationLine(conf: string): string {
  const line = conf.split('\n').find((l) => l.startsWith(`:${ENTRY}:`));
  if (!line) throw new EmulationUnavailable(`no ':${ENTRY}:' line in ${DEBIAN_CONF}`);
  const fields = line.trim().split(':');
  // :name:type:offset:magic:mask:interpreter:flags  (fields[0] is empty)
  if (fields.length !== 8) throw new EmulationUnavailable(`unexpected binfmt line in ${DEBIAN_CONF}: ${line}`);
  if (!fields[7]!.includes('F')) fields[7] += 'F';
  return fields.join(':');
}

/**
 * Makes sure aarch64 binaries run (idempotent): registers Debian's qemu-aarch64 entry with
 * the F flag if it is missing, enables it if disabled. Throws EmulationUnavailable with the
 * reason when this machine cannot do it.
 */
export function ensureArm64Emulation(log: (msg: string) => void = () => undefined): BinfmtState {
  if (!existsSync(`${BINFMT_DIR}/register`))
    throw new EmulationUnavailable(`${BINFMT_DIR} is not mounted (mount -t binfmt_misc binfmt_misc ${BINFMT_DIR})`);
  let s = binfmtState();
  if (s.registered && !s.flags.includes('F')) {
    throw new EmulationUnavailable(
      `${ENTRY} is registered without the F flag (flags '${s.flags}'): containers cannot reach its interpreter; remove it (echo -1 > ${BINFMT_DIR}/${ENTRY}) and retry`,
    );
  }
  if (!s.registered) {
    if (!existsSync(DEBIAN_CONF)) throw new EmulationUnavailable(`${DEBIAN_CONF} missing: install Debian's qemu-user-static`);
    const line = registrationLine(readFileSync(DEBIAN_CONF, 'utf8'));
    try {
      writeFileSync(`${BINFMT_DIR}/register`, line);
    } catch (e) {
      throw new EmulationUnavailable(`registering ${ENTRY} in binfmt_misc failed: ${(e as Error).message} (needs root)`);
    }
    log(`registered ${ENTRY} in binfmt_misc (fix-binary)`);
    s = binfmtState();
  }
  if (!s.enabled) {
    writeFileSync(`${BINFMT_DIR}/${ENTRY}`, '1');
    s = binfmtState();
  }
  if (!s.enabled) throw new EmulationUnavailable(`${ENTRY} is registered but could not be enabled`);
  return s;
}
