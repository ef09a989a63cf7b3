package dev.ddbbackup.cli;

import dev.ddbbackup.backup.BackupDataException;
import dev.ddbbackup.backup.NoBackupException;
import dev.ddbbackup.backup.UnversionedBucketException;
import dev.ddbbackup.config.ConfigException;
import dev.ddbbackup.stepfunctions.StepFunctionsException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.crt.http.HttpException;

/**
 * What a command's exception means to the person who ran it: one line naming the operation, the
 * resource and the AWS error code, and what to do, and the exit code. Every command's failures
 * come through here ({@link Main}'s handler), so each kind of failure reads the same whichever
 * command met it. The exit code follows one rule: 2 when the command could not start its work
 * because of how it was called or configured (option values, credentials, region, endpoint,
 * permissions, a bucket or table named on the command line that is not there, a bucket without
 * versioning); 1 when the work itself failed (throttling, timeouts, server errors, problems in the
 * backup's data).
 */
record Failure(String message, int exitCode) {

    /** Error codes that mean the credentials were refused (not missing: present, but not valid there). */
    private static final Set<String> BAD_CREDENTIALS = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "UnrecognizedClientException", "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException",
            "InvalidSignatureException", "InvalidToken");
    private static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException", "AllAccessDisabled");
    private static final Set<String> THROTTLED = Set.of("ProvisionedThroughputExceededException",
            "ThrottlingException", "Throttling", "RequestLimitExceeded", "SlowDown", "TooManyRequestsException");
    /** The IAM action of an S3 operation where its name is not the operation's own. */
    private static final Map<String, String> S3_ACTIONS = Map.of("ListObjectsV2", "ListBucket", "ListObjects",
            "ListBucket", "ListObjectVersions", "ListBucketVersions", "HeadObject", "GetObject", "HeadBucket",
            "ListBucket", "GetObject", "GetObject and s3:GetObjectVersion", "DeleteObjects", "DeleteObject");
    /** Where each service's endpoint is configured, for a connection that failed. */
    private static final Map<String, String> ENDPOINT_SETTINGS = Map.of(
            "S3", "--endpoint/--s3-endpoint and AWS_ENDPOINT_URL/AWS_ENDPOINT_URL_S3",
            "DynamoDb", "--endpoint/--dynamodb-endpoint and AWS_ENDPOINT_URL/AWS_ENDPOINT_URL_DYNAMODB",
            "SFN", "--stepfunctions-endpoint/--endpoint and AWS_ENDPOINT_URL_SFN/AWS_ENDPOINT_URL");

    static Failure of(Throwable e) {
        if (e instanceof IllegalArgumentException || e instanceof ConfigException || e instanceof NoBackupException
                || e instanceof UnversionedBucketException) {
            return usage(Messages.of(e)); // a wrong option value; a wrong bucket, prefix or table
        }
        if (e instanceof BackupDataException) {
            return problem(Messages.of(e)); // the backup's data, named in the message
        }
        Optional<AwsServiceException> service = find(e, AwsServiceException.class);
        if (service.isPresent()) {
            return ofService(service.get(), FailedCall.in(e));
        }
        Optional<StepFunctionsException> sfn = find(e, StepFunctionsException.class);
        if (sfn.isPresent()) {
            return ofStepFunctions(sfn.get());
        }
        Optional<FailedCall> call = FailedCall.in(e);
        Optional<SdkClientException> client = find(e, SdkClientException.class);
        if (client.isPresent() || call.isPresent()) {
            // A call without an answer (the CRT's own HttpException, unwrapped, for a host that is not known).
            return ofClient(client.isPresent() ? client.get() : e, call);
        }
        return problem(Messages.of(e));
    }

    /** An error answer of S3 or DynamoDB. */
    private static Failure ofService(AwsServiceException e, Optional<FailedCall> call) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String service = call.map(FailedCall::service).orElse(e.awsErrorDetails() == null ? "AWS"
                : e.awsErrorDetails().serviceName());
        String what = call.map(FailedCall::describe).orElse(service + " request");
        String where = call.map(FailedCall::endpoint).orElse("the AWS endpoint");
        String region = call.map(FailedCall::region).orElse("?");
        String head = what + " failed: " + (code == null || code.isBlank() ? "" : code + " ") + "(" + e.statusCode()
                + "): ";
        if ("NoSuchBucket".equals(code)) {
            return usage(head + "the bucket does not exist at " + where + " (region " + region
                    + "); check --bucket (or --out) and the region or endpoint");
        }
        if ("ResourceNotFoundException".equals(code)) {
            return usage(head + "the table does not exist at " + where + " (region " + region
                    + "); check the table name (--table, --target-table) and the region (--region, AWS_REGION)");
        }
        if (code != null && BAD_CREDENTIALS.contains(code)) {
            return usage(head + "the credentials are not accepted at " + where + "; check AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or the profile (--profile, AWS_PROFILE)");
        }
        if ((code != null && DENIED.contains(code)) || e.statusCode() == 403) {
            return usage(head + "access denied; the credentials in use need " + action(service, call) + " on it"
                    + " (see the stack's policies), or use other credentials (--profile, AWS_PROFILE)");
        }
        if ((code != null && THROTTLED.contains(code)) || e.statusCode() == 429 || e.statusCode() == 503) {
            return problem(head + "throttled; run it again later, or with a lower --max-wcu, --max-rcu, --segments"
                    + " or --concurrency");
        }
        if (e.statusCode() >= 500) {
            return problem(head + "the service failed; run it again; if it persists, add --debug for the details");
        }
        String text = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return problem(head + (text == null || text.isBlank() ? "add --debug for the details" : text));
    }

    /** The IAM action a denied call needs, e.g. {@code s3:ListBucketVersions} or {@code dynamodb:Scan}. */
    private static String action(String service, Optional<FailedCall> call) {
        String operation = call.map(c -> c.describe().split(" ")[1]).orElse("*");
        return "S3".equals(service) ? "s3:" + S3_ACTIONS.getOrDefault(operation, operation)
                : service.toLowerCase(java.util.Locale.ROOT) + ":" + operation;
    }

    /** An error answer of Step Functions, or no answer. */
    private static Failure ofStepFunctions(StepFunctionsException e) {
        String head = "Step Functions " + e.operation() + " " + e.resource() + " failed: ";
        if (e.status() == 0) {
            return connection(head, e.getCause(), "SFN", String.valueOf(e.endpoint()));
        }
        String code = e.errorType() == null ? "" : e.errorType() + " ";
        head += code + "(" + e.status() + "): ";
        String type = e.errorType() == null ? "" : e.errorType();
        if (type.contains("NotFound") || type.contains("DoesNotExist") || type.startsWith("InvalidArn")) {
            return usage(head + "no such state machine at " + e.endpoint() + "; check --on-step-functions (the"
                    + " stack's RestoreStateMachineArn, SnapshotStateMachineArn or VerifyStateMachineArn output) and"
                    + " the region");
        }
        if (BAD_CREDENTIALS.contains(type)) {
            return usage(head + "the credentials are not accepted; check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,"
                    + " or the profile (--profile, AWS_PROFILE)");
        }
        if (DENIED.contains(type) || e.status() == 403) {
            return usage(head + "access denied; the credentials in use need states:" + e.operation()
                    + " on the state machine");
        }
        return problem(head + (e.message() == null ? "add --debug for the details" : e.message()));
    }

    /** A call that got no answer: no credentials, no region, no connection, no answer in time. */
    private static Failure ofClient(Throwable e, Optional<FailedCall> call) {
        String head = call.map(c -> c.describe() + " failed: ").orElse("");
        String text = String.valueOf(e.getMessage());
        if (text.startsWith("Unable to load region")) {
            return usage("no AWS region: give --region, or set AWS_REGION or AWS_DEFAULT_REGION (or a region in the"
                    + " profile, ~/.aws/config)");
        }
        if (text.startsWith("Unable to load credentials") || text.contains("contained no credentials")
                || text.startsWith("Profile file contained no")) {
            return usage(head + "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile"
                    + " (--profile, AWS_PROFILE; see 'aws configure'), or run where a role provides them");
        }
        if (find(e, ApiCallTimeoutException.class).isPresent() || find(e, ApiCallAttemptTimeoutException.class).isPresent()) {
            return problem(head + "no answer in time from " + call.map(FailedCall::endpoint).orElse("the endpoint")
                    + "; check the network and run it again");
        }
        return connection(head, e, call.map(FailedCall::service).orElse("AWS"),
                call.map(FailedCall::endpoint).orElse("the endpoint"));
    }

    /** A connection that could not be made, or another failure to send the request. */
    private static Failure connection(String head, Throwable e, String service, String endpoint) {
        String settings = ENDPOINT_SETTINGS.getOrDefault(service, "--endpoint and AWS_ENDPOINT_URL");
        if (find(e, ConnectException.class).isPresent() || crtError(e).contains("CONNECTION_REFUSED")) {
            return usage(head + "connection refused by " + endpoint + ": nothing listens there; check " + settings);
        }
        if (find(e, UnknownHostException.class).isPresent() || crtError(e).contains("DNS")
                || String.valueOf(e.getMessage()).contains("dns resolution")) {
            return usage(head + "the host of " + endpoint + " is not known; check the region (--region, AWS_REGION)"
                    + " and " + settings);
        }
        return problem(head + "no answer from " + endpoint + ": " + Messages.of(e) + "; check " + settings
                + " and the network");
    }

    /** The AWS CRT's name for the error under {@code e} (AWS_IO_SOCKET_CONNECTION_REFUSED, ...), or "". */
    private static String crtError(Throwable e) {
        return find(e, HttpException.class).map(h -> {
            try {
                return String.valueOf(CRT.awsErrorName(h.getErrorCode()));
            } catch (LinkageError noNativeLibrary) {
                return "";
            }
        }).orElse("");
    }

    private static <T extends Throwable> Optional<T> find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    private static Failure usage(String message) {
        return new Failure(message, Main.EXIT_USAGE);
    }

    private static Failure problem(String message) {
        return new Failure(message, Main.EXIT_PROBLEM);
    }
}
