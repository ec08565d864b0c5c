// A core's image, built here with no pull: a debootstrap minbase rootfs of Debian with the
// core's packages plus its entrypoint, imported with `docker import`. The tag is a hash of the
// recipe under the core's repository name, so an image is rebuilt only when its recipe changes.
// Each core (sim/core/<name>/image.ts) has its recipe; this builds any of them.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../exec';

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

/** `<repo>:<arch>-<12 hex of the SHA-256 of the recipe (and of what else shapes the build, when given)>` */
export function tagOf(repo: string, recipe: ImageRecipe, build?: Omit<ImageBuild, 'recipe' | 'tag' | 'describe'>): string {
  const h = createHash('sha256')
    .update(JSON.stringify(build === undefined ? recipe : { recipe, build }))
    .digest('hex')
    .slice(0, 12);
  return `${repo}:${recipe.arch}-${h}`;
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

export interface ImageBuild {
  recipe: ImageRecipe;
  tag: string;
  /** the log line's words for what is built ('debootstrap bookworm/amd64, about a minute') */
  describe: string;
  /** paths in the rootfs that every container of the image must not share (a node's identity), removed */
  perNodeState?: readonly string[];
  /** folders the image must have (mount targets), made */
  folders?: readonly string[];
  /** a file the rootfs must hold once debootstrap is done (the core's daemon): else the build fails naming it */
  mustHave?: string;
}

/** Builds the image unless an image with its tag already exists. */
export async function buildImage(workRoot: string, log: (msg: string) => void, b: ImageBuild): Promise<BuildResult> {
  const { recipe, tag } = b;
  const t0 = Date.now();
  if (await imageExists(tag)) return { tag, built: false, seconds: 0 };
  const mirror = debianMirror(recipe.suite);
  const rootfs = join(workRoot, `rootfs-${tag.replace(/[/:]/g, '-')}`);
  rmSync(rootfs, { recursive: true, force: true });
  mkdirSync(rootfs, { recursive: true });
  const foreign = recipe.foreignFinish !== undefined;
  log(`building core image ${tag} (${b.describe})`);
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
      { timeoutMs: 15 * 60_000 },
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
    if (b.mustHave && !existsSync(join(rootfs, b.mustHave))) throw new Error(`debootstrap gave a rootfs without ${b.mustHave} (${tag})`);
    // the recipe's own copy of the entrypoint (the one its tag hashes)
    const entry = join(rootfs, 'usr/local/sbin/accept-entry');
    writeFileSync(entry, recipe.entrypoint);
    chmodSync(entry, 0o755);
    for (const p of b.perNodeState ?? []) rmSync(join(rootfs, p), { recursive: true, force: true });
    for (const f of b.folders ?? []) mkdirSync(join(rootfs, f), { recursive: true });
    // apt caches are not part of what the image needs
    rmSync(join(rootfs, 'var/cache/apt/archives'), { recursive: true, force: true });
    await run(
      'sh',
      [
        '-c',
        `tar -C ${JSON.stringify(rootfs)} -c . | docker import -c 'ENTRYPOINT ["/usr/local/sbin/accept-entry"]' -c 'LABEL accept-harness.recipe=${tag}' - ${tag}`,
      ],
      { timeoutMs: 10 * 60_000 },
    );
  } finally {
    rmSync(rootfs, { recursive: true, force: true });
  }
  return { tag, built: true, seconds: (Date.now() - t0) / 1000 };
}
