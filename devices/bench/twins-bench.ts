// Benchmark: 10 storage-node twins x 48 disks for 90 virtual days in 1-hour steps.
// Goal: <= 10 wall seconds. Also prints the heap cost per simulated node.
// Run: npx tsx devices/bench/twins-bench.ts [seed]
// (node --expose-gc --import tsx devices/bench/twins-bench.ts gives a steadier heap figure)
import { runTwinsBench } from './run-bench';

const seed = process.argv[2] ?? 'bench';
const r = runTwinsBench({ seed });
console.log(`twins-bench seed=${seed}: ${r.nodes} nodes x 48 bays = ${r.disks} disks, ${r.days} virtual days, 1 h steps`);
console.log(`wall seconds: ${r.wallSeconds.toFixed(2)} (goal <= 10) ${r.wallSeconds <= 10 ? 'OK' : 'TOO SLOW'}`);
console.log(
  `host memory per simulated node: ${(r.heapPerNodeBytes / 2 ** 20).toFixed(2)} MiB ` +
    `(heapUsed difference / ${r.nodes}${r.gcAvailable ? ', after gc' : ', without --expose-gc'})`,
);
console.log(`events: ${r.events}, failed disks: ${r.failedDisks}, grades: ${JSON.stringify(r.grades)}`);
process.exitCode = r.wallSeconds <= 10 ? 0 : 1;
