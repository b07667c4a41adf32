package dev.synckit.client.internal.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program with bytes on its standard input: how the OS secret stores talk to {@code security},
 * {@code secret-tool} and PowerShell. An interface so that tests can check exactly what would be run, in
 * particular that no secret ever appears among the arguments.
 */
interface CommandRunner {

    /**
     * The outcome of a run.
     *
     * @param exitCode the exit code
     * @param stdout everything the program wrote to its standard output; the caller wipes it if it holds a secret
     * @param stderr its standard error, as text (for diagnostics only; never holds a secret)
     */
    record Result(int exitCode, byte[] stdout, String stderr) {
    }

    /**
     * Runs a command and waits for it.
     *
     * @param command the program and its arguments; never a secret
     * @param stdin the bytes to write to its standard input, which is then closed
     * @param timeout how long to wait before killing it
     * @return the result
     * @throws IOException if the program cannot be started, or did not finish in time
     * @throws InterruptedException if the calling thread is interrupted (the program is killed)
     */
    Result run(List<String> command, byte[] stdin, Duration timeout) throws IOException, InterruptedException;

    /** {@return the runner that starts real processes} */
    static CommandRunner processes() {
        return Processes.INSTANCE;
    }

    /** Starts real processes; stdout and stderr are drained on virtual threads so a chatty program cannot block. */
    enum Processes implements CommandRunner {
        INSTANCE;

        @Override
        public Result run(List<String> command, byte[] stdin, Duration timeout)
                throws IOException, InterruptedException {
            var process = new ProcessBuilder(command).start();
            // The drain executor is closed (which waits for its readers) only after the process is gone, so its
            // pipes are at end of stream by then.
            var drain = Executors.newVirtualThreadPerTaskExecutor();
            try {
                Future<byte[]> out = drain.submit(() -> readAll(process.getInputStream()));
                Future<byte[]> err = drain.submit(() -> readAll(process.getErrorStream()));
                try (OutputStream in = process.getOutputStream()) {
                    in.write(stdin);
                } catch (IOException e) {
                    // The program exited without reading its input; its exit code and stderr say why.
                }
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IOException(command.getFirst() + " did not finish within " + timeout);
                }
                return new Result(process.exitValue(), out.get(), new String(err.get(), StandardCharsets.UTF_8));
            } catch (ExecutionException e) {
                throw new IOException("could not read the output of " + command.getFirst(), e.getCause());
            } finally {
                process.destroyForcibly();
                drain.close();
            }
        }

        private static byte[] readAll(InputStream in) {
            try (in) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
