package dev.stepsengine.k8s;

import dev.stepsengine.ReconcilePolicy;
import dev.stepsengine.ReconcileResult;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.StepsEngine;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Widget reconciler for the K14 tests: one step "Deployed" (run on every reconcile, so a
 * success can be followed by a failure) that fails while {@link #failing} is set, a deletion pipeline with one step "Released" that fails while {@link #cleanupFailing} is set.
 * Every reconcile, cleanup and error-status call is recorded in {@link #calls} for the test to take.
 */
@ControllerConfiguration(name = "widgets")
class LifecycleReconciler implements Reconciler<Widget>, Cleaner<Widget> {
  /** What one call of the reconciler did. */
  record Call(String kind, Optional<Duration> delay, Exception error, Integer retryAttempt, boolean lastAttempt,
      String conditionOnServer) {}

  final AtomicBoolean failing = new AtomicBoolean();
  final AtomicBoolean cleanupFailing = new AtomicBoolean();
  final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
  private final ReconcileControls controls;
  private final ReconcilePolicy policy;
  private final Clock clock;

  LifecycleReconciler(ReconcileControls controls, ReconcilePolicy policy, Clock clock) {
    this.controls = controls;
    this.policy = policy;
    this.clock = clock;
  }

  @Override
  public UpdateControl<Widget> reconcile(Widget widget, Context<Widget> context) {
    ConditionsStateKeeper<Widget> keeper = keeper(widget, context);
    ReconcileResult result = engine(keeper, SimpleStep.named("deploy").state("Deployed").skipStateCheck().run(ctx -> {
      if (failing.get()) {
        throw new IllegalStateException("image pull failed");
      }
    }).build()).runAsReconcilerResponse();
    try {
      UpdateControl<Widget> control = controls.update(result, keeper);
      calls.add(new Call("reconcile", control.getScheduleDelay().map(Duration::ofMillis), null, attempt(context),
          false, null));
      return control;
    } catch (ReconcileFailedException e) {
      calls.add(new Call("reconcile", Optional.empty(), e, attempt(context), false, null));
      throw e;
    }
  }

  @Override
  public ErrorStatusUpdateControl<Widget> updateErrorStatus(Widget widget, Context<Widget> context, Exception e) {
    Widget onServer = Widgets.read(context.getClient(), "default", widget.getMetadata().getName());
    var condition = Widgets.condition(onServer, "Deployed");
    calls.add(new Call("errorStatus", Optional.empty(), e, attempt(context),
        context.getRetryInfo().map(r -> r.isLastAttempt()).orElse(false),
        condition == null ? null : condition.getStatus() + ":" + condition.getMessage()));
    return controls.errorStatus(e);
  }

  @Override
  public DeleteControl cleanup(Widget widget, Context<Widget> context) {
    ConditionsStateKeeper<Widget> keeper = keeper(widget, context);
    DeleteControl control = controls.cleanup(keeper, k -> StepsEngine.builder().stateKeeper(k).clock(clock)
        .reconcilePolicy(policy)
        .steps(SimpleStep.named("release").state("Released").run(ctx -> {
          if (cleanupFailing.get()) {
            throw new IllegalStateException("volume still attached");
          }
        }).build())
        .build());
    calls.add(new Call(control.isRemoveFinalizer() ? "cleanup:remove" : "cleanup:keep",
        control.getScheduleDelay().map(Duration::ofMillis), null, attempt(context), false, null));
    return control;
  }

  /** Takes the next call of {@code kind}, dropping others, or fails after 30 s. */
  Call next(String kind) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      Call call = calls.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (call == null) {
        throw new AssertionError("no " + kind + " call within 30 s");
      }
      if (call.kind().startsWith(kind)) {
        return call;
      }
    }
  }

  private ConditionsStateKeeper<Widget> keeper(Widget widget, Context<Widget> context) {
    return ConditionsStateKeeper.builder(context.getClient(), widget).clock(clock).build();
  }

  private StepsEngine engine(ConditionsStateKeeper<Widget> keeper, SimpleStep step) {
    return StepsEngine.builder().stateKeeper(keeper).clock(clock).reconcilePolicy(policy).steps(step).build();
  }

  private static Integer attempt(Context<Widget> context) {
    return context.getRetryInfo().map(r -> r.getAttemptCount()).orElse(null);
  }
}
