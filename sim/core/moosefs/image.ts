// The reference-core image, built here with no pull: a debootstrap minbase rootfs with
// Debian's MooseFS packages plus our entrypoint, imported with `docker import`. The tag
// is a hash of the recipe, so the image is rebuilt only when the recipe changes.
// amd64: debootstrap's two stages, every maintainer script run (about a minute).
// arm64 (one storage node, T7): the second stage would run dpkg and every maintainer
// script under qemu user-mode emulation (607 s on 2 cores busy with a core suite, 4 CPU-
// minutes); instead `debootstrap --foreign` downloads and extracts the required set, and
// foreign-rootfs.sh unpacks the rest with the host's dpkg-deb and does on the host what
// the node needs of the maintainer scripts (119 s on the same busy cores, 1 CPU-minute,
// most of it debootstrap resolving and downloading).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, copyFileSync, chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../exec';

const here = fileURLToPath(new URL('.', import.meta.url));
export const ENTRYPOINT_PATH = join(here, 'entrypoint.sh');
export const FOREIGN_FINISH_PATH = join(here, 'foreign-rootfs.sh');

export interface ImageRecipe {
  suite: string;
  arch: string;
  packages: string[];
  /** content of the entrypoint script; part of the hash */
  entrypoint: string;
  /**
   * How the rootfs is made when not by debootstrap's two stages: `debootstrap --foreign`,
   * then this script (content, part of the hash) run on the host with the rootfs as its
   * argument. Absent: plain debootstrap (and the amd64 recipe, hence its tag, as before).
   */
  foreignFinish?: string;
}

export function referenceRecipe(arch = 'amd64'): ImageRecipe {
  const entrypoint = readFileSync(ENTRYPOINT_PATH, 'utf8');
  // procps/iproute2: so a person can look inside a node (ps, ip) during an investigation
  if (arch === 'amd64')
    return {
      suite: 'bookworm',
      arch,
      packages: ['moosefs-master', 'moosefs-chunkserver', 'moosefs-cli', 'procps', 'iproute2'],
      entrypoint,
    };
  // a foreign architecture runs only storage nodes (ROLE=chunkserver; the master, mfscli
  // and the clients are amd64), so neither the master nor mfscli and its Python
  return {
    suite: 'bookworm',
    arch,
    packages: ['moosefs-chunkserver', 'procps', 'iproute2'],
    entrypoint,
    foreignFinish: readFileSync(FOREIGN_FINISH_PATH, 'utf8'),
  };
}

export const IMAGE_REPO = 'accept-harness/moosefs';

export function recipeTag(recipe: ImageRecipe): string {
  const h = createHash('sha256').update(JSON.stringify(recipe)).digest('hex').slice(0, 12);
  return `${IMAGE_REPO}:${recipe.arch}-${h}`;
}

/**
 * The Debian mirror this machine's apt already uses, read at run time (never written
 * into the repository). Understands deb822 `.sources` files and one-line `sources.list`.
 */
export function debianMirror(suite: string, aptDir = '/etc/apt'): string {
  const files: string[] = [];
  const listD = join(aptDir, 'sources.list.d');
  if (existsSync(listD)) for (const f of readdirSync(listD).sort()) if (/\.(sources|list)$/.test(f)) files.push(join(listD, f));
  if (existsSync(join(aptDir, 'sources.list'))) files.push(join(aptDir, 'sources.list'));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.sources')) {
      for (const stanza of text.split(/\n\s*\n/)) {
        const field = (name: string) =>
          stanza
            .match(new RegExp(`^${name}:\\s*(.+)$`, 'mi'))?.[1]
            ?.trim()
            .split(/\s+/) ?? [];
        if (!field('Types').includes('deb') || /^Enabled:\s*no/im.test(stanza)) continue;
        if (field('Suites').includes(suite) && field('Components').includes('main')) {
          const uri = field('URIs')[0];
          if (uri) return uri;
        }
      }
    } else {
      for (const line of text.split('\n')) {
        const m = line.match(/^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s+(.*)$/);
        if (m && m[2] === suite && m[3]!.split(/\s+/).includes('main')) return m[1]!;
      }
    }
  }
  throw new Error(
    `no Debian '${suite} main' source found in ${aptDir}/sources.list{,.d}; the core image is built from the machine's own apt mirror`,
  );
}

export async function imageExists(tag: string): Promise<boolean> {
  const r = await run('docker', ['image', 'inspect', tag], { allowFailure: true });
  return r.code === 0;
}

export interface BuildResult {
  tag: string;
  built: boolean;
  seconds: number;
}

/** Builds the image unless an image with the recipe's tag already exists. */
export async function ensureCoreImage(workRoot: string, log: (msg: string) => void, recipe = referenceRecipe()): Promise<BuildResult> {
  const tag = recipeTag(recipe);
  const t0 = Date.now();
  if (await imageExists(tag)) return { tag, built: false, seconds: 0 };
  const mirror = debianMirror(recipe.suite);
  const rootfs = join(workRoot, `rootfs-${tag.split(':')[1]}`);
  rmSync(rootfs, { recursive: true, force: true });
  mkdirSync(rootfs, { recursive: true });
  const foreign = recipe.foreignFinish !== undefined;
  log(
    `building core image ${tag} (debootstrap ${recipe.suite}/${recipe.arch}${foreign ? ' --foreign, unpacked on the host, about 2 minutes' : ', about a minute'})`,
  );
  try {
    await run(
      'debootstrap',
      [
        ...(foreign ? ['--foreign'] : []),
        '--variant=minbase',
        `--arch=${recipe.arch}`,
        `--include=${recipe.packages.join(',')}`,
        recipe.suite,
        rootfs,
        mirror,
      ],
      {
        timeoutMs: 15 * 60_000,
      },
    );
    if (foreign) {
      // the recipe's own copy of the script (the one its tag hashes), not the file as it is now
      const script = join(workRoot, `finish-${tag.split(':')[1]}.sh`);
      writeFileSync(script, recipe.foreignFinish!);
      try {
        await run('sh', [script, rootfs], { timeoutMs: 10 * 60_000 });
      } finally {
        rmSync(script, { force: true });
      }
    }
    const entry = join(rootfs, 'usr/local/sbin/accept-entry');
    copyFileSync(ENTRYPOINT_PATH, entry);
    chmodSync(entry, 0o755);
    // apt caches are not part of what the image needs
    rmSync(join(rootfs, 'var/cache/apt/archives'), { recursive: true, force: true });
    await run(
      'sh',
      [
        '-c',
        `tar -C ${JSON.stringify(rootfs)} -c . | docker import -c 'ENTRYPOINT ["/usr/local/sbin/accept-entry"]' -c 'LABEL accept-harness.recipe=${tag}' - ${tag}`,
      ],
      {
        timeoutMs: 10 * 60_000,
      },
    );
  } finally {
    rmSync(rootfs, { recursive: true, force: true });
  }
  return { tag, built: true, seconds: (Date.now() - t0) / 1000 };
}
