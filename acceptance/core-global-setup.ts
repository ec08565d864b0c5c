// Global set-up of the 'core' test project: the machine must be ready (./setup), the
// cores' images are built if their recipes changed, and leftovers of dead runs are swept.
import type { TestProject } from 'vitest/node';
import { preflight } from '../sim/preflight';
import { workRoot } from '../lib/paths';
import { CORES, CORE_NAMES, type CoreName } from '../sim/core/cores';
import { sweep } from '../sim/topology/reaper';

declare module 'vitest' {
  export interface ProvidedContext {
    /** the reference core's image */
    coreImage: string;
    /** every core's amd64 image, for the files that run against each (conformance) */
    coreImages: Record<CoreName, string>;
  }
}

export default async function setup(project: TestProject) {
  await preflight();
  await sweep(workRoot());
  const images = {} as Record<CoreName, string>;
  for (const name of CORE_NAMES) {
    const built = await CORES[name].ensure(workRoot(), (m) => process.stderr.write(m + '\n'), 'amd64');
    if (built.built) process.stderr.write(`${name} image ${built.tag} built in ${built.seconds.toFixed(1)} s\n`);
    images[name] = built.tag;
  }
  project.provide('coreImages', images);
  project.provide('coreImage', images.moosefs);
  return async () => {
    await sweep(workRoot());
  };
}
