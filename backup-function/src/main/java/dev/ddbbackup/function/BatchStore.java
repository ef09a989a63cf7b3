package dev.ddbbackup.function;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbbackup.aws.Deadline;

/**
 * Stores one delivered batch as the configured {@link StorageMode} asks, and says which records
 * Lambda must deliver again: {@link BatchProcessor} (objects: one object version per change and a
 * change log) or {@link LogStore} (log: one segment per table). Chosen once, in {@link FunctionWiring}.
 */
interface BatchStore {

    /** Stores a batch; every S3 call has ended before {@code deadline} (Lambda's) when this returns. */
    StreamsEventResponse process(DeliveredBatch batch, String invocationId, Deadline deadline);
}
