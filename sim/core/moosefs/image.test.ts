import { describe, expect, it } from 'vitest';
import { recipeTag, referenceRecipe } from './image';

describe('core image recipe', () => {
  it('tags by a hash of the recipe: same recipe same tag, any change a new tag', () => {
    const r = referenceRecipe();
    expect(recipeTag(r)).toBe(recipeTag({ ...r }));
    expect(recipeTag({ ...r, packages: [...r.packages, 'strace'] })).not.toBe(recipeTag(r));
    expect(recipeTag({ ...r, entrypoint: r.entrypoint + '\n' })).not.toBe(recipeTag(r));
    expect(recipeTag(r)).toMatch(/^accept-harness\/moosefs:amd64-[0-9a-f]{12}$/);
  });
  it('amd64 keeps the plain debootstrap recipe; arm64 is a chunkserver-only foreign build whose finishing script is hashed', () => {
    const amd = referenceRecipe('amd64');
    // the same four fields as before the foreign build existed: the amd64 tag did not move
    expect(Object.keys(amd)).toEqual(['suite', 'arch', 'packages', 'entrypoint']);
    const arm = referenceRecipe('arm64');
    expect(arm.packages).toEqual(['moosefs-chunkserver', 'procps', 'iproute2']);
    expect(arm.foreignFinish).toMatch(/^#!\/bin\/sh/);
    expect(arm.entrypoint).toBe(amd.entrypoint);
    expect(recipeTag(arm)).toMatch(/^accept-harness\/moosefs:arm64-[0-9a-f]{12}$/);
    expect(recipeTag({ ...arm, foreignFinish: arm.foreignFinish + '\n' })).not.toBe(recipeTag(arm));
    expect(recipeTag({ ...arm, foreignFinish: undefined })).not.toBe(recipeTag(arm));
  });
});
