/**
 * A {@link dev.stepsengine.StateKeeper} over a relational database: SQLite (a file, the embedded
 * default) or PostgreSQL (many workers). Step states carry a version and running states are leases,
 * every transition is kept in a history table, and throttle times live in the same database
 * (SEMANTICS J1–J6). Start with {@link dev.stepsengine.jdbc.JdbcStateKeeper#builder}.
 */
package dev.stepsengine.jdbc;
