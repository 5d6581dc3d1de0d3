/** Benchmark 5: throughput of the database keeper on SQLite and on a throwaway PostgreSQL server. */
package dev.stepsengine.benchmarks.jdbc;
