/**
 * The V8 flags of the cabinet's Node processes (web and worker), wherever they are started:
 * scripts/start.js, the benchmarks (bench/*.ts, for the processes they start) and the Dockerfile (its
 * NODE_OPTIONS says the same).
 *
 * --max-semi-space-size=32: V8's nursery (the young generation, where new objects start) may grow to
 * 32 MiB per semi-space instead of Node 20's 16. Every request allocates many short-lived objects
 * (framework, validation, logging, database rows); with the larger nursery fewer scavenges run and
 * fewer objects live long enough to be copied. bench:readings measured the web process at 1.33 ms of
 * CPU per submission instead of 1.49 (its GC helper threads 0.08 ms instead of 0.19), the bare endpoint
 * unchanged. Memory: at most 3 × 16 MiB more per process.
 */
'use strict';
module.exports = { NODE_FLAGS: ['--max-semi-space-size=32'] };
