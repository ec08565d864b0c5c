// The storage cores the harness can start: the one module outside an implementation that
// names one. A vendor's core is added here beside the reference (README, "Adding a core").
import type { StartCore } from './adapter';
import { MooseCluster } from './moosefs/cluster';

/** The reference core: MooseFS from Debian, in local containers. */
export const startReferenceCore: StartCore = (spec) => MooseCluster.start(spec);

// the reference core's image and the arm64 emulation its foreign nodes need (built here, never pulled)
export { ensureCoreImage, imageExists, recipeTag, referenceRecipe } from './moosefs/image';
export { EmulationUnavailable, ensureArm64Emulation } from './moosefs/binfmt';
