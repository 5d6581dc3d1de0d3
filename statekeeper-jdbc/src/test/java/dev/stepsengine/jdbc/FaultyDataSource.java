package dev.stepsengine.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that runs a test's {@link Fault} before every statement and commit of the real one
 * and after every prepared statement (tests only; a JDK proxy): to fail a chosen write, interrupt
 * the thread in the middle of one, hold a thread between a query and what it does with the result,
 * or count connections.
 */
final class FaultyDataSource implements DataSource {
  /** What the test does before a statement or commit: nothing, throw, or interrupt the thread. */
  @FunctionalInterface
  interface Fault {
    /**
     * Runs before {@code sql} executes ({@code COMMIT} for {@link Connection#commit()}, {@code CONNECT}
     *     before a connection is borrowed).
     *
     * @param sql the statement
     * @throws SQLException to fail it
     */
    void before(String sql) throws SQLException;

    /**
     * Runs after {@code sql} executed (a query's result set is open, its snapshot taken). Does
     * nothing unless a test overrides it.
     *
     * @param sql the statement
     * @throws SQLException to fail it
     */
    default void after(String sql) throws SQLException {}
  }

  private final DataSource real;
  private volatile Fault fault = sql -> {};
  final AtomicInteger connections = new AtomicInteger();
  /** Statements sent: each {@code execute...} call of a statement (a batch of several is one). */
  final AtomicInteger executions = new AtomicInteger();

  FaultyDataSource(DataSource real) {
    this.real = real;
  }

  /** Sets the fault run before every statement from now on. */
  void fault(Fault fault) {
    this.fault = fault;
  }

  /** Runs no fault from now on. */
  void heal() {
    this.fault = sql -> {};
  }

  @Override
  public Connection getConnection() throws SQLException {
    connections.incrementAndGet();
    fault.before("CONNECT");
    return wrap(real.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    connections.incrementAndGet();
    return wrap(real.getConnection(user, password));
  }

  private Connection wrap(Connection c) {
    return proxy(Connection.class, c, (method, args) -> {
      if (method.getName().equals("commit")) {
        fault.before("COMMIT");
      }
      Object result = method.invoke(c, args);
      if (result instanceof PreparedStatement ps && args != null && args[0] instanceof String sql) {
        return proxy(PreparedStatement.class, ps, (m, a) -> {
          if (m.getName().startsWith("execute")) {
            Fault f = fault;
            executions.incrementAndGet();
            // the keeper's batches (one round trip on PostgreSQL): each statement is seen, in order
            String[] statements = sql.split(";\n");
            for (String each : statements) {
              f.before(each);
            }
            Object executed = m.invoke(ps, a);
            for (String each : statements) {
              f.after(each);
            }
            return executed;
          }
          return m.invoke(ps, a);
        });
      }
      if (result instanceof Statement s && !(result instanceof PreparedStatement)) {
        return proxy(Statement.class, s, (m, a) -> {
          if (m.getName().startsWith("execute") && a != null && a[0] instanceof String sql) {
            executions.incrementAndGet();
            fault.before(sql);
          }
          return m.invoke(s, a);
        });
      }
      return result;
    });
  }

  private interface Call {
    Object invoke(Method method, Object[] args) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, T target, Call call) {
    InvocationHandler h = (p, method, args) -> {
      try {
        return call.invoke(method, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return type.cast(Proxy.newProxyInstance(FaultyDataSource.class.getClassLoader(), new Class<?>[] {type}, h));
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return real.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    real.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    real.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return real.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getGlobal();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return real.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return real.isWrapperFor(iface);
  }
}
