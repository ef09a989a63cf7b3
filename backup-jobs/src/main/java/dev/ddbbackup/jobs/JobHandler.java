package dev.ddbbackup.jobs;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbbackup.observability.CurrentRequest;
import dev.ddbbackup.observability.JsonLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;

/**
 * What the job functions' handlers share: the SDK clients and the JSON log, configured from the
 * environment, and one invocation's frame: its request id on every log line, the event read and the
 * answer written as this project's own JSON with Jackson, so no field depends on the runtime's POJO
 * serialiser's naming rules, and the runtime's event serialiser (with its Joda-Time module) is never
 * used.
 *
 * <p>Public: the Lambda runtime calls {@code handleRequest} by reflection on the handler class, and a
 * public method of a package-private superclass is not accessible to it.
 */
public abstract class JobHandler implements RequestStreamHandler {

    static final ObjectMapper MAPPER = new ObjectMapper();

    final JobClients clients = new JobClients(System.getenv());
    final JsonLog log = JsonLog.stdout(System.getenv());
    final Clock clock = Clock.systemUTC();

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try (CurrentRequest.Scope scope = CurrentRequest.begin(context == null ? "local" : context.getAwsRequestId())) {
            MAPPER.writeValue(output, handle(read(input), context));
        }
    }

    /** The event; one that is not JSON fails the invocation. */
    JsonNode read(InputStream input) throws IOException {
        return MAPPER.readTree(input);
    }

    /** The answer to one event; {@code context} is null outside Lambda. */
    abstract JsonNode handle(JsonNode event, Context context) throws IOException;
}
