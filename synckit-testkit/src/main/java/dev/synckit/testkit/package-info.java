/**
 * Test support for SyncKit and for apps that use it: {@link dev.synckit.testkit.TestServer} (a real server on a
 * random loopback port with a fresh store), {@link dev.synckit.testkit.FakeClock} (time that moves only when the
 * test says so) and {@link dev.synckit.testkit.RecordingProxy} (a wire tap in front of a real server).
 */
@NullMarked
package dev.synckit.testkit;

import org.jspecify.annotations.NullMarked;
