package dev.synckit.client.internal.engine;

import dev.synckit.client.SyncReport;

/** Mutable counters for one sync, push or pull; confined to the thread that runs it. */
final class Counts {

    int pushed;
    int duplicate;
    int superseded;
    int rejected;
    int pulled;
    int applied;
    /** The log positions of this sync's pushed ops, to skip a pull that would only bring them back. */
    final OwnTail ownTail = new OwnTail();

    /** {@return how many ops went either way: every answered push and every pulled op} */
    int moved() {
        return pushed + duplicate + superseded + rejected + pulled;
    }

    SyncReport report() {
        return new SyncReport(pushed, duplicate, superseded, rejected, pulled, applied);
    }
}
