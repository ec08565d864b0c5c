// Must be imported before testcontainers does anything: Ryuk is an image that cannot be
// pulled here, so the project's own reaper (reaper.ts) does its job.
process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
export {};
