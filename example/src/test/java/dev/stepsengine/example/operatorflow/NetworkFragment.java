package dev.stepsengine.example.operatorflow;

import dev.stepsengine.annotation.Pipeline;
import dev.stepsengine.annotation.Step;
import java.util.ArrayList;
import java.util.List;

// snippet:flow-fragment:start
/** A block of steps spliced into the active flow (a fragment, {@code @Step(inline = true)}). */
@Pipeline
class NetworkFragment {
  /** Where the fragment's calls go: the flow's own list. */
  final List<String> calls;

  NetworkFragment(List<String> calls) {
    this.calls = calls;
  }

  @Step(order = 1) void allocatePorts() { calls.add("allocatePorts"); }

  @Step(order = 2) void configureNetwork() { calls.add("configureNetwork"); }

  @Step(order = 3) void ensureDns() { calls.add("ensureDns"); }

  @Step(order = 4) void ensureService() { calls.add("ensureService"); }

  @Step(order = 5) void ensureIngress() { calls.add("ensureIngress"); }

  @Step(order = 6, state = "NetworkReady") void checkConnectivity() { calls.add("checkConnectivity"); }
}
// snippet:flow-fragment:end
