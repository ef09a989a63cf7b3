package dev.ddbbackup.restore;

import dev.ddbbackup.backup.PartitionSpool;
import dev.ddbbackup.json.DynamoJson;
import java.util.function.Consumer;

/**
 * The writes a restore planned, on local disk one file per partition between its check and its
 * write phase (disk, not memory, holds the restored items once). Each write is one line: its kind,
 * a tab, and the item or key as compact DynamoDB JSON (so no stored formatting can split a line).
 */
final class WriteSpool implements AutoCloseable {

    private static final String PUT = "P";
    private static final String DELETE = "D";

    private final PartitionSpool spool = new PartitionSpool("restore");

    void add(String partitionId, PlannedWrite write) {
        if (write instanceof PlannedWrite.Put put) {
            spool.add(partitionId, PUT + "\t" + DynamoJson.sdkItemToJson(put.item()));
        } else {
            spool.add(partitionId, DELETE + "\t" + DynamoJson.sdkItemToJson(((PlannedWrite.Delete) write).key()));
        }
    }

    /** Ends writing; call once the check phase is done. */
    void seal() {
        spool.seal();
    }

    /** Hands every write of one partition to {@code sink}, in the order planned. */
    void forEach(String partitionId, Consumer<PlannedWrite> sink) {
        spool.forEachLine(partitionId, line -> sink.accept(parse(line)));
    }

    private static PlannedWrite parse(String line) {
        int tab = line.indexOf('\t');
        String kind = tab < 0 ? line : line.substring(0, tab);
        switch (kind) {
            case PUT:
                return new PlannedWrite.Put(DynamoJson.parseSdkItem(line.substring(tab + 1)));
            case DELETE:
                return new PlannedWrite.Delete(DynamoJson.parseSdkItem(line.substring(tab + 1)));
            default:
                throw new IllegalStateException("Not a planned write: " + line);
        }
    }

    @Override
    public void close() {
        spool.close();
    }
}
