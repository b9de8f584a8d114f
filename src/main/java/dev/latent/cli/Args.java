package dev.latent.cli;

import dev.latent.factorization.Settings;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} and bare {@code --switch} arguments; every name must be known to the command. The one
 * flag parser of the commands, and {@link Settings} for building trainer configs.
 */
final class Args implements Settings {

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> switches = new HashSet<>();

    Args(String[] args, Set<String> valueNames, Set<String> switchNames) {
        for (int a = 0; a < args.length; a++) {
            String arg = args[a];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (switchNames.contains(name) && inline == null) {
                switches.add(name);
            } else if (valueNames.contains(name)) {
                if (inline == null && a + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                values.put(name, inline != null ? inline : args[++a]);
            } else {
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
    }

    @Override
    public String get(String name) {
        String v = values.get(name);
        return v != null ? v : switches.contains(name) ? "true" : null;
    }

    boolean has(String name) {
        return values.containsKey(name) || switches.contains(name);
    }

    String required(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }
}
