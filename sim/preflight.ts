// What `accept run` needs from the machine, checked before anything is created, so an
// environment problem is one clear message and exit code 2, never a half-built cluster.
// In sim/: it checks what the engine needs; cli/, acceptance/ and the benchmarks call it.
import { existsSync } from 'node:fs';
import { run } from './exec';

export class EnvironmentError extends Error {}

export async function preflight(): Promise<{ docker: string }> {
  const problems: string[] = [];
  if (process.getuid?.() !== 0) problems.push('the harness must run as root (it mounts loop devices, FUSE and bind mounts)');
  for (const tool of ['mfsmount', 'mfscli', 'mfsfileinfo', 'mfssetgoal', 'debootstrap', 'mkfs.ext4', 'losetup', 'chattr']) {
    const r = await run('sh', ['-c', `command -v ${tool}`], { allowFailure: true });
    if (r.code !== 0) problems.push(`'${tool}' is not installed`);
  }
  if (!existsSync('/dev/fuse')) problems.push('/dev/fuse is missing (FUSE is needed by mfsmount)');
  let docker = 'unknown';
  const d = await run('docker', ['version', '--format', '{{.Server.Version}}'], { allowFailure: true, timeoutMs: 15_000 }).catch(
    () => null,
  );
  if (!d || d.code !== 0) problems.push('the Docker engine does not answer (docker version failed)');
  else docker = d.stdout.trim();
  if (problems.length) {
    throw new EnvironmentError(
      `this machine is not ready:\n${problems.map((p) => `  - ${p}`).join('\n')}\nrun ./setup (as root) first: it installs and starts what is missing.`,
    );
  }
  return { docker };
}
