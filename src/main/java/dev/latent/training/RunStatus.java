package dev.latent.training;

import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Where a training run is: queued → running → succeeded, failed, or rejected (the quality gate kept the served
 * model); abandoned when the process running it died (marked at the next start-up). Stored and shown in lower
 * case.
 */
public enum RunStatus {
    QUEUED("queued"),
    RUNNING("running"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    REJECTED("rejected"),
    ABANDONED("abandoned");

    private final String wire;

    RunStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** True for a run that has not ended. */
    public boolean live() {
        return this == QUEUED || this == RUNNING;
    }

    public static RunStatus of(String wire) {
        for (RunStatus s : values()) {
            if (s.wire.equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown run status '" + wire + "'");
    }

    /** The {@code training_runs.status} column holds the lower-case names (as rows stored before the enum do). */
    @Converter(autoApply = true)
    public static class Column implements AttributeConverter<RunStatus, String> {
        @Override
        public String convertToDatabaseColumn(RunStatus status) {
            return status == null ? null : status.wire;
        }

        @Override
        public RunStatus convertToEntityAttribute(String column) {
            return column == null ? null : of(column);
        }
    }
}
