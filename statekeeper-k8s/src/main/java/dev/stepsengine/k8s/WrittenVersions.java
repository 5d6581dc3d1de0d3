package dev.stepsengine.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The resource version a keeper last wrote for each object (SEMANTICS K12, without JOSDK). A keeper
 * built from an object older than the version it wrote reads the object again, so a reconcile
 * that follows the keeper's write sees that write even when the informer cache still holds an
 * older object, and no step runs twice because of a stale cache.
 *
 * <p>Keepers share {@link #shared()} unless given another. Objects are known by UID (or kind,
 * namespace and name when they have none); the oldest entries are forgotten past the capacity.
 * Thread-safe.
 */
public final class WrittenVersions {
  private static final WrittenVersions SHARED = new WrittenVersions(100_000);

  private final Map<String, String> versions;

  private WrittenVersions(int capacity) {
    this.versions = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
        return size() > capacity;
      }
    };
  }

  /**
   * Returns the memory every keeper uses unless told otherwise: one per process, for 100,000 objects.
   *
   * @return the shared memory
   */
  public static WrittenVersions shared() {
    return SHARED;
  }

  /**
   * Returns a memory of its own, for {@code capacity} objects.
   *
   * @param capacity how many objects to remember, at least 1
   * @return the memory
   */
  public static WrittenVersions create(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    return new WrittenVersions(capacity);
  }

  /**
   * Remembers the version of {@code written}, as the server returned it after a write.
   *
   * @param written the object as written
   */
  public void remember(HasMetadata written) {
    String version = written.getMetadata().getResourceVersion();
    if (version != null) {
      synchronized (versions) {
        versions.merge(key(written), version, (old, now) -> isOlder(now, old) ? old : now);
      }
    }
  }

  /**
   * Returns whether {@code handed} is older than the version last written for its object.
   * Resource versions are compared as numbers, as the API server makes them; versions that are
   * not numbers are never taken as older.
   *
   * @param handed the object a controller was given
   * @return whether it misses a write this process made
   */
  public boolean isStale(HasMetadata handed) {
    String written;
    synchronized (versions) {
      written = versions.get(key(handed));
    }
    return written != null && isOlder(handed.getMetadata().getResourceVersion(), written);
  }

  /**
   * Returns whether resource version {@code a} is older than {@code b}, both read as numbers.
   *
   * @param a a resource version, may be {@code null}
   * @param b another
   * @return whether {@code a} is a smaller number than {@code b}; false when either is not a number
   */
  static boolean isOlder(String a, String b) {
    try {
      return a != null && b != null && Long.parseLong(a) < Long.parseLong(b);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String key(HasMetadata o) {
    String uid = o.getMetadata().getUid();
    return uid != null ? uid
        : o.getKind() + "/" + Objects.requireNonNullElse(o.getMetadata().getNamespace(), "") + "/" + o.getMetadata().getName();
  }
}
