import { describe, expect, it } from 'vitest';
import { glusterRecipe, glusterRecipeTag } from './image';

describe('GlusterFS core image recipe', () => {
  it("Debian's glusterfs-server with its entrypoint, tagged by a hash of the recipe in its own repository", () => {
    const r = glusterRecipe();
    expect(r).toMatchObject({ suite: 'bookworm', arch: 'amd64' });
    expect(r.packages).toContain('glusterfs-server');
    expect(r.entrypoint).toMatch(/exec glusterd -N/);
    expect(glusterRecipeTag(r)).toMatch(/^accept-harness\/glusterfs:amd64-[0-9a-f]{12}$/);
    expect(glusterRecipeTag({ ...r, entrypoint: r.entrypoint + '\n' })).not.toBe(glusterRecipeTag(r));
  });
});
