package dev.ddbbackup.restore;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the table held over time: every change with its time, in stream order. */
final class TableModel {

    private static final class Step {
        final Instant time;
        final String key;
        final Map<String, AttributeValue> image;

        Step(Instant time, String key, Map<String, AttributeValue> image) {
            this.time = time;
            this.key = key;
            this.image = image;
        }
    }

    private final List<Step> steps = new ArrayList<>();
    private final Map<String, Map<String, AttributeValue>> current = new TreeMap<>();

    /** Records that {@code key} holds {@code image} (null: absent) from {@code time} on. */
    void apply(Instant time, String key, Map<String, AttributeValue> image) {
        steps.add(new Step(time, key, image));
        if (image == null) {
            current.remove(key);
        } else {
            current.put(key, image);
        }
    }

    Map<String, AttributeValue> current(String key) {
        return current.get(key);
    }

    /** The table at {@code time}, inclusive. */
    Map<String, Map<String, AttributeValue>> stateAt(Instant time) {
        Map<String, Map<String, AttributeValue>> state = new TreeMap<>();
        for (Step s : steps) {
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

    List<Instant> changeTimes() {
        List<Instant> times = new ArrayList<>();
        steps.forEach(s -> times.add(s.time));
        return times;
    }
}
