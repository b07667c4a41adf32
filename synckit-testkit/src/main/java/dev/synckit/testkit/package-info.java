/**
 * Test support for SyncKit and for apps that use it: {@link dev.synckit.testkit.TestServer} (a real server on a
 * random loopback port with a fresh store), {@link dev.synckit.testkit.FakeClock} (time that moves only when the
 * test says so), {@link dev.synckit.testkit.RecordingProxy} (a wire tap in front of a real server),
 * {@link dev.synckit.testkit.PgDatabase} (a fresh database on a real PostgreSQL server),
 * {@link dev.synckit.testkit.TcpProxy} (a connection that a test can cut and restore) and
 * {@link dev.synckit.testkit.StoreContract} (the behaviour every server store must have, bound to a backend by one
 * subclass).
 */
@NullMarked
package dev.synckit.testkit;

import org.jspecify.annotations.NullMarked;
