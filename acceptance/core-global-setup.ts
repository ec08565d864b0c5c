// Global set-up of the 'core' test project: the machine must be ready (./setup), the
// reference image is built if its recipe changed, and leftovers of dead runs are swept.
import type { TestProject } from 'vitest/node';
import { preflight } from '../sim/preflight';
import { workRoot } from '../lib/paths';
import { ensureCoreImage } from '../sim/core/cores';
import { sweep } from '../sim/topology/reaper';

declare module 'vitest' {
  export interface ProvidedContext {
    coreImage: string;
  }
}

export default async function setup(project: TestProject) {
  await preflight();
  await sweep(workRoot());
  const img = await ensureCoreImage(workRoot(), (m) => process.stderr.write(m + '\n'));
  if (img.built) process.stderr.write(`core image ${img.tag} built in ${img.seconds.toFixed(1)} s\n`);
  project.provide('coreImage', img.tag);
  return async () => {
    await sweep(workRoot());
  };
}
