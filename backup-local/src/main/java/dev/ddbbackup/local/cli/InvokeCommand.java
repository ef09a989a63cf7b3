package dev.ddbbackup.local.cli;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbbackup.aws.AwsClients;
import dev.ddbbackup.cli.AwsOptions;
import dev.ddbbackup.cli.Main;
import dev.ddbbackup.cli.Messages;
import dev.ddbbackup.function.BackupConfig;
import dev.ddbbackup.function.BackupHandler;
import dev.ddbbackup.stream.LocalContext;
import dev.ddbbackup.observability.EmfMetrics;
import dev.ddbbackup.observability.JsonLog;
import dev.ddbbackup.s3.BucketVersioning;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs the real handler on a Lambda event file, like {@code sam local invoke} without Docker:
 * the event is read by the Lambda Java runtime's own deserialiser, the configuration comes from
 * the same environment variables the function reads, and the partial batch response is printed.
 */
@Command(name = "invoke", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, usageHelpWidth = 100,
        description = {
                "Run the backup function on a Lambda event file and print its response.",
                "",
                "Like `sam local invoke`, without Docker: prints the StreamsEventResponse as JSON.",
                "Configuration comes from the function's environment variables (BackupBucket, BackupPrefix, "
                        + "PlainTextKeyAsFilename, MultiTenancyColumn, WriteConcurrency); options below override them.",
                "Warns when the bucket's versioning is not Enabled (each change would overwrite the last).",
                "Exit code 1 when the response reports failed records."})
public final class InvokeCommand implements Callable<Integer> {

    @Option(names = {"-e", "--event"}, required = true, paramLabel = "FILE", description = "Lambda event JSON file.")
    Path event;

    @Option(names = "--bucket", description = "Overrides BackupBucket.")
    String bucket;

    @Option(names = "--prefix", description = "Overrides BackupPrefix.")
    String prefix;

    @Option(names = "--plain-text-keys", description = "Overrides PlainTextKeyAsFilename (true/false).")
    String plainTextKeys;

    @Option(names = "--tenant-column", description = "Overrides MultiTenancyColumn.")
    String tenantColumn;

    @Mixin
    AwsOptions aws;

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        putIfSet(env, BackupConfig.BACKUP_BUCKET, bucket);
        putIfSet(env, BackupConfig.BACKUP_PREFIX, prefix);
        putIfSet(env, BackupConfig.PLAIN_TEXT_KEY_AS_FILENAME, plainTextKeys);
        putIfSet(env, BackupConfig.MULTI_TENANCY_COLUMN, tenantColumn);
        BackupConfig config = BackupConfig.fromEnvironment(env);

        DynamodbEvent dynamodbEvent;
        PojoSerializer<DynamodbEvent> serializer =
                LambdaEventSerializers.serializerFor(DynamodbEvent.class, InvokeCommand.class.getClassLoader());
        if (!Files.isRegularFile(event)) {
            throw new IllegalArgumentException("Event file " + event + " does not exist");
        }
        try (InputStream in = Files.newInputStream(event)) {
            dynamodbEvent = serializer.fromJson(in);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Event file " + event + " is not a Lambda DynamoDB stream event: "
                    + Messages.of(e), e);
        }
        var settings = aws.functionSettings(config.writeConcurrency());
        S3Client s3 = AwsClients.s3(settings);
        warnUnlessVersioned(s3, config.bucket());
        BackupHandler handler = new BackupHandler(config, s3,
                () -> AwsClients.dynamoDb(settings),
                new JsonLog(System.err, JsonLog.Level.INFO), new EmfMetrics(System.err));
        StreamsEventResponse response = handler.handleRequest(dynamodbEvent, new LocalContext(900_000));

        ObjectMapper mapper = new ObjectMapper();
        ObjectNode out = mapper.createObjectNode();
        ArrayNode failures = out.putArray("batchItemFailures");
        response.getBatchItemFailures().forEach(f -> failures.addObject().put("itemIdentifier", f.getItemIdentifier()));
        System.out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(out));
        return response.getBatchItemFailures().isEmpty() ? Main.EXIT_OK : Main.EXIT_PROBLEM;
    }

    /** The function itself reports an unversioned bucket in its log; here it is said plainly too. */
    private static void warnUnlessVersioned(S3Client s3, String bucket) {
        try {
            String problem = BucketVersioning.of(s3, bucket).problem(bucket);
            if (problem != null) {
                System.err.println("Warning: " + problem);
            }
        } catch (SdkException e) {
            System.err.println("Warning: could not check that bucket " + bucket + " keeps versions: " + e.getMessage());
        }
    }

    private static void putIfSet(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }
}
