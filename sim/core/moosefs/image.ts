// The reference-core image, built here with no pull: a debootstrap minbase rootfs with
// Debian's MooseFS packages plus our entrypoint, imported with `docker import`. The tag
// is a hash of the recipe, so the image is rebuilt only when the recipe changes.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, copyFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../exec';

const here = fileURLToPath(new URL('.', import.meta.url));
export const ENTRYPOINT_PATH = join(here, 'entrypoint.sh');

export interface ImageRecipe {
  suite: string;
  arch: string;
  packages: string[];
  /** content of the entrypoint script; part of the hash */
  entrypoint: string;
}

export function referenceRecipe(arch = 'amd64'): ImageRecipe {
  return {
    suite: 'bookworm',
    arch,
    // procps/iproute2: so a person can look inside a node (ps, ip) during an investigation
    packages: ['moosefs-master', 'moosefs-chunkserver', 'moosefs-cli', 'procps', 'iproute2'],
    entrypoint: readFileSync(ENTRYPOINT_PATH, 'utf8'),
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
        const field = (name: string) => stanza.match(new RegExp(`^${name}:\\s*(.+)$`, 'mi'))?.[1]?.trim().split(/\s+/) ?? [];
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
  throw new Error(`no Debian '${suite} main' source found in ${aptDir}/sources.list{,.d}; the core image is built from the machine's own apt mirror`);
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
  log(`building core image ${tag} (debootstrap ${recipe.suite}/${recipe.arch}, ${recipe.arch === 'arm64' ? 'about 10 minutes under qemu emulation on 2 cores' : 'about a minute'})`);
  try {
    await run('debootstrap', ['--variant=minbase', `--arch=${recipe.arch}`, `--include=${recipe.packages.join(',')}`, recipe.suite, rootfs, mirror], {
      timeoutMs: 15 * 60_000,
    });
    const entry = join(rootfs, 'usr/local/sbin/accept-entry');
    copyFileSync(ENTRYPOINT_PATH, entry);
    chmodSync(entry, 0o755);
    // apt caches are not part of what the image needs
    rmSync(join(rootfs, 'var/cache/apt/archives'), { recursive: true, force: true });
    await run('sh', ['-c', `tar -C ${JSON.stringify(rootfs)} -c . | docker import -c 'ENTRYPOINT ["/usr/local/sbin/accept-entry"]' -c 'LABEL accept-harness.recipe=${tag}' - ${tag}`], {
      timeoutMs: 10 * 60_000,
    });
  } finally {
    rmSync(rootfs, { recursive: true, force: true });
  }
  return { tag, built: true, seconds: (Date.now() - t0) / 1000 };
}
