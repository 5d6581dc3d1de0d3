package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.StepStatus;
import dev.stepsengine.testing.ChildJvm;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Two worker processes on one database at the same moment (SEMANTICS J1, J3, J4). */
class JdbcMultiProcessTest {

  @ParameterizedTest(name = "J1 {0}: two processes starting at once on an empty database both create or find the schema")
  @EnumSource(Databases.class)
  void twoProcessesMigrateAnEmptyDatabaseAtOnce(Databases database) throws Exception {
    for (int round = 0; round < 3; round++) {
      DriverManagerDataSource ds = database.fresh();
      try (ChildJvm a = ChildJvm.start(WorkerProcess.class, "migrate", ds.url(), database.user());
          ChildJvm b = ChildJvm.start(WorkerProcess.class, "migrate", ds.url(), database.user())) {
        a.go();
        b.go();

        assertThat(a.nextLine()).as("first process, stderr: %s", a.stderr()).isEqualTo("schema " + Schema.CURRENT_VERSION);
        assertThat(b.nextLine()).as("second process, stderr: %s", b.stderr()).isEqualTo("schema " + Schema.CURRENT_VERSION);
        assertThat(a.waitFor()).isZero();
        assertThat(b.waitFor()).isZero();
      }
      try (Connection c = ds.getConnection();
          PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM steps_schema");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).as("each migration applied once").isEqualTo(Schema.CURRENT_VERSION);
      }
    }
  }

  @ParameterizedTest(name = "J3 J4 {0}: two processes racing on one execution run each step's action exactly once")
  @EnumSource(Databases.class)
  void twoProcessesRaceOnOneExecution(Databases database) throws Exception {
    DriverManagerDataSource ds = database.fresh();
    StepsDatabase db = StepsDatabase.open(ds);
    WorkerProcess.createEffectTable(ds);
    try (ChildJvm a = ChildJvm.start(WorkerProcess.class, "race", ds.url(), database.user(), "race", "process-a", "0");
        ChildJvm b = ChildJvm.start(WorkerProcess.class, "race", ds.url(), database.user(), "race", "process-b", "0")) {
      a.go();
      b.go();

      assertThat(a.nextLine()).as("process a, stderr: %s", a.stderr()).isEqualTo("DONE");
      assertThat(b.nextLine()).as("process b, stderr: %s", b.stderr()).isEqualTo("DONE");
      assertThat(a.waitFor()).isZero();
      assertThat(b.waitFor()).isZero();
    }

    Map<String, Integer> effects = effects(ds, "race");
    List<StepTransition> history = db.history("race");
    for (int i = 1; i <= WorkerProcess.STEPS; i++) {
      String state = WorkerProcess.state(i);
      assertThat(effects.get(state)).as("effects of %s", state).isEqualTo(1);
      assertThat(Histories.count(history, state, StepStatus.RUNNING)).as(state).isEqualTo(1);
      assertThat(Histories.count(history, state, StepStatus.SUCCEEDED)).as(state).isEqualTo(1);
    }
    Histories.assertUnbroken(history);
  }

  /** Returns how often each state's step action ran in {@code execution}. */
  static Map<String, Integer> effects(DriverManagerDataSource ds, String execution) throws Exception {
    Map<String, Integer> out = new HashMap<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT state_name, COUNT(*) FROM " + WorkerProcess.EFFECTS
            + " WHERE execution_id = ? GROUP BY state_name")) {
      ps.setString(1, execution);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getInt(2));
        }
      }
    }
    return out;
  }
}
