package dev.stepsengine.example.operator;

/** What the user asks for: an engine and a number of replicas. */
public class DatabaseSpec {
  private String engine = "postgres";
  private int replicas = 1;
  private boolean suspended;

  /** Returns the database engine, {@code postgres} or {@code mysql}. */
  public String getEngine() {
    return engine;
  }

  /** Sets the database engine. */
  public void setEngine(String engine) {
    this.engine = engine;
  }

  /** Returns the number of replicas. */
  public int getReplicas() {
    return replicas;
  }

  /** Sets the number of replicas. */
  public void setReplicas(int replicas) {
    this.replicas = replicas;
  }

  /** Returns whether reconciling is suspended: the guard step ends every run before the other steps. */
  public boolean isSuspended() {
    return suspended;
  }

  /** Sets whether reconciling is suspended. */
  public void setSuspended(boolean suspended) {
    this.suspended = suspended;
  }
}
