package dev.ddbbackup.cli;

import dev.ddbbackup.aws.ClientSettings;
import dev.ddbbackup.stepfunctions.StepFunctionsClient;
import java.net.URI;
import picocli.CommandLine.Option;

/**
 * {@code --on-step-functions STATE_MACHINE_ARN}: run the command fanned out over Lambda workers by
 * the state machine the SAM application deploys with {@code FanOut=true}, instead of on this
 * machine. The command line starts the execution, shows progress per segment and prints the
 * merged report.
 */
public final class StepFunctionsOptions {

    @Option(names = "--on-step-functions", paramLabel = "STATE_MACHINE_ARN",
            description = "Run on AWS Step Functions with this state machine (the stack's RestoreStateMachineArn,"
                    + " SnapshotStateMachineArn or VerifyStateMachineArn output): --segments Lambda workers at once."
                    + " See docs/RESTORE.md.")
    String stateMachineArn;

    @Option(names = "--stepfunctions-endpoint", paramLabel = "URL",
            description = "Endpoint for Step Functions only. Default: AWS_ENDPOINT_URL_SFN, AWS_ENDPOINT_URL, --endpoint.")
    URI endpoint;

    @Option(names = "--poll-seconds", defaultValue = "5",
            description = "With --on-step-functions: seconds between progress checks. Default: ${DEFAULT-VALUE}.")
    int pollSeconds;

    boolean enabled() {
        return stateMachineArn != null;
    }

    /** The client, with the region and credentials every other client of the command has. */
    StepFunctionsClient client(AwsOptions aws) {
        ClientSettings settings = aws.settings(1);
        StepFunctionsClient.Builder b = StepFunctionsClient.builder();
        if (endpoint != null) {
            b.endpoint(endpoint);
        } else if (aws.endpoint != null) {
            b.endpoint(aws.endpoint);
        }
        settings.region().ifPresent(b::region);
        settings.credentials().ifPresent(b::credentials);
        return b.build();
    }
}
