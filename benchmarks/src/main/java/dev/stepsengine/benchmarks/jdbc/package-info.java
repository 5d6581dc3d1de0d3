/** Benchmarks 5 and 5c: throughput of the database keeper on SQLite and on a throwaway PostgreSQL server, and next to Spring Batch's JDBC job repository. */
package dev.stepsengine.benchmarks.jdbc;
