package dev.synckit.cli;

import picocli.CommandLine;

/** Entry point of the {@code synckit} command. */
public final class Main {

    private Main() {
    }

    /**
     * Runs the command line and exits with its exit code (except for {@code synckit server}, which keeps running).
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        int code = commandLine().execute(args);
        if (code != ServerCommand.KEEP_RUNNING) {
            System.exit(code);
        }
    }

    /** Returns the configured picocli command line; tests run it without exiting the JVM. */
    static CommandLine commandLine() {
        var cli = new CommandLine(new SynckitCommand());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println(cmd.getColorScheme().errorText("error: " + ErrorMessages.describe(ex)));
            return 1;
        });
        return cli;
    }
}
