package dev.latent.factorization;

import java.util.HashMap;
import java.util.Map;

/**
 * Named settings that the trainers' configs are built from ({@code AlsConfig.from} and the like), whatever
 * their source: the command line ({@code cli.Args}), the service's {@code latent.training.*} properties, or
 * one point of a tuning grid. Names are those of the command line ({@code rank}, {@code lambda},
 * {@code bias-lambda}, {@code iterations}, {@code ranking-rank}, ...); an unset name takes the config's default.
 */
@FunctionalInterface
public interface Settings {

    /** The value of setting {@code name} as text, or null when it is not set; a bare switch reads "true". */
    String get(String name);

    static Settings of(Map<String, ?> values) {
        Map<String, String> copy = new HashMap<>();
        values.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, String.valueOf(v));
            }
        });
        return copy::get;
    }

    /** These settings with {@code name} set to {@code value}. */
    default Settings with(String name, Object value) {
        String v = String.valueOf(value);
        return n -> n.equals(name) ? v : get(n);
    }

    default String string(String name, String def) {
        String v = get(name);
        return v == null ? def : v;
    }

    default int integer(String name, int def) {
        String v = get(name);
        return v == null ? def : parse(name, v, Integer::parseInt);
    }

    default long longValue(String name, long def) {
        String v = get(name);
        return v == null ? def : parse(name, v, Long::parseLong);
    }

    default double number(String name, double def) {
        String v = get(name);
        return v == null ? def : parse(name, v, Double::parseDouble);
    }

    /** True when the switch is given (or the setting reads "true"). */
    default boolean flag(String name) {
        return Boolean.parseBoolean(get(name));
    }

    /** An enum constant by name, case-insensitive. */
    default <E extends Enum<E>> E choice(String name, Class<E> type, E def) {
        String v = get(name);
        if (v == null) {
            return def;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        throw new IllegalArgumentException("--" + name + " must be one of "
                + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(java.util.Locale.ROOT) + ", was " + v);
    }

    private static <T> T parse(String name, String v, java.util.function.Function<String, T> f) {
        try {
            return f.apply(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, was '" + v + "'");
        }
    }
}
