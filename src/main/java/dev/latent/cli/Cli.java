package dev.latent.cli;

import java.util.Arrays;
import java.util.Set;

/** Command-line tools of the jar that run without Spring: {@code evaluate} and {@code generate}. */
public final class Cli {

    private static final Set<String> COMMANDS = Set.of("evaluate", "generate");

    private Cli() {
    }

    public static boolean isCommand(String arg) {
        return COMMANDS.contains(arg);
    }

    /** Runs the command named by {@code args[0]}; returns the process exit code. */
    public static int run(String[] args) throws Exception {
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            default:
                System.err.println("unknown command " + args[0] + " (" + rest.length + " args)");
                return 2;
        }
    }
}
