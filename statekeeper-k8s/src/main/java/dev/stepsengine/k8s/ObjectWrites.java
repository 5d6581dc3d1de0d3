package dev.stepsengine.k8s;

import dev.stepsengine.Sleeper;
import dev.stepsengine.StateKeeperException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.EditReplacePatchable;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the keeper talks to the API server: its reads and its writes, the 409 loop (K5) and the
 * memory of written versions (K12), in one place.
 *
 * @param <R> the resource type
 */
final class ObjectWrites<R extends HasMetadata> {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectWrites.class);

  private final KubernetesClient client;
  private final KubernetesSerialization json;
  private final String summary;
  private final Sender<R> sender;
  private final WrittenVersions versions;
  private final Sleeper sleeper;
  private final int maxAttempts;
  private final Duration firstBackoff;

  ObjectWrites(KubernetesClient client, KubernetesSerialization json, String summary, Sender<R> sender,
      WrittenVersions versions, Sleeper sleeper, int maxAttempts, Duration firstBackoff) {
    this.client = client;
    this.json = json;
    this.summary = summary;
    this.sender = sender;
    this.versions = versions;
    this.sleeper = sleeper;
    this.maxAttempts = maxAttempts;
    this.firstBackoff = firstBackoff;
  }

  /** K12: returns {@code handed}, or the object read again when it is older than the version last written for it. */
  R readYourWrites(R handed) {
    if (versions == null || !versions.isStale(handed)) {
      return handed;
    }
    LOG.debug("{} at version {} misses this process's last write: reading it again", summary,
        handed.getMetadata().getResourceVersion());
    return read(handed);
  }

  /** Reads the object from the server. */
  R read(R resource) {
    R fresh;
    try {
      fresh = client.resource(resource).get();
    } catch (KubernetesClientException e) {
      throw new StateKeeperException("K5: reading " + summary + " failed: " + e.getMessage(), e);
    }
    if (fresh == null) {
      throw new StateKeeperException("K5: " + summary + " was deleted while its conditions were written", null);
    }
    return fresh;
  }

  /**
   * Sends the patch {@code build} makes from {@code snapshot} and returns the snapshot of the
   * object the server answered with ({@code snapshot} itself when there was nothing to send); on a
   * conflict re-reads the object through {@code reread} and builds the patch again, up to
   * {@code maxAttempts} times with doubling backoff (K5).
   */
  ResourceSnapshot<R> send(String what, boolean status, ResourceSnapshot<R> snapshot,
      Function<ResourceSnapshot<R>, Patch> build, UnaryOperator<ResourceSnapshot<R>> reread) {
    Duration backoff = firstBackoff;
    ResourceSnapshot<R> base = snapshot;
    for (int attempt = 1; ; attempt++) {
      Patch patch = build.apply(base);
      if (patch == null) {
        return base;
      }
      try {
        String body = json.asJson(patch.body());
        R current = base.resource;
        R updated = sender.send(current, () -> {
          var target = client.resource(current);
          EditReplacePatchable<R> op = status ? target.subresource("status") : target;
          return op.patch(PatchContext.of(patch.type()), body);
        });
        if (versions != null) {
          versions.remember(updated);
        }
        return ResourceSnapshot.of(updated, json);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw new StateKeeperException("K5: writing " + what + " of " + summary + " failed: " + e.getMessage(), e);
        }
        if (attempt >= maxAttempts) {
          throw new StateKeeperException("K5: writing " + what + " of " + summary + " still conflicted with other"
              + " writers after " + attempt + " attempts", e);
        }
        LOG.debug("conflict writing {} of {} (attempt {}), re-reading in {}", what, summary, attempt, backoff);
        pause(backoff, e);
        backoff = backoff.multipliedBy(2);
        base = reread.apply(base);
      }
    }
  }

  private void pause(Duration backoff, KubernetesClientException conflict) {
    try {
      sleeper.sleep(backoff);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      StateKeeperException failure = new StateKeeperException("K5: interrupted while retrying a write of " + summary, e);
      failure.addSuppressed(conflict);
      throw failure;
    }
  }
}
