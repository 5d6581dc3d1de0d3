package dev.stepsengine.benchmarks.k8s;

import dev.stepsengine.PipelineStep;
import dev.stepsengine.RunReport;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.k8s.ConditionsStateKeeper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One steady-state reconcile (every tracked step's condition already {@code True} at the current
 * generation) over a custom resource of 1 KB, 50 KB or 500 KB with 10 or 64 tracked steps: the
 * keeper built from the object as a controller does, an engine built over it (or, in
 * {@link #keeperAndReusedEngine()}, an engine built once and run over the keeper), and the run (no
 * request is sent: nothing changed), next to hand-written code that loops over the typed
 * {@code status.conditions} and skips the true ones.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class KeeperReconcileBenchmark {
  @Param({"10", "64"})
  int steps;

  @Param({"1", "50", "500"})
  int sizeKb;

  private KubernetesClient client;
  private Sized resource;
  private List<String> stateNames;
  private List<PipelineStep> pipeline;
  private StepsEngine engine;
  private Blackhole sink;

  /** Builds the object (spec padded to the size, one True condition per step) and the steps. */
  @Setup(Level.Trial)
  public void setUp(Blackhole blackhole) {
    sink = blackhole;
    // no request is sent in the steady state; the client only lends its serialization
    client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:9").build()).build();
    resource = new Sized();
    resource.setMetadata(new ObjectMetaBuilder().withName("bench").withNamespace("default").withGeneration(1L)
        .withResourceVersion("42").withUid("0b0e5c3e-5b8e-4a1e-9d55-bench").build());
    Sized.Spec spec = new Sized.Spec();
    int entries = sizeKb * 1024 / 100;
    for (int i = 0; i < entries; i++) {
      spec.getEntries().add(String.format("%-100s", "entry-" + i).substring(0, 98));
    }
    resource.setSpec(spec);
    Sized.Status status = new Sized.Status();
    stateNames = new ArrayList<>();
    pipeline = new ArrayList<>();
    for (int i = 1; i <= steps; i++) {
      String state = "Step" + i;
      stateNames.add(state);
      status.getConditions().add(new ConditionBuilder().withType(state).withStatus("True").withReason("Success")
          .withMessage("Completed successfully").withLastTransitionTime("2026-03-01T10:00:00Z")
          .withObservedGeneration(1L).build());
      pipeline.add(SimpleStep.named("step" + i).state(state).run(ctx -> sink.consume(ctx)).build());
    }
    status.getConditions().add(new ConditionBuilder().withType("Ready").withStatus("True").withReason("Succeeded")
        .withMessage("All steps succeeded").withLastTransitionTime("2026-03-01T10:00:00Z").withObservedGeneration(1L).build());
    status.setObservedGeneration(1L);
    resource.setStatus(status);
    engine = StepsEngine.builder().steps(pipeline).build();
  }

  /** Closes the client. */
  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
  }

  /** The keeper and an engine built from the object, then the run: every step skipped, nothing written. */
  @Benchmark
  public RunReport keeperAndEngine() {
    ConditionsStateKeeper<Sized> keeper = ConditionsStateKeeper.of(client, resource);
    return StepsEngine.builder().stateKeeper(keeper).throttler(keeper.throttler()).steps(pipeline).build().run();
  }

  /**
   * What a controller does when it builds the engine once: per reconcile only the keeper, built
   * from the object, and the run over it ({@code runWith}); throttle times would go to the keeper's
   * own store.
   */
  @Benchmark
  public RunReport keeperAndReusedEngine() {
    return engine.runWith(ConditionsStateKeeper.of(client, resource));
  }

  /** The keeper alone: built from the object, then one state read per step (what the engine's skip check costs). */
  @Benchmark
  public int keeperReads() {
    ConditionsStateKeeper<Sized> keeper = ConditionsStateKeeper.of(client, resource);
    int succeeded = 0;
    for (String state : stateNames) {
      if (keeper.getStepState(state).isSucceeded()) {
        succeeded++;
      }
    }
    return succeeded;
  }

  /** Hand-written: for each step, look for its condition in the typed status and skip it when True. */
  @Benchmark
  public int handWritten() {
    int ran = 0;
    List<Condition> conditions = resource.getStatus().getConditions();
    for (String state : stateNames) {
      boolean done = false;
      for (Condition c : conditions) {
        if (state.equals(c.getType())) {
          done = "True".equals(c.getStatus());
          break;
        }
      }
      if (!done) {
        sink.consume(state);
        ran++;
      }
    }
    return ran;
  }
}
