package dev.ddbbackup.testing;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sample events of the repository's {@code events/} folder, read by the Lambda Java runtime's
 * own deserialiser, so tests see exactly the objects the function gets in AWS.
 */
public final class EventFiles {

    /** The folder, relative to a module directory (where Maven runs the tests). */
    public static final Path DIR = Path.of("..", "events");

    private EventFiles() {
    }

    public static String json(String fileName) {
        try {
            return Files.readString(DIR.resolve(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DynamodbEvent load(String fileName) {
        return deserialise(json(fileName));
    }

    public static DynamodbEvent deserialise(String json) {
        return LambdaEventSerializers.serializerFor(DynamodbEvent.class, EventFiles.class.getClassLoader()).fromJson(json);
    }
}
