/**
 * The V8 flags of the cabinet's Node processes (web and worker), wherever they are started:
 * scripts/start.js, the benchmarks (bench/*.ts, for the processes they start), and the command lines of
 * the Dockerfile, docker-compose.yml and docs/operations.md's systemd units (test/architecture/node-flags.spec.ts
 * keeps them the same; --heap-growing-percent is not allowed in NODE_OPTIONS).
 *
 * --heap-growing-percent=30 with --max-semi-space-size=16 (Node 20's default nursery): after each full
 * garbage collection V8 lets the old space grow to 1.3 × what survived, instead of up to 4 × when its
 * collections are fast, and the nursery stays at 2 × 16 MiB. Under bench:peak the web process's RSS
 * was mostly garbage waiting for the next mark-compact: at 456 visits/min it peaked at 311 MiB with
 * the earlier --max-semi-space-size=32 alone, 229 MiB with that and growing 30%, 205 MiB with the
 * 16 MiB nursery and growing 60%, and 189 MiB with these flags (worker 251 → 200 MiB); CPU per visit
 * did not rise (web 103 ms before, 89 ms after, in the same session; the rate held is the same).
 * Measured 2026-12-02 on the idle 2-core machine, BENCH_PEAK_START=304 BENCH_PEAK_STEPS=2 BENCH_PEAK_NODE_FLAGS=….
 *
 * What it costs: more frequent collections on an allocation-heavy hot path. bench:readings' cabinet at
 * saturation was 45.8% (growing 30%, nursery 32) and 43.1% (these flags) of the bare endpoint in two
 * runs, against 51.6% before and 54.1% with growing 60% (one round each; this machine's figures moved
 * ±15% between runs that day, the bare endpoint from 378 to 530 submissions/s). The 32 MiB nursery was
 * taken for that path (1.33 ms of CPU per submission against 1.49 ms with 16, 2026-11); the capacity
 * figure of a month-end visit mix did not need it.
 *
 * Weighed and not taken (2026-12-01): --optimize-for-size keeps the web process at 144 MiB RSS through
 * bench:peak's 458 visits/min, but it halves the hot path's speed: bench:readings' cabinet fell from
 * 264 to 141 submissions/s (7.3 ms of CPU each instead of 2.9).
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
module.exports = { NODE_FLAGS: ['--max-semi-space-size=16', '--heap-growing-percent=30'], NODE_ENVIRONMENT: { MALLOC_MMAP_THRESHOLD_: '131072' } };
