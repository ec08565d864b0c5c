// The storage cores the harness can start: the one module outside an implementation that
// names one. A vendor's core is added here beside the reference (README, "Adding a core").
import type { StartCore } from './adapter';
import { MooseCluster } from './moosefs/cluster';
import { ensureCoreImage, recipeTag, referenceRecipe } from './moosefs/image';
import { ensureGlusterImage, glusterRecipeTag } from './glusterfs/image';
import type { BuildResult } from './image-build';

/** The reference core: MooseFS from Debian, in local containers. */
export const startReferenceCore: StartCore = (spec) => MooseCluster.start(spec);

// the reference core's image and the arm64 emulation its foreign nodes need (built here, never pulled)
export { ensureCoreImage, imageExists, recipeTag, referenceRecipe } from './moosefs/image';

/** Each core's image: its tag for an architecture, and its build (issue 14: GlusterFS's image comes before its adapter). */
export const CORE_IMAGES = {
  moosefs: {
    archs: ['amd64', 'arm64'],
    tag: (arch: string) => recipeTag(referenceRecipe(arch)),
    ensure: (root: string, log: (m: string) => void, arch: string) => ensureCoreImage(root, log, referenceRecipe(arch)),
  },
  glusterfs: {
    archs: ['amd64'],
    tag: () => glusterRecipeTag(),
    ensure: (root: string, log: (m: string) => void) => ensureGlusterImage(root, log),
  },
} as const satisfies Record<
  string,
  {
    archs: readonly string[];
    tag: (arch: string) => string;
    ensure: (root: string, log: (m: string) => void, arch: string) => Promise<BuildResult>;
  }
>;
export type CoreName = keyof typeof CORE_IMAGES;
export const CORE_NAMES = Object.keys(CORE_IMAGES) as CoreName[];
export { EmulationUnavailable, ensureArm64Emulation } from './moosefs/binfmt';
