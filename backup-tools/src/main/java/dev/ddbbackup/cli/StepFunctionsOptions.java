package dev.ddbbackup.cli;

import dev.ddbbackup.stepfunctions.StepFunctionsClient;
import java.net.URI;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.regions.Region;

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

    StepFunctionsClient client(AwsOptions aws) {
        StepFunctionsClient.Builder b = StepFunctionsClient.builder();
        if (endpoint != null) {
            b.endpoint(endpoint);
        } else if (aws.endpoint != null) {
            b.endpoint(aws.endpoint);
        }
        if (aws.region != null) {
            b.region(Region.of(aws.region));
        }
        if (aws.profile != null) {
            b.credentials(ProfileCredentialsProvider.create(aws.profile));
        }
        return b.build();
    }
}
