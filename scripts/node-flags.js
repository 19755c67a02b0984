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
 *
 * Weighed and not taken (2026-12-01, idle 2-core machine): --optimize-for-size keeps the web process at
 * 144 MiB RSS through bench:peak's 458 visits/min (282 MiB without it: the old space fills with garbage
 * up to ~160 MiB between mark-compacts, plus the 64 MiB nursery), but it costs the hot path half its
 * speed: bench:readings' cabinet fell from 264 to 141 submissions/s (7.3 ms of CPU each instead of 2.9).
 *
 * NODE_ENVIRONMENT, set in the processes' environment (a value already there wins):
 * MALLOC_MMAP_THRESHOLD_=131072: glibc's malloc gives every block of 128 KiB or more its own mapping,
 * returned to the system when freed. Without it the threshold rises with the first such block freed,
 * and argon2's memory per password check (19 MiB with the parameters then used) stays in each libuv thread's arena:
 * 8 checks at a time held 119 MiB of RSS afterwards against 43 MiB with it (a node process verifying
 * 40 passwords), ~77 MiB the web process kept after a burst of logins. The cost is mapping and zeroing
 * those 19 MiB per check, which argon2 writes in full anyway.
 */
'use strict';
module.exports = { NODE_FLAGS: ['--max-semi-space-size=32'], NODE_ENVIRONMENT: { MALLOC_MMAP_THRESHOLD_: '131072' } };
