package dev.ddbbackup.local.cli;

import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.cli.AwsOptions;
import dev.ddbbackup.cli.Main;
import dev.ddbbackup.local.EmbeddedServers;
import dev.ddbbackup.local.LocalPipeline;
import dev.ddbbackup.stream.PollerOptions;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The README's first command: the whole backup pipeline on this machine, no AWS account needed.
 */
@Command(name = "local", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, usageHelpWidth = 100,
        description = {
                "Run the whole backup pipeline on this machine and check the result.",
                "",
                "DynamoDB Local and a versioned S3 server start in this JVM on loopback ports, a workload changes a "
                        + "table, its stream is polled the way Lambda does it and fed to the real backup function, and the "
                        + "bucket is then checked against the table.",
                "With --endpoint (or AWS_ENDPOINT_URL*) it uses those servers instead (e.g. LocalStack).",
                "Exit code 1 when the check finds a difference."})
public final class LocalCommand implements Callable<Integer> {

    @Mixin
    LocalPipeline.Options options;

    @Option(names = "--batch-size", defaultValue = "100", description = "Records per invocation (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--batching-window-ms", defaultValue = "200",
            description = "Longest wait to fill a batch, in ms (default ${DEFAULT-VALUE}).")
    long batchingWindowMillis;

    @Option(names = "--keep-running", description = "Leave both servers up (and keep backing up the stream) until Ctrl-C.")
    boolean keepRunning;

    @Option(names = "--dynamodb-port", defaultValue = "0", description = "Port for DynamoDB Local (default: a free one).")
    int dynamoDbPort;

    @Option(names = "--s3-port", defaultValue = "0", description = "Port for the S3 server (default: a free one).")
    int s3Port;

    @Option(names = "--function-log", defaultValue = "target/local-pipeline/function.log",
            description = "Where the function's JSON logs and metrics go (default ${DEFAULT-VALUE}).")
    Path functionLog;

    @Mixin
    AwsOptions aws;

    @Override
    public Integer call() throws Exception {
        ClientSettings external = aws.functionSettings(64);
        boolean embedded = external.s3Endpoint().isEmpty() && external.dynamoDbEndpoint().isEmpty();
        EmbeddedServers servers = null;
        ClientSettings settings = external;
        if (embedded) {
            System.err.println("Starting DynamoDB Local and the S3 server in this JVM ...");
            servers = EmbeddedServers.start(dynamoDbPort, s3Port);
            settings = ClientSettings.builder()
                    .dynamoDbEndpoint(servers.dynamoDbEndpoint())
                    .s3Endpoint(servers.s3Endpoint())
                    .region(Region.US_EAST_1)
                    .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .build();
        }
        Files.createDirectories(functionLog.toAbsolutePath().getParent());
        try (PrintStream log = new PrintStream(new FileOutputStream(functionLog.toFile()), true, StandardCharsets.UTF_8)) {
            options.poller = PollerOptions.builder().batchSize(batchSize)
                    .batchingWindow(Duration.ofMillis(batchingWindowMillis)).build();
            LocalPipeline pipeline = new LocalPipeline(settings, options, log);
            LocalPipeline.Report report;
            try (WorkloadProgress progress = new WorkloadProgress(options.operations)) {
                report = pipeline.run(progress);
            }
            print(report, options, embedded);
            if (keepRunning) {
                pipeline.followStream();
                keepRunning(settings, options);
            }
            return report.check.passed() ? Main.EXIT_OK : Main.EXIT_PROBLEM;
        } finally {
            if (servers != null && !keepRunning) {
                servers.close();
            }
        }
    }

    private void print(LocalPipeline.Report r, LocalPipeline.Options o, boolean embedded) {
        System.out.println();
        System.out.println("Local pipeline: table " + o.table + " -> s3://" + o.bucket + "/" + o.prefix + "/" + o.table + "/");
        System.out.printf("  layout            %s names, multi-tenancy %s%n", o.plainTextKeys ? "plain-text" : "MD5",
                o.multiTenancy ? "on (" + o.tenants + " tenants)" : "off");
        System.out.printf("  changes made      %d (%d keys, %d tenant moves) in %.1f s%n", r.changesMade, r.check.keysChecked,
                r.tenantMoves, r.workloadMillis / 1000.0);
        System.out.printf("  records delivered %d of %d read, in %d invocations (%d partly failed, %d records re-delivered)%n",
                r.recordsDelivered, r.recordsRead, r.invocations, r.failedInvocations, r.redeliveredRecords);
        System.out.printf("  bucket            %d objects, %d versions, %d delete markers, %d change-log files (%d lines)%n",
                r.check.objects, r.check.versions, r.check.deleteMarkers, r.check.changeLogFiles, r.check.changeLogLines);
        System.out.printf("  lag               caught up %.2f s after the last change; max stream-time lag %.1f s%s%n",
                r.catchUpMillis / 1000.0, r.maxStreamLagMillis / 1000.0,
                embedded ? " (DynamoDB Local rounds stream times down to the minute)" : "");
        System.out.printf("  check             %s: latest version of every key equals the table, deleted keys end in"
                + " a delete marker, %d versions hold exactly the table's images in order%n",
                r.check.passed() ? "PASSED" : "FAILED", r.check.historyVersionsMatched);
        for (String p : r.check.problems) {
            System.out.println("    - " + p);
        }
        System.out.printf("  wall time         %.1f s; function log: %s%n", r.totalMillis / 1000.0, functionLog);
        if (r.changesMade != r.recordsDelivered) {
            System.out.println("  note: records delivered differ from changes made");
        }
    }

    private void keepRunning(ClientSettings settings, LocalPipeline.Options o) throws InterruptedException {
        String ddb = settings.dynamoDbEndpoint().map(Object::toString).orElse("(AWS)");
        String s3 = settings.s3Endpoint().map(Object::toString).orElse("(AWS)");
        System.out.println();
        System.out.println("Servers are up, and the stream is still backed up, until Ctrl-C (any credentials work):");
        System.out.println("  DynamoDB  " + ddb);
        System.out.println("  S3        " + s3);
        System.out.println("  export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=us-east-1");
        System.out.println("  aws dynamodb scan --endpoint-url " + ddb + " --table-name " + o.table + " --max-items 3");
        System.out.println("  aws s3api list-object-versions --endpoint-url " + s3 + " --bucket " + o.bucket
                + " --prefix " + o.prefix + "/" + o.table + "/ --max-items 10");
        String endpoints = "--s3-endpoint " + s3 + " --dynamodb-endpoint " + ddb + " --region us-east-1";
        String backup = "--bucket " + o.bucket + " --prefix " + o.prefix + " --table " + o.table;
        System.out.println("  java -jar target/ddb-backup.jar verify " + endpoints + " " + backup);
        System.out.println("  java -jar target/ddb-backup.jar restore " + endpoints + " " + backup
                + " --to now --target-table " + o.table + "-restored --create-table");
        System.out.println("  java -jar target/ddb-backup.jar history " + endpoints + " " + backup
                + " --key '{\"orderId\":{\"S\":\"order-0\"},\"line\":{\"N\":\"1\"}}' --diff");
        System.out.flush();
        Thread.currentThread().join();
    }
}
