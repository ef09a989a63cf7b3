package dev.ddbbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The error answers no local server gives on demand: each one's line and exit code. */
class FailureTest {

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of(s3("AccessDenied", 403), Main.EXIT_USAGE,
                        "S3 ListObjectVersions s3://b/p/T/ failed: AccessDenied (403): access denied; the credentials in"
                                + " use need s3:ListBucketVersions on it"),
                Arguments.of(s3("InvalidAccessKeyId", 403), Main.EXIT_USAGE,
                        "InvalidAccessKeyId (403): the credentials are not accepted at https://s3.eu-west-1.amazonaws.com"),
                Arguments.of(s3("SlowDown", 503), Main.EXIT_PROBLEM, "SlowDown (503): throttled; run it again later"),
                Arguments.of(s3("InternalError", 500), Main.EXIT_PROBLEM, "InternalError (500): the service failed"),
                Arguments.of(dynamo("ProvisionedThroughputExceededException", 400), Main.EXIT_PROBLEM,
                        "DynamoDb Scan table T failed: ProvisionedThroughputExceededException (400): throttled"),
                Arguments.of(dynamo("AccessDeniedException", 400), Main.EXIT_USAGE,
                        "the credentials in use need dynamodb:Scan on it"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("answers")
    void eachAnswerIsOneLineWithItsExitCode(AwsServiceException e, int exit, String message) {
        Failure failure = Failure.of(e);
        assertThat(failure.exitCode()).isEqualTo(exit);
        assertThat(failure.message()).contains(message).doesNotContain("\n");
    }

    private static AwsServiceException s3(String code, int status) {
        AwsServiceException e = S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).serviceName("S3").build()).build();
        e.addSuppressed(new FailedCall("S3", "ListObjectVersions", "s3://b/p/T/",
                URI.create("https://s3.eu-west-1.amazonaws.com/b?versions"), Region.EU_WEST_1));
        return e;
    }

    private static AwsServiceException dynamo(String code, int status) {
        AwsServiceException e = DynamoDbException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).serviceName("DynamoDb").build()).build();
        e.addSuppressed(new FailedCall("DynamoDb", "Scan", "table T", URI.create("https://dynamodb.eu-west-1.amazonaws.com/"),
                Region.EU_WEST_1));
        return e;
    }
}
