// The GlusterFS core image (issue 14), built like the reference core's with no pull: a
// debootstrap minbase rootfs of Debian bookworm with glusterfs-server (10.3) plus our
// entrypoint, imported with `docker import`. The tag is a hash of the recipe, so the image
// is rebuilt only when the recipe changes. amd64 only: a foreign-architecture node would
// need a `--foreign` recipe like the reference core's, and none is asked for yet.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildImage, tagOf, type BuildResult, type ImageRecipe } from '../image-build';

const here = fileURLToPath(new URL('.', import.meta.url));
export const GLUSTER_ENTRYPOINT_PATH = join(here, 'entrypoint.sh');

export const GLUSTER_IMAGE_REPO = 'accept-harness/glusterfs';

/** where the entrypoint looks for the node's bays (the bind mount's target) */
export const GLUSTER_BAY_ROOT = '/gluster/bays';

export function glusterRecipe(): ImageRecipe {
  return {
    suite: 'bookworm',
    arch: 'amd64',
    // glusterfs-server: glusterd, glusterfsd, the gluster CLI (and the FUSE client as a dependency)
    // attr: getfattr/setfattr, to read a brick's trusted.* attributes during an investigation
    // procps/iproute2: ps, pkill, ip, as in the reference image
    packages: ['glusterfs-server', 'attr', 'procps', 'iproute2'],
    entrypoint: readFileSync(GLUSTER_ENTRYPOINT_PATH, 'utf8'),
  };
}

/**
 * State a package's maintainer scripts may leave in the rootfs that must not be shared by
 * every container of the image: glusterd.info holds the node's UUID, and two peers with
 * one UUID cannot probe each other ("is localhost").
 */
const PER_NODE_STATE = ['var/lib/glusterd/glusterd.info', 'var/lib/glusterd/secure-access', 'var/log/glusterfs'];

/** what shapes the build besides the recipe: part of the tag */
const BUILD = {
  perNodeState: PER_NODE_STATE,
  folders: ['var/log/glusterfs', GLUSTER_BAY_ROOT.slice(1)],
  mustHave: 'usr/sbin/glusterd',
};

export const glusterRecipeTag = (recipe: ImageRecipe = glusterRecipe()): string => tagOf(GLUSTER_IMAGE_REPO, recipe, BUILD);

/** Builds the GlusterFS image unless an image with the recipe's tag already exists. */
export function ensureGlusterImage(
  workRoot: string,
  log: (msg: string) => void,
  recipe: ImageRecipe = glusterRecipe(),
): Promise<BuildResult> {
  if (recipe.foreignFinish !== undefined) throw new Error('the GlusterFS image has no foreign-architecture recipe');
  return buildImage(workRoot, log, {
    recipe,
    tag: glusterRecipeTag(recipe),
    describe: `debootstrap ${recipe.suite}/${recipe.arch} with glusterfs-server, about a minute`,
    ...BUILD,
  });
}
