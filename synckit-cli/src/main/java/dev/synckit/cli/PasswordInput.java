package dev.synckit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where the demo client gets an encryption password or recovery key: a file (its first line, for scripts and
 * tests), else an environment variable, else the console without echo. The secret is never printed, logged or put
 * in an exception message; the caller wipes the returned array.
 */
final class PasswordInput {

    private PasswordInput() {
    }

    /**
     * Reads a secret.
     *
     * @param file the {@code --…-file} option's value, or null when not given
     * @param env the environment variable to read when there is no file
     * @param prompt the console prompt
     * @param confirm whether the console asks twice (for a new password)
     * @return the secret, not empty
     * @throws IllegalArgumentException if the source is empty, unreadable, or there is no console
     */
    static char[] read(Path file, String env, String prompt, boolean confirm) {
        if (file != null) {
            return fromFile(file);
        }
        var fromEnv = System.getenv(env);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv.toCharArray();
        }
        var console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("no console to ask for the " + prompt + ": pass a file option or set "
                    + env);
        }
        var first = console.readPassword("%s: ", prompt);
        if (first == null || first.length == 0) {
            throw new IllegalArgumentException("the " + prompt + " must not be empty");
        }
        if (confirm) {
            var again = console.readPassword("%s (again): ", prompt);
            boolean same = Arrays.equals(first, again);
            if (again != null) {
                Arrays.fill(again, '\0');
            }
            if (!same) {
                Arrays.fill(first, '\0');
                throw new IllegalArgumentException("the two entries of the " + prompt + " differ");
            }
        }
        return first;
    }

    private static char[] fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getClass().getSimpleName());
        }
        int end = text.indexOf('\n');
        var line = (end < 0 ? text : text.substring(0, end)).replace("\r", "");
        if (line.isEmpty()) {
            throw new IllegalArgumentException(file + " has an empty first line");
        }
        return line.toCharArray();
    }
}
