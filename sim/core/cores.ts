// The storage cores the harness can start: the one module outside an implementation that
// names one. A vendor's core is added here beside the reference (README, "Adding a core").
import type { CoreView, StartCore } from './adapter';
import { moosefsView } from './moosefs/remote-view';
import { ensureCoreImage, recipeTag, referenceRecipe } from './moosefs/image';
import { ensureGlusterImage, glusterRecipeTag } from './glusterfs/image';
import type { BuildResult } from './image-build';

/** The reference core: MooseFS from Debian, in local containers. */
// each implementation is loaded when a cluster of it starts: naming the cores (every command's
// --help) does not load their clients and parsers
export const startReferenceCore: StartCore = async (spec) => (await import('./moosefs/cluster')).MooseCluster.start(spec);

// the reference core's image and the arm64 emulation its foreign nodes need (built here, never pulled)
export { ensureCoreImage, imageExists, recipeTag, referenceRecipe } from './moosefs/image';

/** Each core the harness can start: its name in reports, its start, its image's tag for an architecture, and its build. */
export const CORES = {
  moosefs: {
    title: 'MooseFS (reference)',
    start: startReferenceCore,
    archs: ['amd64', 'arm64'],
    tag: (arch: string) => recipeTag(referenceRecipe(arch)),
    ensure: (root: string, log: (m: string) => void, arch: string) => ensureCoreImage(root, log, referenceRecipe(arch)),
    /** a delivered MooseFS system's own view, through its master's address (field mode) */
    view: moosefsView,
  },
  glusterfs: {
    title: 'GlusterFS',
    start: async (spec) => (await import('./glusterfs/cluster')).GlusterCluster.start(spec),
    archs: ['amd64'],
    tag: () => glusterRecipeTag(),
    ensure: (root: string, log: (m: string) => void) => ensureGlusterImage(root, log),
  },
} as const satisfies Record<
  string,
  {
    title: string;
    start: StartCore;
    archs: readonly string[];
    tag: (arch: string) => string;
    ensure: (root: string, log: (m: string) => void, arch: string) => Promise<BuildResult>;
    /** the core's own view of a system of it that the harness did not start, from its management address */
    view?: (management: string) => CoreView;
  }
>;
export type CoreName = keyof typeof CORES;
export const CORE_NAMES = Object.keys(CORES) as CoreName[];
export { EmulationUnavailable, ensureArm64Emulation } from './moosefs/binfmt';
