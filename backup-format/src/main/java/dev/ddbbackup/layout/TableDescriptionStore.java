package dev.ddbbackup.layout;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;

/**
 * {@code {prefix}/{table}/_table.json} in the bucket, kept current by the function (on a table's
 * first batch) and by the backfill: a new version is written only when the table's definition
 * differs from the stored one ({@link TableDescriptionJson} is byte-stable for an unchanged table),
 * so the description's history holds one version per change of the table, however often it is
 * recorded.
 */
public record TableDescriptionStore(BackupLayout layout, Function<String, byte[]> current,
        BiFunction<String, byte[], String> put) {

    /** A version written: where, and its id (null on an unversioned bucket). */
    public record Written(String key, String versionId) {
    }

    /**
     * @param current the object's current bytes, or null when there is none
     * @param put PUTs a JSON object and returns its version id
     */

    /** The description's object key. */
    public String key(String table) {
        return layout.tableDescriptionKey(table);
    }

    /** Stores the description unless the stored one is the same; empty when nothing was written. */
    public Optional<Written> record(TableDescription table, TimeToLiveDescription ttl) {
        byte[] wanted = TableDescriptionJson.write(table, ttl);
        String key = key(table.tableName());
        if (Arrays.equals(wanted, current.apply(key))) {
            return Optional.empty();
        }
        return Optional.of(new Written(key, put.apply(key, wanted)));
    }
}
