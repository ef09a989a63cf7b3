package dev.ddbbackup.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the table held over time: every change with its time, in stream order. {@code I} is an
 * item as the model holds it (a map of the event's or of the SDK's attribute values).
 */
public final class TableModel<I> {

    private record Step<I>(Instant time, String key, I image) {
    }

    private final List<Step<I>> steps = new ArrayList<>();
    private final Map<String, I> current = new TreeMap<>();

    /** Records that {@code key} holds {@code image} (null: absent) from {@code time} on. */
    public void apply(Instant time, String key, I image) {
        steps.add(new Step<>(time, key, image));
        if (image == null) {
            current.remove(key);
        } else {
            current.put(key, image);
        }
    }

    public I current(String key) {
        return current.get(key);
    }

    /** The table at {@code time}, inclusive: key -> item. */
    public Map<String, I> stateAt(Instant time) {
        Map<String, I> state = new TreeMap<>();
        for (Step<I> s : steps) {
            if (s.time.isAfter(time)) {
                break;
            }
            if (s.image == null) {
                state.remove(s.key);
            } else {
                state.put(s.key, s.image);
            }
        }
        return state;
    }

    public List<Instant> changeTimes() {
        List<Instant> times = new ArrayList<>();
        steps.forEach(s -> times.add(s.time));
        return times;
    }
}
