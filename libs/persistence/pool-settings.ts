/**
 * How long a pooled PostgreSQL connection may stay idle before its pool closes it, for both pools of a
 * process (MikroORM's and PlainSql's): one minute. node-postgres closes one after 10 s by default (knex's
 * pool after 30 s), so a lull of a few seconds emptied the pools and the next burst waited for new
 * server processes and planned its statements again. bench:readings' open loop at 276 submissions a
 * second after a lull of 10 s (2026-12-02): with the 10 s default, p50 0.4–1.7 s for the first 8–10 s
 * (the first second's backlog, drained with the little capacity left); with the connections kept, p50
 * 106 ms in the first second and 6–30 ms after it. Not longer: a load balancer or NAT between the
 * cabinet and PostgreSQL may drop an idle connection without a word (Azure's after 4 minutes, AWS
 * NLB's after 350 s), and the pool would find out only when a statement hangs on it.
 */
export const DATABASE_POOL_IDLE_MS = 60_000;
