// The Docker engine, reached through testcontainers, which is loaded when a cluster or the
// engine is first used: with dockerode and what they load (745 modules) it is about 0.45 CPU s
// of every `accept` command's start-up, --help and --version included.
import './testcontainers-env';

type Testcontainers = typeof import('testcontainers');
let loaded: Promise<Testcontainers> | null = null;

export const testcontainers = (): Promise<Testcontainers> => (loaded ??= import('testcontainers'));

/** The Docker engine's client (dockerode), through testcontainers' connection to it. */
export const dockerEngine = async () => (await (await testcontainers()).getContainerRuntimeClient()).container.dockerode;
