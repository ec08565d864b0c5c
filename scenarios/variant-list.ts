// A scenario built for one variant, or for several controls in one run (each breaking another
// part, judged by its own check); the reference is never mixed with a control.
export function variantList<V extends string>(scenario: string, variant: V | readonly V[]): readonly V[] {
  const list: readonly V[] = typeof variant === 'string' ? [variant as V] : (variant as readonly V[]);
  if (list.length === 0 || (list.length > 1 && list.includes('reference' as V)))
    throw new Error(`${scenario}: one variant, or several controls without the reference (got ${list.join(', ') || 'none'})`);
  return list;
}
