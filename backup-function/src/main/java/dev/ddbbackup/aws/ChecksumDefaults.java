package dev.ddbbackup.aws;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;
import software.amazon.awssdk.profiles.ProfileProperty;

/**
 * Whether the user has chosen the S3 client's checksum behaviour themselves, the way the SDK
 * looks for it: the system property ({@code aws.requestChecksumCalculation},
 * {@code aws.responseChecksumValidation}), the environment variable
 * ({@code AWS_REQUEST_CHECKSUM_CALCULATION}, {@code AWS_RESPONSE_CHECKSUM_VALIDATION}) or the
 * active profile's {@code request_checksum_calculation} / {@code response_checksum_validation}.
 *
 * <p>Why it matters: since 2.30 the SDK sends every upload as {@code aws-chunked} with a trailing
 * CRC32 and asks for checksums on downloads ({@code WHEN_SUPPORTED}). Amazon S3 accepts that;
 * several S3-compatible servers do not (Ceph RGW answers 400 XAmzContentSHA256Mismatch to every
 * PutObject). The AWS "Data integrity protections for Amazon S3" page says third-party
 * implementations may not support it and names {@code WHEN_REQUIRED} for both settings as the way
 * out. So when an S3 endpoint override is in effect and the user chose nothing, {@link AwsClients}
 * uses {@code WHEN_REQUIRED} for both; against AWS (no override) the SDK's default stays.
 *
 * <p>Even without a trailer, over plain HTTP the SDK signs an upload in aws-chunked form, and it
 * marks that by adding a second {@code Content-Encoding: aws-chunked} header line to the object's
 * own one: a checkpoint part ({@code Content-Encoding: gzip}) goes out with both lines and is
 * signed as {@code content-encoding:gzip,aws-chunked}. Ceph RGW 16 keeps only the last line
 * ({@code aws-chunked}), computes another signature and answers 403 (SignatureDoesNotMatch,
 * err_no -2027) to every such PUT. So with an endpoint override {@link AwsClients} also turns
 * chunked encoding off: the body is signed whole ({@code x-amz-content-sha256} is its SHA-256 over
 * HTTP, {@code UNSIGNED-PAYLOAD} over HTTPS), the plain SigV4 form every S3-compatible server
 * takes, and an object's {@code Content-Encoding} reaches the server as the one header line it is.
 * This is independent of the user's checksum choice (a checksum then travels in a header).
 */
record ChecksumDefaults(Map<String, String> environment, Properties systemProperties,
        Supplier<Optional<Profile>> profile) {

    /** What the SDK itself reads: this process's environment, system properties and active profile. */
    static ChecksumDefaults ofThisProcess() {
        return new ChecksumDefaults(System.getenv(), System.getProperties(), ChecksumDefaults::activeProfile);
    }

    boolean requestCalculationChosen() {
        return chosen(SdkSystemSetting.AWS_REQUEST_CHECKSUM_CALCULATION, ProfileProperty.REQUEST_CHECKSUM_CALCULATION);
    }

    boolean responseValidationChosen() {
        return chosen(SdkSystemSetting.AWS_RESPONSE_CHECKSUM_VALIDATION, ProfileProperty.RESPONSE_CHECKSUM_VALIDATION);
    }

    private boolean chosen(SdkSystemSetting setting, String profileProperty) {
        return present(systemProperties.getProperty(setting.property()))
                || present(environment.get(setting.environmentVariable()))
                || profile.get().flatMap(p -> p.property(profileProperty)).filter(ChecksumDefaults::present).isPresent();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** The profile the SDK's clients read their settings from (AWS_PROFILE / aws.profile, else default). */
    private static Optional<Profile> activeProfile() {
        try {
            String name = ProfileFileSystemSetting.AWS_PROFILE.getStringValue().orElse("default");
            return ProfileFile.defaultProfileFile().profile(name);
        } catch (RuntimeException e) {
            // An unreadable profile file chooses nothing here; the SDK reports it where it matters.
            return Optional.empty();
        }
    }
}
