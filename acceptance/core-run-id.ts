// The run id of a run in the core test suite, made one way everywhere: it names the
// containers, network and work folder, so it must be container-safe and never shared.

/**
 * `tag`, then the variant ('ref' for the reference, controls by name, '_' between several:
 * container names allow no '+'), then the time and the process, so that runs side by side
 * (two test files, or controls in their own processes) never meet.
 */
export function coreRunId(tag: string, variant?: string | readonly string[]): string {
  const list = variant === undefined ? [] : typeof variant === 'string' ? [variant] : variant;
  const label = list.map((v) => (v === 'reference' ? 'ref' : v.replace(/^control:/, ''))).join('_');
  return [tag, label, `${Date.now().toString(36)}${(process.pid % 1296).toString(36)}`].filter(Boolean).join('-');
}
