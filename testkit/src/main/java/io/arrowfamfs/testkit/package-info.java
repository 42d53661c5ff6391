/**
 * What every module's tests share, with no dependency on any arrow-famfs module (so the core's own
 * tests can use it): {@link io.arrowfamfs.testkit.LeakCheck}, registered for every test through
 * JUnit's extension auto-detection by this jar's {@code junit-platform.properties}; scratch
 * directories in {@code /dev/shm} ({@link io.arrowfamfs.testkit.ShmDir}); child JVMs acting as
 * other hosts ({@link io.arrowfamfs.testkit.Jvm}, {@link io.arrowfamfs.testkit.LineChild} to talk
 * to by lines, {@link io.arrowfamfs.testkit.RecordedChild} to kill at any moment and read all it
 * printed); and a famfs image written from the format spec
 * alone ({@link io.arrowfamfs.testkit.FamfsSpecImage}).
 *
 * <p>A module must not ship its own {@code junit-platform.properties} in its test class path:
 * JUnit reads only the first one it finds, and the leak check would silently stop running there.
 */
package io.arrowfamfs.testkit;
