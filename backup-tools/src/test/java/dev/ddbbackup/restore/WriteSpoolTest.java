package dev.ddbbackup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A restore's planned writes go to disk and come back as the same typed writes, per partition, in order. */
class WriteSpoolTest {

    @Test
    void putsAndDeletesComeBackTypedPerPartitionInOrder() {
        Map<String, AttributeValue> item = Map.of("id", AttributeValue.fromS("a\tb\nc"), "n", AttributeValue.fromN("3"));
        Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS("gone"));
        try (WriteSpool spool = new WriteSpool()) {
            spool.add("a", new PlannedWrite.Put(item));
            spool.add("b", new PlannedWrite.Delete(key));
            spool.add("a", new PlannedWrite.Delete(key));
            spool.seal();
            List<PlannedWrite> a = new ArrayList<>();
            spool.forEach("a", a::add);
            assertThat(a).containsExactly(new PlannedWrite.Put(item), new PlannedWrite.Delete(key));
            List<PlannedWrite> none = new ArrayList<>();
            spool.forEach("c", none::add);
            assertThat(none).isEmpty();
            assertThat(a.get(0).toWrite().request().putRequest().item()).isEqualTo(item);
        }
    }
}
