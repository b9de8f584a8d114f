package dev.latent.training;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The training losses of a run as stored in {@code training_runs.losses}: JSON, one segment per phase in
 * order, {@code [{"phase":"rating-fit","first":1,"losses":[0.93,0.91]}, ...]}. Kept within the column by
 * dropping the oldest losses; {@code first} then says which iteration of its phase the first kept one is.
 */
final class LossHistory {

    /** Losses of one phase from iteration {@code first} on. */
    record Segment(String phase, int first, List<Float> losses) {
    }

    /** Within the column (VARCHAR 20000) with room to spare. */
    static final int MAX_CHARS = 19_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<Segment>> SEGMENTS = new TypeReference<>() { };

    private LossHistory() {
    }

    static List<Segment> read(String json) {
        if (json == null || json.isEmpty()) {
            return new ArrayList<>();
        }
        List<Segment> out = new ArrayList<>();
        for (Segment s : JSON.readValue(json, SEGMENTS)) {
            out.add(new Segment(s.phase(), s.first(), new ArrayList<>(s.losses())));
        }
        return out;
    }

    /** The history {@code json} with one more loss of {@code phase}, as JSON within {@link #MAX_CHARS}. */
    static String append(String json, String phase, float loss) {
        List<Segment> segments = read(json);
        Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        if (last == null || !last.phase().equals(phase)) {
            last = new Segment(phase, 1, new ArrayList<>());
            segments.add(last);
        }
        last.losses().add(loss);
        return write(segments);
    }

    static String write(List<Segment> segments) {
        String json = JSON.writeValueAsString(segments);
        while (json.length() > MAX_CHARS) {
            Segment oldest = segments.get(0);
            int drop = Math.max(1, oldest.losses().size() / 10);
            if (drop >= oldest.losses().size()) {
                segments.remove(0);
            } else {
                oldest.losses().subList(0, drop).clear();
                segments.set(0, new Segment(oldest.phase(), oldest.first() + drop, oldest.losses()));
            }
            json = JSON.writeValueAsString(segments);
        }
        return json;
    }

    /**
     * The history of a run stored before V3 ({@code phase:loss,phase:loss,...}), as segments. A phase's
     * iterations were counted from the first entry kept, as the API showed them.
     */
    static List<Segment> fromLegacyText(String text) {
        List<Segment> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        Segment current = null;
        for (String entry : text.split(",")) {
            int colon = entry.lastIndexOf(':');
            String phase = entry.substring(0, colon);
            if (current == null || !current.phase().equals(phase)) {
                current = new Segment(phase, 1, new ArrayList<>());
                out.add(current);
            }
            current.losses().add(Float.parseFloat(entry.substring(colon + 1)));
        }
        return out;
    }
}
