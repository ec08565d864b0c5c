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
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildImage, tagOf, type BuildResult, type ImageRecipe } from '../image-build';

export { imageExists, type BuildResult, type ImageRecipe } from '../image-build';

const here = fileURLToPath(new URL('.', import.meta.url));
export const ENTRYPOINT_PATH = join(here, 'entrypoint.sh');
export const FOREIGN_FINISH_PATH = join(here, 'foreign-rootfs.sh');

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

export const recipeTag = (recipe: ImageRecipe): string => tagOf(IMAGE_REPO, recipe);

/** Builds the image unless an image with the recipe's tag already exists. */
export function ensureCoreImage(workRoot: string, log: (msg: string) => void, recipe = referenceRecipe()): Promise<BuildResult> {
  const foreign = recipe.foreignFinish !== undefined;
  return buildImage(workRoot, log, {
    recipe,
    tag: recipeTag(recipe),
    describe: `debootstrap ${recipe.suite}/${recipe.arch}${foreign ? ' --foreign, unpacked on the host, about 2 minutes' : ', about a minute'}`,
  });
}
