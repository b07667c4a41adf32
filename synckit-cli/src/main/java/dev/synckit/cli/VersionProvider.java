package dev.synckit.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest (absent when running from classes). */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        var v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"synckit " + (v == null ? "development build" : v)};
    }
}
