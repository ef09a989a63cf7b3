package dev.ddbbackup.function;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import dev.ddbbackup.layout.TableArn;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A batch as Lambda delivered it, each record's table (from its ARN) and sequence number read once,
 * before anything is validated: the handler needs the tables to describe them beside the writes,
 * and the processor needs them to name change logs and quarantine files, and the sequence numbers
 * to say which records Lambda must deliver again.
 *
 * @param tables the tables the records' ARNs name, in order of first appearance
 */
record DeliveredBatch(List<Delivered> records, Set<String> tables) {

    /**
     * One delivered record and what was read of it.
     *
     * @param record null when the runtime delivered a JSON null at this index
     * @param table the table its ARN names, or null when it names none
     * @param sequence its sequence number, or null when it has none usable (missing, empty, not digits)
     */
    record Delivered(int index, DynamodbStreamRecord record, String table, String sequence) {

        static Delivered of(int index, DynamodbStreamRecord record) {
            return new Delivered(index, record, record == null ? null : tableOf(record), sequenceOf(record));
        }

        private static String tableOf(DynamodbStreamRecord record) {
            try {
                return TableArn.tableName(record.getEventSourceARN());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        private static String sequenceOf(DynamodbStreamRecord record) {
            String s = record == null || record.getDynamodb() == null ? null : record.getDynamodb().getSequenceNumber();
            return s != null && !s.isEmpty() && s.chars().allMatch(Character::isDigit) ? s : null;
        }
    }

    /** @param records as the event holds them; null for none */
    static DeliveredBatch of(List<DynamodbStreamRecord> records) {
        if (records == null) {
            return new DeliveredBatch(List.of(), Set.of());
        }
        List<Delivered> delivered = new ArrayList<>(records.size());
        Set<String> tables = new LinkedHashSet<>();
        for (int i = 0; i < records.size(); i++) {
            Delivered d = Delivered.of(i, records.get(i));
            delivered.add(d);
            if (d.table() != null) {
                tables.add(d.table());
            }
        }
        return new DeliveredBatch(Collections.unmodifiableList(delivered), Collections.unmodifiableSet(tables));
    }

    int size() {
        return records.size();
    }

    /** The table of the first record that names one (a stream, so a batch, belongs to one table), or null. */
    String firstTable() {
        return tables.isEmpty() ? null : tables.iterator().next();
    }

    /** The lowest usable sequence number: when a failed record has none, the whole batch is delivered again. */
    BigInteger lowestSequence() {
        BigInteger lowest = null;
        for (Delivered d : records) {
            if (d.sequence() != null) {
                BigInteger s = new BigInteger(d.sequence());
                if (lowest == null || s.compareTo(lowest) < 0) {
                    lowest = s;
                }
            }
        }
        return lowest == null ? BigInteger.ZERO : lowest;
    }
}
